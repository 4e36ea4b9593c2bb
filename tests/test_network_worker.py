"""A real Celery worker on Redis sends the leads' alert when a new concern names a known
entity: at once after filing, or by the sweep when the fast path was lost."""

import pytest

from cse_portal import celery_app
from network.models import EntityAlert
from network.tasks import sweep_entity_alerts

from .network_support import file_naming, vehicle
from .reminder_support import running_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
CHILD_DATA = ("Jamie", "Riley", "Example", "Sample", "AB12", "Astra", "kebab", "Fore Street")


def _no_child_or_entity_data(message):
    for text in [message.subject, message.body] + [body for body, _ in message.alternatives]:
        for detail in CHILD_DATA:
            assert detail.lower() not in text.lower(), detail


def test_the_worker_alerts_the_leads_as_soon_as_the_second_concern_is_filed(
    practitioner, other_practitioner, lead, second_lead, mailoutbox
):
    with running_worker():
        file_naming(filed_by=practitioner, entities=[vehicle("ab12cde")])
        second = file_naming(
            filed_by=other_practitioner,
            first_name="Riley",
            last_name="Sample",
            entities=[vehicle("AB12 CDE")],
        )
        assert wait_for(lambda: EntityAlert.objects.filter(sent_at__isnull=False).exists())
    assert sorted(m.to[0] for m in mailoutbox) == [lead.email, second_lead.email]
    for message in mailoutbox:
        assert second.reference in message.subject
        assert "appears in 1 other concern about 1 other child" in message.body
        _no_child_or_entity_data(message)


def test_the_sweep_sends_an_alert_whose_fast_path_was_lost(
    practitioner, other_practitioner, lead, mailoutbox
):
    file_naming(filed_by=practitioner, entities=[vehicle()])
    file_naming(filed_by=other_practitioner, first_name="Riley", entities=[vehicle()])
    celery_app.control.purge()  # the message queued at filing is lost
    with running_worker():
        assert sweep_entity_alerts.apply_async(ignore_result=False).get(timeout=30) == 1
    assert len(mailoutbox) == 1
