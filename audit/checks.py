"""`manage.py check --deploy`: the web and worker must not run as a role that could rewrite the
audit trail. The audit table's trigger refuses UPDATE and DELETE, but the table's owner (or a
superuser) can disable the trigger, and TRUNCATE does not fire it. README, "Production database
roles", gives the SQL for a migration role that owns the tables and an application role that
may only use them."""

from django.core.checks import Error, Info, Tags, register
from django.db import DatabaseError, connections

AUDIT_TABLE = "cse_portal_auditevent"
ROLE_QUESTION = """
SELECT r.rolsuper,
       pg_catalog.pg_get_userbyid(c.relowner) = current_user,
       has_table_privilege(c.oid, 'TRUNCATE'),
       current_user
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_roles r ON r.rolname = current_user
WHERE c.oid = to_regclass(%s)
"""


@register(Tags.security, deploy=True)
def audit_table_role_check(app_configs=None, **kwargs):
    return database_role_messages(connections["default"])


def database_role_messages(connection) -> list:
    if connection.vendor != "postgresql":
        return []
    try:
        with connection.cursor() as cursor:
            cursor.execute(ROLE_QUESTION, [AUDIT_TABLE])
            row = cursor.fetchone()
    except DatabaseError:
        return [_not_checked("the database could not be reached")]
    if row is None:
        return [_not_checked("the audit table does not exist yet (run migrate first)")]
    superuser, owner, can_truncate, role = row
    problems = [
        text
        for flag, text in [
            (superuser, "is a superuser"),
            (owner, f"owns {AUDIT_TABLE}"),
            (can_truncate and not superuser and not owner, f"may TRUNCATE {AUDIT_TABLE}"),
        ]
        if flag
    ]
    if not problems:
        return []
    return [
        Error(
            f"The application's database role {role!r} {' and '.join(problems)}, so it could "
            "disable the audit trail's append-only trigger or empty the table.",
            hint="Run the web and worker as an application role granted only what README "
            '"Production database roles" lists; run migrations as the owner role.',
            id="audit.E001",
        )
    ]


def _not_checked(reason: str) -> Info:
    return Info(
        f"The database role was not checked: {reason}. Run `manage.py check --deploy` where "
        "the production database is reachable, with the application's DATABASE_URL.",
        id="audit.I001",
    )
