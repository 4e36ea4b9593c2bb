from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"

    def ready(self):
        from . import receivers  # noqa: F401 - connects to referrals' signals
