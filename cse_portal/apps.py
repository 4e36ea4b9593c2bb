from django.apps import AppConfig


class CsePortalConfig(AppConfig):
    name = "cse_portal"
    verbose_name = "Audit and roles"
