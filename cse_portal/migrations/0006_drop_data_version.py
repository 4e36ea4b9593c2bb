"""The page cache is gone (issue 12): drop the data versions of 0005 with their triggers,
function and sequence. Nothing is kept or put back: the reverse leaves the empty table that
0005's model state expects, and no triggers."""

from django.db import migrations

TABLES = [
    "concerns_child",
    "concerns_concern",
    "concerns_answer",
    "concerns_addendum",
    "concerns_bandoverride",
    "referrals_referral",
    "auth_user",
    "auth_group",
    "auth_user_groups",
    "auth_group_permissions",
    "auth_user_user_permissions",
    "auth_permission",
    "indicators_indicator",
    "indicators_indicatorversion",
    "indicators_scoringpolicy",
    "referrals_contact",
    "referrals_officehours",
    "referrals_outcome",
    "referrals_remindertimings",
]


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS cse_portal_data_version ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS cse_portal_bump_data_version();")
    schema_editor.execute("DROP SEQUENCE IF EXISTS cse_portal_dataversion_seq;")


class Migration(migrations.Migration):
    dependencies = [("cse_portal", "0005_data_version")]
    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
    ]
