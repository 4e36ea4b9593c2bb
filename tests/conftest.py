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


def pytest_collection_modifyitems(items):
    """A transactional test empties the database when it ends, taking the groups, indicators
    and contacts that data migrations created with it; the next transactional test would find
    none. Give every transactional test Django's serialized rollback, which puts them back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        fixtures = set(getattr(item, "fixturenames", ()))
        if kwargs.get("transaction") or fixtures & {"live_server", "transactional_db"}:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


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
def second_lead(db):
    return UserFactory(username="lead_b", role=roles.LEAD)


@pytest.fixture
def duty_manager(db):
    return UserFactory(username="duty_manager", role=roles.DUTY_MANAGER)


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
