"""Forget usernames that name no account from django-axes' records. Before the lockout policy
in cse_portal.lockout, axes stored whatever was typed into the username box, which is often a
password. From now on such a username is stored only as a keyed digest ("unknown:…")."""

from django.db import migrations


def forget_unknown_usernames(apps, schema_editor):
    known = apps.get_model("auth", "User").objects.values("username")
    for name in ("AccessAttempt", "AccessFailureLog"):
        records = apps.get_model("axes", name).objects.exclude(username__in=known)
        records.exclude(username__startswith="unknown:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cse_portal", "0007_retention_75_years"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forget_unknown_usernames, migrations.RunPython.noop)]
