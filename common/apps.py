from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Building blocks every app shares and none owns: the GOV.UK form base, dates, paging,
    the configuration cache, database limits and the template filters."""

    name = "common"
    verbose_name = "Shared building blocks"

    def ready(self):
        from .config_cache import connect_receivers

        connect_receivers()
