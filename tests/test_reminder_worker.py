"""A real Celery worker, on the Redis broker, sends reminders: through the sweep beat runs each
minute, and through the fast path queued when an urgent concern is filed."""

import datetime

import pytest
import time_machine

from cse_portal import celery_app
from referrals.models import Notification
from referrals.tasks import notify_urgent, sweep_reminders

from .factories import HIGH_ANSWERS, file_test_concern
from .forms import intake_post
from .reminder_support import (
    CHILD,
    NARRATIVE,
    assert_no_child_data,
    recipients,
    running_worker,
    sweep_and_wait,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)
LEAD_ADDRESSES = ["lead_a@example.invalid", "lead_b@example.invalid"]


@pytest.fixture
def worker():
    with running_worker() as running:
        yield running


def test_worker_sweep_sends_reminders_that_fell_due_while_nobody_was_sweeping(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    two_hours_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)
    with time_machine.travel(two_hours_ago, tick=False):
        concern = file_test_concern(
            filed_by=practitioner, answers=HIGH_ANSWERS, child=CHILD, narrative=NARRATIVE
        )
    # Drop the fast-path message queued at filing, so only the sweep can send.
    celery_app.control.purge()

    with running_worker():
        sweep_reminders.delay()
        # urgent filed and not-acknowledged to 2 leads each; escalation to them and 1 manager.
        assert wait_for(lambda: Notification.objects.count() == 7)
        assert sweep_and_wait() == 0

    assert concern.reminders.filter(sent_at__isnull=True).count() == 0
    assert len(mailoutbox) == 7
    urgent = [m for m in mailoutbox if m.subject.startswith("Urgent concern")]
    assert all("waiting 2\xa0hours" in message.body for message in urgent)
    for message in mailoutbox:
        assert concern.reference in message.subject
        assert_no_child_data(message)


def test_urgent_concern_filed_on_the_web_reaches_leads_at_the_workers_next_sweep(
    practitioner_client, lead, second_lead, mailoutbox, worker
):
    response = practitioner_client.post("/concerns/new/", intake_post(HIGH_ANSWERS), follow=True)
    assert response.status_code == 200

    sweep_reminders.delay()  # what beat does every REMINDER_SWEEP_SECONDS

    assert wait_for(lambda: Notification.objects.count() == 2)
    assert recipients(mailoutbox) == LEAD_ADDRESSES
    assert all(message.subject.startswith("Urgent concern") for message in mailoutbox)


def test_a_fast_path_task_left_in_the_queue_and_sweeps_together_send_once(
    practitioner, lead, second_lead, mailoutbox, worker
):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    notify_urgent.delay(concern.pk)  # queued before filings stopped publishing
    sweep_reminders.delay()
    sweep_reminders.delay()

    sweep_and_wait()

    assert wait_for(lambda: Notification.objects.count() == 2)
    assert recipients(mailoutbox) == LEAD_ADDRESSES
