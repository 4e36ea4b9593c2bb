"""Production database roles (trust issue item 6), against real PostgreSQL with real roles.

The grants are the ones docs/database-roles.sql (and the README) give. Roles are cluster-wide,
so each test makes its own, commits (another connection must see the grants) and drops them."""

import uuid
from pathlib import Path

import pytest
from django.core import checks
from django.db import DatabaseError, connection, connections

from audit.checks import AUDIT_TABLE, database_role_messages

pytestmark = pytest.mark.django_db(transaction=True)
SQL = Path(__file__).resolve().parent.parent / "docs" / "database-roles.sql"
AFTER_MIGRATE = "-- After every `manage.py migrate`"
PASSWORD = "a-test-only-role-password"  # noqa: S105


def _after_migrate_grants(app_role: str) -> list[str]:
    text = SQL.read_text().split(AFTER_MIGRATE, 1)[1].split("\n", 1)[1]
    statements = [line for line in text.splitlines() if line and not line.startswith("--")]
    return [statement.replace("cse_app", app_role) for statement in statements]


def _sql(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.fixture
def make_role():
    made = []

    def make(kind: str) -> str:
        name = f"cse_test_{kind}_{uuid.uuid4().hex[:8]}"
        _sql(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
        made.append(name)
        return name

    yield make
    for name in made:
        _sql(f"REASSIGN OWNED BY {name} TO CURRENT_USER", f"DROP OWNED BY {name}")
        _sql(f"DROP ROLE {name}")


@pytest.fixture
def connect_as():
    opened = []

    def connect(role: str):
        settings_dict = {**connection.settings_dict, "USER": role, "PASSWORD": PASSWORD}
        wrapper = type(connections["default"])(settings_dict, alias=f"as_{role}")
        opened.append(wrapper)
        return wrapper

    yield connect
    for wrapper in opened:
        wrapper.close()


def _run(wrapper, statement: str) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute(statement)


def test_the_documented_application_role_passes_the_deploy_check(make_role, connect_as):
    app = make_role("app")
    _sql(f"GRANT USAGE ON SCHEMA public TO {app}", *_after_migrate_grants(app))

    assert database_role_messages(connect_as(app)) == []


def test_the_documented_application_role_can_add_to_the_audit_trail_but_not_empty_it(
    make_role, connect_as
):
    app = make_role("app")
    _sql(f"GRANT USAGE ON SCHEMA public TO {app}", *_after_migrate_grants(app))
    as_app = connect_as(app)

    _run(
        as_app,
        f"INSERT INTO {AUDIT_TABLE} (at, actor_username, action, object_type, object_ref, "  # noqa: S608
        "detail) VALUES (now(), 'x', 'test.inserted', '', '', '{}')",
    )
    for statement in [
        f"TRUNCATE {AUDIT_TABLE}",
        f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER",
        f"DELETE FROM {AUDIT_TABLE}",  # noqa: S608
    ]:
        with pytest.raises(DatabaseError, match="permission denied|must be owner"):
            _run(as_app, statement)


def test_the_deploy_check_fails_when_the_app_role_owns_the_audit_table(make_role, connect_as):
    owner = make_role("owner")
    _sql(f"GRANT USAGE ON SCHEMA public TO {owner}", f"ALTER TABLE {AUDIT_TABLE} OWNER TO {owner}")

    (error,) = database_role_messages(connect_as(owner))

    assert error.id == "audit.E001"
    assert f"owns {AUDIT_TABLE}" in error.msg


def test_the_deploy_check_fails_when_the_app_role_may_truncate_the_audit_table(
    make_role, connect_as
):
    app = make_role("app")
    _sql(f"GRANT USAGE ON SCHEMA public TO {app}", f"GRANT TRUNCATE ON {AUDIT_TABLE} TO {app}")

    (error,) = database_role_messages(connect_as(app))

    assert error.id == "audit.E001"
    assert f"may TRUNCATE {AUDIT_TABLE}" in error.msg


def test_the_deploy_check_fails_for_a_superuser_such_as_the_default_postgres_role():
    errors = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert "audit.E001" in [error.id for error in errors]


def test_the_deploy_check_says_it_could_not_check_when_the_database_is_unreachable():
    settings_dict = {**connection.settings_dict, "NAME": "cse_no_such_database"}
    wrapper = type(connections["default"])(settings_dict, alias="missing")

    (message,) = database_role_messages(wrapper)

    assert message.id == "audit.I001"
    assert not message.is_serious()


def test_the_readme_gives_the_same_sql():
    readme = (SQL.parent.parent / "README.md").read_text()
    statements = [line for line in SQL.read_text().splitlines() if line and line[:2] != "--"]

    assert all(statement in readme for statement in statements)
