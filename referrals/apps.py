from django.apps import AppConfig, apps


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals, contacts and reminders"

    def ready(self):
        # The sectioned intake asks "Have you already contacted MASH, the EDT or the police?"
        # on its "About you" page; intake knows nothing of this app.
        if apps.is_installed("intake"):
            from .intake_section import register

            register()
