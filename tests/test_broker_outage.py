"""When Redis is down or hung, filing still works, nothing is lost, and nothing is sent twice.

No web request publishes to the broker: filing an urgent concern records its reminders and the
sweep sends them, so a hung broker cannot hold a request (or the requests queued behind it).
The health check does ask the broker, bounded by `settings.BROKER_MAX_WAIT_SECONDS`.
"""

import socket
import time

import pytest

from concerns.models import Concern
from referrals.models import Notification
from referrals.reminders import reminders_sweep
from referrals.tasks import sweep_reminders

from .factories import HIGH_ANSWERS
from .forms import intake_post
from .reminder_support import (
    RedisServer,
    SilentBroker,
    broker_at,
    recipients,
    running_worker,
    sweep_and_wait,
)

pytestmark = pytest.mark.django_db(transaction=True)
NEW = "/concerns/new/"


def free_port() -> int:
    """A port nothing listens on now, so parallel runs on one machine don't collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis():
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


def file_urgent_concern(client):
    started = time.monotonic()
    response = client.post(NEW, intake_post(HIGH_ANSWERS), follow=True)
    return response, time.monotonic() - started


def test_filing_while_redis_is_down_succeeds_and_leads_are_told_once_redis_returns(
    practitioner_client, lead, second_lead, mailoutbox, own_redis, settings
):
    with broker_at(own_redis.url):
        sweep_reminders.delay()  # connected once; then Redis goes away
        own_redis.stop()

        response, _ = file_urgent_concern(practitioner_client)

        concern = Concern.objects.get()
        assert response.status_code == 200
        assert concern.reference in response.text
        assert response.redirect_chain[-1][0] == f"/concerns/{concern.reference}/filed/"
        assert concern.referral.status == "awaiting"
        assert Notification.objects.count() == 0

        own_redis.start()
        with running_worker():
            assert sweep_and_wait() == 1
            assert sweep_and_wait() == 0

    assert recipients(mailoutbox) == ["lead_a@example.invalid", "lead_b@example.invalid"]
    assert Notification.objects.filter(reminder__concern=concern).count() == 2


def test_filing_an_urgent_concern_never_asks_a_broker_that_never_answers(
    practitioner_client, lead, mailoutbox, settings
):
    with SilentBroker() as broker, broker_at(broker.url):
        response, _ = file_urgent_concern(practitioner_client)
        asked_the_broker = bool(broker.held)

    assert response.status_code == 200
    concern = Concern.objects.get()
    assert concern.reference in response.text
    assert not asked_the_broker
    # The sweep delivers.
    assert mailoutbox == []
    assert reminders_sweep() == 1
    assert recipients(mailoutbox) == ["lead_a@example.invalid"]


def test_a_broker_that_hangs_after_connecting_does_not_hold_up_filing(
    practitioner_client, lead, mailoutbox, settings, own_redis
):
    with broker_at(own_redis.url):
        sweep_reminders.delay()  # a pooled connection, which then stops answering
        own_redis.freeze()
        response, _ = file_urgent_concern(practitioner_client)

    assert response.status_code == 200
    assert Concern.objects.get().reference in response.text
    assert reminders_sweep() == 1
    assert recipients(mailoutbox) == ["lead_a@example.invalid"]


def test_health_check_reports_the_broker_down_without_hanging(client, settings, own_redis):
    settings.CELERY_BROKER_URL = own_redis.url
    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}
    own_redis.stop()

    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < settings.BROKER_MAX_WAIT_SECONDS
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down"}


def test_health_check_reports_a_hung_broker_without_hanging(client, settings):
    with SilentBroker() as broker:
        settings.CELERY_BROKER_URL = broker.url
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started

    assert elapsed < settings.BROKER_MAX_WAIT_SECONDS
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
