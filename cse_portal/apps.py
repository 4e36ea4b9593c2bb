from django.apps import AppConfig


class CsePortalConfig(AppConfig):
    name = "cse_portal"
    verbose_name = "Audit and roles"

    def ready(self):
        from . import auth_audit  # noqa: F401  (connects the sign-in audit receivers)
        from .config_cache import connect_receivers

        connect_receivers()
