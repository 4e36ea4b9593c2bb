"""A real Celery worker on Redis sends the leads' alert when a new concern names a known
entity: filing publishes nothing (a frozen broker must not hold up a request); the sweep,
which beat runs every REMINDER_SWEEP_SECONDS, sends it, once."""

import pytest

from network.alerts import alerts_sweep
from network.keys import EntityInput
from network.models import EntityAlert, PossibleMatch
from network.tasks import offer_possible_matches, sweep_entity_alerts

from .network_support import file_naming, vehicle
from .reminder_support import SilentBroker, broker_at, running_worker

pytestmark = pytest.mark.django_db(transaction=True)
CHILD_DATA = ("Jamie", "Riley", "Example", "Sample", "AB12", "Astra", "kebab", "Fore Street")


def _no_child_or_entity_data(message):
    for text in [message.subject, message.body] + [body for body, _ in message.alternatives]:
        for detail in CHILD_DATA:
            assert detail.lower() not in text.lower(), detail


def test_the_worker_sweep_alerts_the_leads_once_the_second_concern_is_filed(
    practitioner, other_practitioner, lead, second_lead, mailoutbox
):
    file_naming(filed_by=practitioner, entities=[vehicle("ab12cde")])
    second = file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        last_name="Sample",
        entities=[vehicle("AB12 CDE")],
    )
    assert mailoutbox == []  # nothing is sent from the filing itself
    with running_worker():
        assert sweep_entity_alerts.apply_async(ignore_result=False).get(timeout=30) == 1
        assert sweep_entity_alerts.apply_async(ignore_result=False).get(timeout=30) == 0
    assert EntityAlert.objects.get().sent_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == [lead.email, second_lead.email]
    for message in mailoutbox:
        assert second.reference in message.subject
        assert "appears in 1 other concern about 1 other child" in message.body
        _no_child_or_entity_data(message)


def test_the_worker_offers_the_leads_a_similar_name_filed_by_someone_else(
    practitioner, other_practitioner
):
    for filer, name in ((practitioner, "Dazza"), (other_practitioner, "Daza")):
        file_naming(filed_by=filer, entities=[EntityInput(kind="person", name=name)])
    with running_worker():
        assert offer_possible_matches.apply_async(ignore_result=False).get(timeout=30) == 2
        assert offer_possible_matches.apply_async(ignore_result=False).get(timeout=30) == 0
    match = PossibleMatch.objects.get()
    assert (match.first.name, match.second.name, match.status) == ("Dazza", "Daza", "open")


def test_filing_that_names_a_known_entity_never_asks_a_broker_that_never_answers(
    practitioner_client, other_practitioner, lead, mailoutbox
):
    pytest.importorskip("intake")
    from .forms import intake_post

    file_naming(filed_by=other_practitioner, first_name="Riley", entities=[vehicle("ab12cde")])
    data = intake_post(
        vehicle_count="1", vehicle_1_registration="AB12 CDE", vehicle_1_role="Picked her up"
    )
    with SilentBroker() as broker, broker_at(broker.url):
        response = practitioner_client.post("/concerns/new/", data)
        asked_the_broker = bool(broker.held)

    assert response.status_code == 302
    assert not asked_the_broker
    assert EntityAlert.objects.filter(sent_at__isnull=True).count() == 1
    # The sweep delivers.
    assert mailoutbox == []
    assert alerts_sweep() == 1
    assert [m.to for m in mailoutbox] == [[lead.email]]
