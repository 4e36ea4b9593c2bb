"""The audit trail is append-only at the database: PostgreSQL refuses UPDATE and DELETE on it.

TRUNCATE is left alone: Django's test runner and `manage.py flush` empty tables with it. In
production the application's database role should also lack TRUNCATE (and the table should be
owned by another role, so that the application cannot drop this trigger).
SQLite (the embedded default) gets no trigger.
"""

from django.db import migrations

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

REMOVE = """
DROP TRIGGER IF EXISTS cse_portal_auditevent_append_only ON cse_portal_auditevent;
DROP FUNCTION IF EXISTS cse_portal_auditevent_refuse_change();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE, params=None)


class Migration(migrations.Migration):
    dependencies = [("cse_portal", "0003_retention_policy")]
    operations = [migrations.RunPython(install, remove)]
