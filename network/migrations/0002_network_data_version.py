"""The network's tables change the case-work data version (see cse_portal 0005 and
cse_portal.pagecache): the concern page and the dashboard show what they hold."""

from django.db import migrations

TABLES = ("network_entity", "network_entitylink", "network_possiblematch", "network_entityalert")
CONTENT = 1
TRIGGER = """
CREATE TRIGGER cse_portal_data_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION cse_portal_bump_data_version({kind});
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table, kind=CONTENT), params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS cse_portal_data_version ON {table};")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_network"),
        ("cse_portal", "0005_data_version"),
    ]
    operations = [migrations.RunPython(install, remove)]
