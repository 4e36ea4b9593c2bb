from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record
from .models import AuditEvent, RetentionPolicy


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


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(AuditedAdmin):
    """One row: add it once, then change it. `manage.py purge_expired` reads it."""

    list_display = ["__str__", "changed_at"]
    fields = ["closed_concern_retention_days"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RetentionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


# Users, roles, lockouts and two-factor devices are configuration too: audit their changes.
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit_record(
                    action="config.password_set",
                    request=request,
                    object_type="user",
                    object_id=int(id),
                    object_ref=str(id),
                )
        return response


class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass


class AuditedAccessAttemptAdmin(AuditedAdmin, AccessAttemptAdmin):
    """Deleting a user's access attempts here unlocks them."""


class AuditedTOTPDeviceAdmin(AuditedAdmin, TOTPDeviceAdmin):
    """Deleting a lead's authenticator here lets them enrol a new one at their next sign-in."""


class AuditedStaticDeviceAdmin(AuditedAdmin, StaticDeviceAdmin):
    pass


for model, model_admin in [
    (User, AuditedUserAdmin),
    (Group, AuditedGroupAdmin),
    (AccessAttempt, AuditedAccessAttemptAdmin),
    (TOTPDevice, AuditedTOTPDeviceAdmin),
    (StaticDevice, AuditedStaticDeviceAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
