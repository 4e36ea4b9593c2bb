from django.apps import AppConfig, apps


class NetworkConfig(AppConfig):
    """People, vehicles, places, phones and accounts named in concerns, and what links them.

    Depends on concerns (and on referrals for the email machinery), never the other way:
    the concern page's view calls network.selectors, nothing in concerns' models, services or
    selectors imports this app."""

    name = "network"

    def ready(self):
        # The sectioned intake (its own app) takes extra sections; this adds people, vehicles,
        # places, phones and accounts after "What happened". Without it there is no section.
        if apps.is_installed("intake"):
            from .intake_section import register

            register()
