"""RetentionPolicy moves from cse_portal to concerns, whose records it deletes. Its table
keeps its name (cse_portal_retentionpolicy): only Django's idea of its owner changes."""

import django.core.validators
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and the roles holding them follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cse_portal", model="retentionpolicy").update(app_label="concerns")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="concerns", model="retentionpolicy").update(app_label="cse_portal")


def grant_admin(apps, schema_editor):
    """The Admin role keeps ["view_retentionpolicy", "change_retentionpolicy"]; tests/reference_data.py calls this after a flush."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="concerns", model="retentionpolicy")
    admin, _ = Group.objects.get_or_create(name="Admin")
    for codename in ["view_retentionpolicy", "change_retentionpolicy"]:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": "Can " + codename.replace("_", " ", 1)},
        )
        admin.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("concerns", "0008_child_identity"),
        ("cse_portal", "0008_forget_unknown_usernames"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RetentionPolicy",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("closed_concern_retention_days", models.PositiveIntegerField()),
                        ("changed_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={"db_table": "cse_portal_retentionpolicy"},
                ),
                migrations.AlterModelOptions(
                    name='retentionpolicy',
                    options={'verbose_name': 'retention policy', 'verbose_name_plural': 'retention policy'},
                ),
                migrations.AlterField(
                    model_name='retentionpolicy',
                    name='closed_concern_retention_days',
                    field=models.PositiveIntegerField(default=27394, help_text="Counted from the child's date of birth or the concern's last change, whichever is later. 27,394 days is 75 years, as the Independent Inquiry into Child Sexual Abuse (2022) recommends for records of child sexual abuse. A concern is never deleted while the child has any concern still open.", validators=[django.core.validators.MinValueValidator(30, 'Keep closed concerns for at least 30 days')], verbose_name='keep closed concerns for (days)'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.RunPython(grant_admin, migrations.RunPython.noop),
    ]
