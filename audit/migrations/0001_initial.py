"""AuditEvent moves from cse_portal to this app. Its table keeps its name
(cse_portal_auditevent) and its rows; the append-only trigger first installed by
cse_portal's migration 0004 is installed again here, so this app owns that rule."""

from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and the roles holding them follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="cse_portal", model="auditevent").update(app_label="audit")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditevent").update(app_label="cse_portal")


def grant_admin(apps, schema_editor):
    """The Admin role keeps ["view_auditevent"]; tests/reference_data.py calls this after a flush."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="audit", model="auditevent")
    admin, _ = Group.objects.get_or_create(name="Admin")
    for codename in ["view_auditevent"]:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": "Can " + codename.replace("_", " ", 1)},
        )
        admin.permissions.add(permission)


INSTALL = """
CREATE OR REPLACE FUNCTION cse_portal_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on cse_portal_auditevent is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS cse_portal_auditevent_append_only ON cse_portal_auditevent;
CREATE TRIGGER cse_portal_auditevent_append_only
    BEFORE UPDATE OR DELETE ON cse_portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION cse_portal_auditevent_refuse_change();
"""


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cse_portal", "0008_forget_unknown_usernames"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("actor_username", models.CharField(blank=True, max_length=150)),
                        ("action", models.CharField(max_length=64)),
                        ("object_type", models.CharField(blank=True, max_length=32)),
                        ("object_id", models.BigIntegerField(blank=True, null=True)),
                        ("object_ref", models.CharField(blank=True, max_length=32)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        ("actor", models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-at", "-id"], "db_table": "cse_portal_auditevent"},
                ),
                migrations.AddIndex(
                    model_name='auditevent',
                    index=models.Index(fields=['object_type', 'object_id', '-at'], name='cse_portal__object__664054_idx'),
                ),
                migrations.AddIndex(
                    model_name='auditevent',
                    index=models.Index(fields=['object_type', 'object_ref', '-at'], name='audit_object_ref_at'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.RunPython(grant_admin, migrations.RunPython.noop),
        migrations.RunPython(append_only, migrations.RunPython.noop),
    ]
