from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and who may do what: roles, two-factor, lockout, sessions, user admin."""

    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from . import signin_audit  # noqa: F401  (connects the sign-in audit receivers)
