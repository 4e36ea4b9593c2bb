from django.contrib import admin
from django.db import transaction

from .models import AuditEvent
from .services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """Configuration changes made in the admin are written to the audit trail."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            self._audit(
                request,
                obj,
                "config.changed" if change else "config.added",
                sorted(form.changed_data),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._audit(request, obj, "config.deleted", [])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "config.deleted", [])
            super().delete_queryset(request, queryset)

    def _audit(self, request, obj, action, fields):
        audit_record(
            action=action,
            request=request,
            object_type=obj._meta.model_name,
            object_id=obj.pk,
            object_ref=str(obj.pk),
            detail={"fields": fields},
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable by admins; it holds references and ids, never concern content."""

    list_display = ["at", "actor_username", "action", "object_type", "object_ref", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_ref", "action", "ip_address"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
