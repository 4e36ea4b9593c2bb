from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import RetentionPolicy


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AuditedAdmin):
    """One row: add it once, then change it. `manage.py purge_expired` reads it."""

    list_display = ["__str__", "changed_at"]
    fields = ["closed_concern_retention_days"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RetentionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
