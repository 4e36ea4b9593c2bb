from django.apps import AppConfig


class CsePortalConfig(AppConfig):
    """The project package: settings, urls, the Celery app, middleware and the error pages.
    It is an installed app only for its migration history (the audit and retention tables
    were first made here; migration 0009 hands them to the audit and concerns apps)."""

    name = "cse_portal"
    verbose_name = "Project"
