from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts import services as accounts
from audit.admin import AuditedAdmin
from audit.services import audit_record


# Users, roles, lockouts and two-factor devices are configuration too: audit their changes.
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Admins manage accounts, never their own access to case content: they cannot change
    their own roles, and no one makes a superuser here (only `manage.py createsuperuser`)."""

    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "groups"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]
    OWN_ROLE_FIELDS = ["is_active", "is_staff", "groups"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A superuser (made on the command line) holds every permission anyway, and must be
        # able to switch their own first account off once named accounts exist.
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            readonly += self.OWN_ROLE_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # An admin who could set a superuser's password could sign in as them.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_superuser or obj.pk == request.user.pk):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        was_active = change and type(obj).objects.filter(pk=obj.pk, is_active=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            accounts.user_deactivated(request=request, user=obj)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = set(user.groups.values_list("name", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        accounts.user_roles_record(request=request, user=user, before=before, after=after)
        if roles.LEAD in after and user.is_active and not user.email:
            messages.warning(
                request,
                f"{user.get_username()} is a safeguarding lead with no email address: reminders "
                "and urgent alerts cannot reach them. Add their email address.",
            )

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
    """Roles are defined by migrations. Adding a permission to the Admin role would be an admin
    giving themselves access to case content, so only a superuser may change one."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


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
