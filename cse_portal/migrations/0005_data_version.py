"""The data version: three rows, each changed by a statement-level trigger on the tables whose
rows a cached page or lookup can show (see cse_portal.pagecache). PostgreSQL only: the
embedded default (SQLite) gets the table but no triggers, and caches nothing.

Reminders and notifications are left out on purpose: no page shows them, and the reminder
sweep writes them often. Audit events, sessions and lockout records are never shown cached.
A table added later must be added here too: tests/test_pagecache.py fails until it is."""

from django.db import migrations, models

# Three numbers, so that a change to one kind of data leaves what depends only on the others
# cached: row 1 for case work, row 2 for people and roles, row 3 for configuration. Each of the
# application's transactions writes one kind, so none takes two of these row locks.
CONTENT, PEOPLE, CONFIGURATION = 1, 2, 3
TABLES = {
    "concerns_child": CONTENT,
    "concerns_concern": CONTENT,
    "concerns_answer": CONTENT,
    "concerns_addendum": CONTENT,
    "concerns_bandoverride": CONTENT,
    "referrals_referral": CONTENT,
    "auth_user": PEOPLE,
    "auth_group": PEOPLE,
    "auth_user_groups": PEOPLE,
    "auth_group_permissions": PEOPLE,
    "auth_user_user_permissions": PEOPLE,
    "auth_permission": PEOPLE,
    "indicators_indicator": CONFIGURATION,
    "indicators_indicatorversion": CONFIGURATION,
    "indicators_scoringpolicy": CONFIGURATION,
    "referrals_contact": CONFIGURATION,
    "referrals_officehours": CONFIGURATION,
    "referrals_outcome": CONFIGURATION,
    "referrals_remindertimings": CONFIGURATION,
}

FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS cse_portal_dataversion_seq;
CREATE OR REPLACE FUNCTION cse_portal_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cse_portal_dataversion (id, version)
    VALUES (TG_ARGV[0]::bigint, nextval('cse_portal_dataversion_seq'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END;
$$;
INSERT INTO cse_portal_dataversion (id, version)
SELECT kind, nextval('cse_portal_dataversion_seq') FROM (VALUES (1), (2), (3)) AS kinds (kind)
ON CONFLICT (id) DO NOTHING;
"""

TRIGGER = """
CREATE TRIGGER cse_portal_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION cse_portal_bump_data_version({kind});
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, kind in TABLES.items():
        schema_editor.execute(TRIGGER.format(table=table, kind=kind), params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS cse_portal_data_version ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS cse_portal_bump_data_version();")
    schema_editor.execute("DROP SEQUENCE IF EXISTS cse_portal_dataversion_seq;")


class Migration(migrations.Migration):
    dependencies = [
        ("cse_portal", "0004_audit_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("concerns", "0005_trend_index"),
        ("indicators", "0003_indicator_order"),
        ("referrals", "0003_referral_contacted_hub"),
    ]
    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, remove),
    ]
