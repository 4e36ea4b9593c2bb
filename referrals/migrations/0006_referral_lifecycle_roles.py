"""Duty managers may open referrals escalated to them; admins configure the rota and MASH email."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_MODELS = ["mashsettings", "dutyshift"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("referrals")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = original or True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="referrals")
    duty, _ = Group.objects.get_or_create(name="Duty manager")
    duty.permissions.add(*perms.filter(codename="open_escalated"))
    admin, _ = Group.objects.get_or_create(name="Admin")
    codenames = [f"{a}_{m}" for m in ADMIN_MODELS for a in ("view", "add", "change", "delete")]
    admin.permissions.add(*perms.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0005_referral_lifecycle"), ("cse_portal", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
