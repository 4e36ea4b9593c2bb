from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail: the event model, recording it and reading it back."""

    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check on the database role)
