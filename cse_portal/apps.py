from django.apps import AppConfig


class CsePortalConfig(AppConfig):
    name = "cse_portal"
    verbose_name = "Audit and roles"

    def ready(self):
        # Connects the sign-in audit receivers; registers the deploy check on the database role.
        from . import auth_audit, checks  # noqa: F401
        from .config_cache import connect_receivers

        connect_receivers()
