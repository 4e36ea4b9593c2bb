"""The audit trail now lives in the audit app and the retention policy in concerns: this
app keeps only its migration history. Nothing in the database changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cse_portal", "0008_forget_unknown_usernames"),
        ("audit", "0001_initial"),
        ("concerns", "0009_retention_policy_moved_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AuditEvent"),
                migrations.DeleteModel(name="RetentionPolicy"),
            ],
            database_operations=[],
        ),
    ]
