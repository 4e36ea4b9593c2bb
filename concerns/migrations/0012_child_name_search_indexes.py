from django.db import migrations

# The triage search (concerns.dashboard_selectors._search): each word begins the child's first
# or last name, in any case, which Django asks as UPPER(name) LIKE 'WORD%'. Without these the
# search read every child. text_pattern_ops: the database's collation is not C, so a plain
# index cannot answer LIKE. PostgreSQL only: the embedded default (SQLite) is small.
INDEXES = """
CREATE INDEX child_first_upper ON concerns_child (UPPER(first_name) text_pattern_ops);
CREATE INDEX child_last_upper ON concerns_child (UPPER(last_name) text_pattern_ops);
"""
UNDO = """
DROP INDEX child_first_upper;
DROP INDEX child_last_upper;
"""


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEXES)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNDO)


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0011_band_sort_indexes"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
