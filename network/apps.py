from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """People, vehicles, places, phones and accounts named in concerns, and what links them.

    Depends on concerns (and on referrals for the email machinery), never the other way:
    the concern page's view calls network.selectors, nothing in concerns' models, services or
    selectors imports this app."""

    name = "network"
