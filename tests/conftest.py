import os

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from cse_portal import roles  # noqa: E402

from .factories import PASSWORD, UserFactory  # noqa: E402

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def practitioner(db):
    return UserFactory(username="practitioner_a", role=roles.PRACTITIONER)


@pytest.fixture
def other_practitioner(db):
    return UserFactory(username="practitioner_b", role=roles.PRACTITIONER)


@pytest.fixture
def lead(db):
    return UserFactory(username="lead_a", role=roles.LEAD)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin_a", role=roles.ADMIN)


@pytest.fixture
def password():
    return PASSWORD


def sign_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def practitioner_client(client, practitioner):
    return sign_in(client, practitioner)


@pytest.fixture
def lead_client(client, lead):
    return sign_in(client, lead)


# --- transactional tests keep the reference data ------------------------------------------
#
# A transactional test (threads, live server, Celery worker) empties the database when it ends,
# including what the data migrations put there: roles, indicators, contacts. Django restores it
# from a serialized copy for tests marked serialized_rollback, so every transactional test gets
# that mark. Django keeps the copy on the connection object, and Playwright's sync API switches
# to a new context in which `connections` hands out fresh connection objects, so the copy is
# carried across to whichever connection object is current when a test's database is set up.

_SERIALIZED_CONTENTS = {}


def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None or not marker.kwargs.get("transaction"):
            continue
        kwargs = {**marker.kwargs, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname == "_django_db_helper":
        _carry_serialized_contents()
    yield


def _carry_serialized_contents():
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            _SERIALIZED_CONTENTS[alias] = contents
        elif alias in _SERIALIZED_CONTENTS:
            connection._test_serialized_contents = _SERIALIZED_CONTENTS[alias]
