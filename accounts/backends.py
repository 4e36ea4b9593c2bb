"""Django's model backend, reading a user's permissions in one query instead of two.

Every signed-in page asks what role the user has (roles are groups carrying permissions), so
this is paid on every request. The answer is the same as ModelBackend's: the permissions given
to the user directly and through their groups; all of them for an active superuser; none for
an inactive user. It is cached on the user object for the request, as ModelBackend does, and
across requests in memory (common.config_cache), cleared by any change to users, groups or
permissions."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef, Q

from common.config_cache import remembered


class UserPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = remembered(
                f"permissions:{user_obj.pk}", lambda: _permission_names(user_obj)
            )
        return user_obj._perm_cache


def _permission_names(user) -> set[str]:
    if user.is_superuser:
        permissions = Permission.objects.all()
    else:
        direct = type(user).user_permissions.through.objects.filter(
            user_id=user.pk, permission_id=OuterRef("pk")
        )
        via_group = Group.permissions.through.objects.filter(
            group__user=user.pk, permission_id=OuterRef("pk")
        )
        permissions = Permission.objects.filter(Q(Exists(direct)) | Q(Exists(via_group)))
    rows = permissions.values_list("content_type__app_label", "codename").order_by()
    return {f"{app_label}.{codename}" for app_label, codename in rows}
