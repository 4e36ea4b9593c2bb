"""The roles, as groups carrying permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONFIG_MODELS = {
    "indicators": ["indicator", "scoringpolicy"],
    "referrals": ["contact", "officehours", "remindertimings", "outcome"],
    "auth": ["user", "group"],
    "axes": ["accessattempt", "accesslog", "accessfailurelog"],
    "otp_totp": ["totpdevice"],
    "otp_static": ["staticdevice"],
}


def _perm(Permission, app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        # Historical app configs have no models module, which create_permissions requires.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    practitioner, _ = Group.objects.get_or_create(name="Practitioner")
    practitioner.permissions.add(_perm(Permission, "concerns", "file_concern"))

    lead, _ = Group.objects.get_or_create(name="Safeguarding lead")
    lead.permissions.add(
        _perm(Permission, "concerns", "file_concern"),
        _perm(Permission, "concerns", "triage_concern"),
    )
    Group.objects.get_or_create(name="Duty manager")

    admin, _ = Group.objects.get_or_create(name="Admin")
    perms = []
    for app_label, models in CONFIG_MODELS.items():
        for model in models:
            for action in ("view", "add", "change", "delete"):
                perm = _perm(Permission, app_label, f"{action}_{model}")
                if perm is not None:
                    perms.append(perm)
    perms.append(_perm(Permission, "cse_portal", "view_auditevent"))
    admin.permissions.add(*[p for p in perms if p is not None])


class Migration(migrations.Migration):
    dependencies = [
        ("cse_portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0002_defaults"),
        ("concerns", "0001_initial"),
        ("referrals", "0002_defaults"),
        ("axes", "__latest__"),
        ("otp_totp", "__latest__"),
        ("otp_static", "__latest__"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
