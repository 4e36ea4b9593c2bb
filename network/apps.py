from django.apps import AppConfig, apps


class NetworkConfig(AppConfig):
    """People, vehicles, places, phones and accounts named in concerns, and what links them.

    Depends on concerns (and on referrals for the email machinery), never the other way: what
    it shows on their pages it adds through their extension points (network.pages)."""

    name = "network"

    def ready(self):
        from django.db.models.signals import post_delete

        from concerns import extensions

        from .clusters import link_deleted
        from .models import EntityLink
        from .pages import register as register_pages
        from .services import children_changed

        register_pages()
        # Clusters follow the links: merged or parted child records, deleted concerns.
        extensions.children_changed.connect(children_changed, dispatch_uid="network.children")
        post_delete.connect(link_deleted, sender=EntityLink, dispatch_uid="network.link_deleted")
        # The sectioned intake (its own app) takes extra sections; this adds people, vehicles,
        # places, phones and accounts after "What happened". Without it there is no section.
        if apps.is_installed("intake"):
            from .intake_section import register

            register()
