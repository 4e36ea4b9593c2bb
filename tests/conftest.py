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


# Transactional tests (browser tests, concurrency tests) end by emptying every table, which also
# removes the rows the data migrations put there (roles, indicators, contacts...). Django puts
# them back at the start of a test marked serialized_rollback=True: make that the default.
def pytest_collection_modifyitems(items):
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    # Playwright's sync API runs later tests in a new context, where Django opens new
    # connection objects that lack the snapshot Django took at setup: keep it on the class.
    from django.db import connections

    for connection in connections.all():
        snapshot = getattr(connection, "_test_serialized_contents", None)
        if snapshot is not None:
            type(connection)._test_serialized_contents = snapshot
