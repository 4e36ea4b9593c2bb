from django.contrib import admin

from audit.admin import AuditedAdmin

from .models import DraftPolicy

# Drafts themselves are not in the admin: they hold child data and belong to their author.


@admin.register(DraftPolicy)
class DraftPolicyAdmin(AuditedAdmin):
    """One row: add it once, then change it. Without it, drafts are kept for 30 days."""

    list_display = ["__str__", "changed_at"]
    fields = ["keep_days"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DraftPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
