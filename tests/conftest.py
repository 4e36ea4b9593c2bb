import os

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from accounts import roles  # noqa: E402
from common import config_cache

from .factories import PASSWORD, UserFactory  # noqa: E402
from .reference_data import ensure_reference_data  # noqa: E402

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


@pytest.fixture(autouse=True)
def reference_data_after_flush(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


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


@pytest.fixture(autouse=True)
def empty_config_cache():
    """Each test starts with no configuration or permissions remembered: the cache lives in
    this process's memory, and a test's rolled-back configuration must not reach the next."""
    config_cache.clear()


def pytest_collection_modifyitems(items):
    # A test that drives a page is a browser test even if unmarked, so `make test-fast` skips it.
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
