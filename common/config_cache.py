"""Configuration and permissions, read on nearly every request and changed rarely, kept in
each process's memory (the "config" cache in settings).

Nothing about children or concerns is kept here: only indicators, the scoring policy,
contacts, office hours, reminder timings and each user's permission names. Any save or delete
of those models, and any change to a user's groups or a group's permissions, clears the whole
cache of the process that made it (the receivers below, connected in CsePortalConfig.ready).
Other processes (the other web workers, the Celery worker) can keep the old value for at most
SECONDS, the lifetime of every entry."""

from django.core.cache import caches

CACHE = "config"
SECONDS = 60

# The models whose rows are kept here, as "app_label.ModelName".
CONFIGURATION_MODELS = (
    "indicators.Indicator",
    "indicators.IndicatorVersion",
    "indicators.ScoringPolicy",
    "referrals.Contact",
    "referrals.OfficeHours",
    "referrals.ReminderTimings",
    "referrals.Outcome",
)
# The models a user's permissions are read from.
PERMISSION_MODELS = ("auth.User", "auth.Group", "auth.Permission")


def remembered(key: str, compute):
    """`compute()`, kept under `key` for at most SECONDS or until the next clear()."""
    cache = caches[CACHE]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SECONDS)
    return value


def clear(**signal_arguments) -> None:
    # A sign-in saves the user's last_login, which changes no permission.
    if set(signal_arguments.get("update_fields") or ()) == {"last_login"}:
        return
    caches[CACHE].clear()


def connect_receivers() -> None:
    from django.apps import apps
    from django.contrib.auth.models import Group, User
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in CONFIGURATION_MODELS + PERMISSION_MODELS:
        model = apps.get_model(label)
        post_save.connect(clear, sender=model, dispatch_uid=f"config-cache-save-{label}")
        post_delete.connect(clear, sender=model, dispatch_uid=f"config-cache-delete-{label}")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(clear, sender=through, dispatch_uid=f"config-cache-m2m-{through}")
