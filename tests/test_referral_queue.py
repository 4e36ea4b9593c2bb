"""The referral queue and the life of a referral, worked by safeguarding leads."""

import datetime
import html
import re
import threading

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from common.paging import cursor_from
from concerns.models import Concern
from concerns.services import concern_override_band
from referrals import services
from referrals.hours import LONDON
from referrals.models import Outcome, Referral, Reminder
from referrals.selectors import QUEUE_ORDER, referral_queue

from .factories import (
    HIGH_ANSWERS,
    LOW_ANSWERS,
    MEDIUM_ANSWERS,
    UserFactory,
    child_details,
    file_test_concern,
)
from .queries import count_queries

QUEUE = "/referrals/"
pytestmark = pytest.mark.django_db


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def urgent(user, first_name="Jamie", **kwargs) -> Referral:
    concern = file_test_concern(
        filed_by=user, answers=HIGH_ANSWERS, child=child_details(first_name=first_name), **kwargs
    )
    return concern.referral


def step_url(name: str, referral: Referral) -> str:
    return reverse(name, args=[referral.pk])


def contact_post(**overrides) -> dict:
    now = datetime.datetime.now(tz=LONDON) - datetime.timedelta(minutes=10)
    data = {
        "hub": "mash",
        "call_date_0": str(now.day),
        "call_date_1": str(now.month),
        "call_date_2": str(now.year),
        "call_time": now.strftime("%H:%M"),
        "result": "spoke_to",
        "spoke_to": "Sam Patel, MASH social worker",
        "hub_reference": "MASH/2026/4471",
    }
    data.update(overrides)
    return data


def outcome(name="Strategy discussion") -> Outcome:
    return Outcome.objects.get(name=name)


@pytest.fixture
def second_lead(db):
    return UserFactory(username="lead_b", first_name="Robin", last_name="Marsh", role=roles.LEAD)


def test_practitioner_cannot_open_the_queue(practitioner_client):
    assert practitioner_client.get(QUEUE).status_code == 403
    assert AuditEvent.objects.filter(action="access.denied").count() == 1


def test_practitioner_cannot_act_on_a_referral(practitioner_client, practitioner):
    referral = urgent(practitioner)
    response = practitioner_client.post(step_url("referral_acknowledge", referral))
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING


def test_urgent_concern_appears_in_referral_queue_with_band_wait_and_reasons(
    client, lead, practitioner
):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        referral = file_test_concern(
            filed_by=practitioner, answers=LOW_ANSWERS, disclosure=True
        ).referral
    with time_machine.travel(at(2026, 3, 2, 11, 30), tick=False):
        client.force_login(lead)
        text = client.get(QUEUE).text
    assert f"{referral.concern.reference}: Jamie Example" in text
    assert "app-band--high" in text
    assert "1 hour 30 minutes" in text
    assert "The child has disclosed sexual exploitation: at least High." in text
    assert "Change in behaviour" in text  # the answer that scored


def test_non_urgent_concern_is_not_in_the_queue(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    assert concern.reference not in lead_client.get(QUEUE).text


def test_queue_puts_awaiting_referrals_first_oldest_first(client, lead, practitioner):
    times = [at(2026, 3, 2, 9, 0), at(2026, 3, 2, 9, 30), at(2026, 3, 2, 10, 0)]
    referrals = []
    for moment, name in zip(times, ["Ann", "Bob", "Cat"], strict=True):
        with time_machine.travel(moment, tick=False):
            referrals.append(urgent(practitioner, name))
    services.referral_acknowledge(referral_id=referrals[0].pk, by=lead)
    client.force_login(lead)
    text = client.get(QUEUE).text
    positions = [text.index(f"{r.concern.reference}: ") for r in referrals]
    assert positions[1] < positions[2] < positions[0]


def test_queue_orders_awaiting_then_acknowledged_then_in_hand_oldest_first(
    client, lead, practitioner
):
    names = ["Ann", "Bob", "Cat", "Dan", "Eve"]
    referrals = {}
    for hour, name in enumerate(names, start=9):
        with time_machine.travel(at(2026, 3, 2, hour, 0), tick=False):
            referrals[name] = urgent(practitioner, name)
    for name, hub in (("Ann", "edt"), ("Bob", "mash")):
        services.referral_acknowledge(referral_id=referrals[name].pk, by=lead)
        services.referral_record_contact(
            referral_id=referrals[name].pk,
            hub=hub,
            contacted_at=at(2026, 3, 2, 16, 0),
            hub_reference="REF-1",
            by=lead,
        )
    services.referral_acknowledge(referral_id=referrals["Cat"].pk, by=lead)
    client.force_login(lead)
    text = client.get(QUEUE).text
    shown = sorted(names, key=lambda name: text.index(f"{referrals[name].concern.reference}: "))
    assert shown == ["Dan", "Eve", "Cat", "Ann", "Bob"]
    assert "5 open referrals." in text


def test_queue_counts_every_open_referral_and_shows_the_first_of_them(lead, practitioner):
    for hour, name in enumerate(["Ann", "Bob", "Cat", "Dan"], start=9):
        with time_machine.travel(at(2026, 3, 2, hour, 0), tick=False):
            urgent(practitioner, name)
    services.referral_acknowledge(referral_id=Referral.objects.order_by("pk")[0].pk, by=lead)

    queue = referral_queue(per_page=2)

    assert queue["total"] == 4
    assert [row["first_name"] for row in queue["rows"]] == ["Bob", "Cat"]
    assert queue["has_next"]
    after = cursor_from(RequestFactory().get(QUEUE + "?" + queue["next"]), QUEUE_ORDER)
    assert [row["first_name"] for row in referral_queue(cursor=after, per_page=2)["rows"]] == [
        "Dan",
        "Ann",
    ]


def test_closed_referral_leaves_the_queue(lead_client, lead, practitioner):
    referral = urgent(practitioner)
    walk_to_closed(referral, lead)
    assert referral.concern.reference not in lead_client.get(QUEUE).text


@pytest.mark.parametrize(
    ("moment", "first"),
    [
        (at(2026, 3, 4, 11, 0), "0300 456 0108"),  # Wednesday morning: MASH is open
        (at(2026, 3, 4, 19, 0), "0845 6070 888"),  # Wednesday evening: EDT
        (at(2026, 4, 6, 11, 0), "0845 6070 888"),  # Easter Monday: EDT
    ],
)
def test_queue_shows_the_right_number_first_for_the_time(client, lead, moment, first):
    with time_machine.travel(moment, tick=False):
        client.force_login(lead)
        text = client.get(QUEUE).text
    contacts = text.split("Who to call", 1)[1]
    numbers = [n for n in ("0300 456 0108", "0845 6070 888") if n in contacts]
    assert sorted(numbers, key=contacts.index)[0] == first
    assert 'href="tel:999"' in contacts


def test_lead_acknowledges_a_referral(lead_client, lead, practitioner):
    referral = urgent(practitioner)
    response = lead_client.post(step_url("referral_acknowledge", referral), follow=True)
    assert "You have acknowledged this referral" in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACKNOWLEDGED
    assert referral.acknowledged_by == lead
    assert referral.acknowledged_at is not None
    event = AuditEvent.objects.get(action="referral.acknowledged")
    assert (event.actor, event.object_ref) == (lead, referral.concern.reference)


def test_acknowledging_stops_the_acknowledgement_reminders(lead_client, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    pending = Reminder.objects.filter(concern=referral.concern, cancelled_at__isnull=True)
    assert set(pending.values_list("kind", flat=True)) == {Reminder.Kind.URGENT_FILED}


def test_lead_records_a_call_to_mash_and_a_follow_up_reminder_is_set(
    lead_client, lead, practitioner
):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    response = lead_client.post(step_url("referral_contact", referral), contact_post(), follow=True)
    assert "The call has been recorded." in response.text
    assert "MASH/2026/4471" in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.MASH_CONTACTED
    assert (referral.contacted_by, referral.hub_reference) == (lead, "MASH/2026/4471")
    follow_up = Reminder.objects.get(concern=referral.concern, kind=Reminder.Kind.FOLLOW_UP)
    assert follow_up.due_at == referral.contacted_at + datetime.timedelta(hours=24)
    assert AuditEvent.objects.get(action="referral.call_recorded").detail["hub"] == "mash"


def test_a_call_to_the_emergency_duty_team_needs_no_written_follow_up(lead_client, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    data = contact_post(hub="edt", hub_reference="EDT-88")
    response = lead_client.post(step_url("referral_contact", referral), data, follow=True)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EDT_CONTACTED
    assert not Reminder.objects.filter(kind=Reminder.Kind.FOLLOW_UP).exists()
    assert "The call has been recorded." in response.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hub": ""}, "Select MASH, the Emergency Duty Team or the police"),
        ({"result": ""}, "Select what happened when you called"),
        ({"spoke_to": ""}, "Enter who you spoke to"),
        ({"call_time": "half two"}, "Enter the time of the call like 14:30"),
        ({"call_time": "25:10"}, "Enter the time of the call like 14:30"),
        ({"call_date_0": "31", "call_date_1": "2"}, "The date of the call must be a real date"),
        ({"call_date_2": "2099"}, "The time of the call must be now or in the past"),
    ],
)
def test_a_call_with_missing_or_wrong_details_is_refused_and_shown_again(
    lead_client, practitioner, overrides, message
):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    data = contact_post(**overrides)
    response = lead_client.post(step_url("referral_contact", referral), data)
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert response.text.count(message) >= 2
    if data["hub_reference"]:
        assert f'value="{data["hub_reference"]}"' in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACKNOWLEDGED


def test_lead_records_an_outcome_from_the_admin_list(lead_client, lead, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    lead_client.post(step_url("referral_contact", referral), contact_post())
    data = {"outcome": outcome("Section 47 enquiry").pk, "note": "Strategy meeting Tuesday"}
    response = lead_client.post(step_url("referral_outcome", referral), data, follow=True)
    assert "The outcome has been recorded" in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OUTCOME_RECORDED
    assert (referral.outcome.name, referral.outcome_by) == ("Section 47 enquiry", lead)
    assert referral.outcome_note == "Strategy meeting Tuesday"


def test_an_outcome_switched_off_by_the_admin_cannot_be_chosen(lead_client, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    lead_client.post(step_url("referral_contact", referral), contact_post())
    retired = outcome("Early help")
    Outcome.objects.filter(pk=retired.pk).update(active=False)
    page = lead_client.get(step_url("referral_detail", referral))
    assert "Early help" not in page.text
    response = lead_client.post(step_url("referral_outcome", referral), {"outcome": retired.pk})
    assert "Select one of the outcomes listed" in response.text


def test_an_outcome_must_be_chosen(lead_client, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    lead_client.post(step_url("referral_contact", referral), contact_post())
    response = lead_client.post(step_url("referral_outcome", referral), {"note": "kept"})
    assert response.text.count("Select the outcome") >= 2
    assert "kept</textarea>" in response.text


def test_lead_closes_a_referral_after_its_outcome(lead_client, lead, practitioner):
    referral = urgent(practitioner)
    walk_to_closed(referral, lead)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.closed_by == lead
    actions = AuditEvent.objects.filter(action__startswith="referral.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == sorted(
        [
            "referral.acknowledged",
            "referral.call_recorded",
            "referral.outcome_recorded",
            "referral.closed",
        ]
    )


def walk_to_closed(referral, lead) -> None:
    services.referral_acknowledge(referral_id=referral.pk, by=lead)
    services.referral_record_contact(
        referral_id=referral.pk,
        hub="mash",
        contacted_at=datetime.datetime.now(tz=LONDON),
        hub_reference="M-1",
        by=lead,
    )
    services.referral_record_outcome(referral_id=referral.pk, outcome=outcome(), note="", by=lead)
    services.referral_close(referral_id=referral.pk, by=lead, unsent_reason="Sent by post")


def test_closing_before_acknowledging_is_refused_with_a_clear_message(lead_client, practitioner):
    referral = urgent(practitioner)
    response = lead_client.post(step_url("referral_close", referral), follow=True)
    assert (
        "You cannot close this referral yet: record an outcome first. "
        "The referral is awaiting contact."
    ) in response.text
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING
    assert not AuditEvent.objects.filter(action="referral.closed").exists()


def test_recording_an_outcome_before_the_call_is_refused(lead_client, practitioner):
    referral = urgent(practitioner)
    lead_client.post(step_url("referral_acknowledge", referral))
    data = {"outcome": outcome().pk}
    response = lead_client.post(step_url("referral_outcome", referral), data, follow=True)
    assert "You cannot record an outcome yet" in response.text
    referral.refresh_from_db()
    assert referral.outcome is None


def test_recording_a_call_before_acknowledging_is_refused(lead_client, practitioner):
    referral = urgent(practitioner)
    response = lead_client.post(step_url("referral_contact", referral), contact_post(), follow=True)
    assert "acknowledge the referral first" in response.text
    assert not Reminder.objects.filter(kind=Reminder.Kind.FOLLOW_UP).exists()


def test_second_lead_is_told_who_acknowledged_first(client, lead, second_lead, practitioner):
    referral = urgent(practitioner)
    with time_machine.travel(at(2026, 3, 2, 10, 15), tick=False):
        services.referral_acknowledge(referral_id=referral.pk, by=second_lead)
    client.force_login(lead)
    response = client.post(step_url("referral_acknowledge", referral), follow=True)
    assert response.status_code == 200
    assert (
        "Robin Marsh acknowledged this referral at 10:15 on 2 March 2026. Your change was not made."
    ) in response.text
    referral.refresh_from_db()
    assert referral.acknowledged_by == second_lead


def test_second_lead_is_told_when_the_referral_has_moved_on(
    client, lead, second_lead, practitioner
):
    referral = urgent(practitioner)
    services.referral_acknowledge(referral_id=referral.pk, by=second_lead)
    services.referral_record_contact(
        referral_id=referral.pk,
        hub="edt",
        contacted_at=datetime.datetime.now(tz=LONDON),
        hub_reference="E-1",
        by=second_lead,
    )
    client.force_login(lead)
    response = client.post(step_url("referral_acknowledge", referral), follow=True)
    assert "Robin Marsh recorded a call to the Emergency Duty Team at" in response.text


def test_viewing_a_referral_is_audited(lead_client, lead, practitioner):
    referral = urgent(practitioner)
    lead_client.get(step_url("referral_detail", referral))
    event = AuditEvent.objects.get(action="referral.viewed")
    assert (event.actor, event.object_ref) == (lead, referral.concern.reference)


def test_unknown_referral_is_not_found(lead_client):
    assert lead_client.get("/referrals/999999/").status_code == 404
    assert lead_client.post("/referrals/999999/acknowledge/").status_code == 404


def test_a_get_cannot_change_a_referral(lead_client, practitioner):
    referral = urgent(practitioner)
    assert lead_client.get(step_url("referral_acknowledge", referral)).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_twenty_leads_acknowledging_at_once_make_one_acknowledgement(practitioner):
    leads = [UserFactory(role=roles.LEAD) for _ in range(20)]
    referral = urgent(practitioner)
    barrier = threading.Barrier(len(leads))
    results = []

    def acknowledge(user):
        try:
            barrier.wait()
            services.referral_acknowledge(referral_id=referral.pk, by=user)
            results.append("done")
        except services.ReferralRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=acknowledge, args=(user,)) for user in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["done"] + ["refused"] * 19
    assert AuditEvent.objects.filter(action="referral.acknowledged").count() == 1
    referral.refresh_from_db()
    assert referral.acknowledged_by in leads


def fill_queue(count: int, users, lead) -> None:
    """Urgent concerns at every stage of their referral."""
    for n in range(count):
        referral = urgent(users[n % len(users)], f"Child{n}")
        if n % 3 == 1:
            services.referral_acknowledge(referral_id=referral.pk, by=lead)
        if n % 3 == 2:
            services.referral_acknowledge(referral_id=referral.pk, by=lead)
            services.referral_record_contact(
                referral_id=referral.pk,
                hub="mash",
                contacted_at=datetime.datetime.now(tz=LONDON),
                hub_reference=f"M-{n}",
                by=lead,
            )


def test_queue_query_count_does_not_grow_with_the_number_of_referrals(
    lead_client, lead, practitioner, other_practitioner
):
    users = [practitioner, other_practitioner]
    fill_queue(5, users, lead)
    with_five = count_queries(lead_client, QUEUE)
    fill_queue(195, users, lead)
    assert Concern.objects.count() == 200
    with_two_hundred = count_queries(lead_client, QUEUE)
    assert with_two_hundred == with_five


def queued(count: int, practitioner) -> list[Referral]:
    """`count` urgent referrals, a minute apart, oldest first."""
    referrals = []
    for n in range(count):
        with time_machine.travel(at(2026, 3, 2, 9, 0) + datetime.timedelta(minutes=n), tick=False):
            referrals.append(urgent(practitioner, f"Child{n}"))
    return referrals


def link(response, rel: str) -> str:
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', response.text)
    return html.unescape(found.group(1)) if found else ""


def next_page(response) -> str:
    return link(response, "next")


def pages(client, count: int) -> list[str]:
    """The query strings of the queue's first `count` pages, by Next."""
    queries = [""]
    while len(queries) < count:
        queries.append(next_page(client.get(f"{QUEUE}?{queries[-1]}")))
    return queries


def references_shown(response) -> list[str]:
    return re.findall(r'class="govuk-summary-card__title">(CSE-\d{4}-\d{6}):', response.text)


def test_queue_shows_25_referrals_and_a_next_link_when_there_are_more(lead_client, practitioner):
    referrals = queued(30, practitioner)

    response = lead_client.get(QUEUE)

    assert references_shown(response) == [r.concern.reference for r in referrals[:25]]
    assert re.search(r'href="\?after=[0-9.]+" rel="next"', response.text)
    assert 'rel="prev"' not in response.text
    assert "30 open referrals." in response.text
    assert "Showing 25 of 30 open referrals, 25 a page." in response.text


def test_page_two_shows_the_rest_oldest_first_and_a_previous_link(lead_client, practitioner):
    referrals = queued(30, practitioner)

    response = lead_client.get(f"{QUEUE}?{next_page(lead_client.get(QUEUE))}")

    assert references_shown(response) == [r.concern.reference for r in referrals[25:]]
    assert re.search(r'href="\?before=[0-9.]+" rel="prev"', response.text)
    assert 'rel="next"' not in response.text
    assert "Showing 5 of 30 open referrals, 25 a page." in response.text
    back = lead_client.get(f"{QUEUE}?{link(response, 'prev')}")
    assert references_shown(back) == [r.concern.reference for r in referrals[:25]]


def test_a_queue_that_fits_on_one_page_has_no_page_links(lead_client, practitioner):
    queued(25, practitioner)

    response = lead_client.get(QUEUE)

    assert len(references_shown(response)) == 25
    assert "govuk-pagination" not in response.text
    assert "Showing" not in response.text


def test_awaiting_referrals_come_before_acknowledged_ones_across_the_page_boundary(
    lead_client, lead, practitioner
):
    referrals = queued(30, practitioner)
    for referral in referrals[:10]:  # the oldest ten are in hand
        services.referral_acknowledge(referral_id=referral.pk, by=lead)
    in_order = [r.concern.reference for r in referrals[10:] + referrals[:10]]

    first = references_shown(lead_client.get(QUEUE))
    second = references_shown(lead_client.get(f"{QUEUE}?{next_page(lead_client.get(QUEUE))}"))

    assert first + second == in_order
    assert len(first) == 25
    assert second == [r.concern.reference for r in referrals[5:10]]


@pytest.mark.parametrize(
    "asked", ["page=2", "after=abc", "after=", "before=1.2", "after=9.9.9.9", "after=" + "9" * 5000]
)
def test_a_bad_or_stale_cursor_shows_the_first_page(lead_client, practitioner, asked):
    referrals = queued(30, practitioner)

    response = lead_client.get(f"{QUEUE}?{asked}")

    assert response.status_code == 200
    assert references_shown(response) == [r.concern.reference for r in referrals[:25]]
    event = AuditEvent.objects.get(action="referrals.queue_viewed")
    assert event.detail == {"shown": 25, "first_page": True}


def test_any_page_of_an_empty_queue_says_there_are_no_open_referrals(lead_client):
    for asked in ("page=7", "after=abc", "after=0.4.1000.12"):
        response = lead_client.get(f"{QUEUE}?{asked}")
        assert response.status_code == 200
        assert "There are no open referrals." in response.text


def test_viewing_a_page_of_the_queue_records_the_page_and_how_many_were_shown(
    lead_client, lead, practitioner
):
    queued(27, practitioner)

    lead_client.get(f"{QUEUE}?{next_page(lead_client.get(QUEUE))}")

    event = AuditEvent.objects.filter(action="referrals.queue_viewed").latest("id")
    assert event.actor == lead
    assert event.detail == {"shown": 2, "first_page": False}


def test_queue_pages_make_the_same_number_of_queries_however_many_referrals_there_are(
    lead_client, lead, practitioner, other_practitioner
):
    users = [practitioner, other_practitioner]
    fill_queue(30, users, lead)
    counts = [count_queries(lead_client, f"{QUEUE}?{query}") for query in pages(lead_client, 2)]
    fill_queue(60, users, lead)
    counts += [count_queries(lead_client, f"{QUEUE}?{query}") for query in pages(lead_client, 3)]
    assert len(set(counts)) == 1, counts


def test_after_a_referral_is_closed_the_counts_the_filter_and_the_list_agree(
    lead_client, lead, practitioner
):
    referrals = [urgent(practitioner, first_name=name) for name in ("Ava", "Ben", "Cal")]
    walk_to_closed(referrals[0], lead)

    text = lead_client.get("/triage/").text
    by_status = text.split("Concerns by status", 1)[1].split("</table>", 1)[0]
    assert re.search(r">Closed</th><td[^>]*>1</td>", by_status)
    assert re.search(r">Referred</th><td[^>]*>2</td>", by_status)
    closed = lead_client.get("/triage/", {"status": "closed"}).text
    assert "Showing 1 concern." in closed
    assert referrals[0].concern.reference in closed
    assert "Closed: Strategy discussion" in closed
    referred = lead_client.get("/triage/", {"status": "referred"}).text
    assert "Showing 2 concerns." in referred
    assert referrals[0].concern.reference not in referred


def test_a_referral_raised_to_immediate_moves_ahead_of_older_high_ones(
    lead_client, lead, practitioner
):
    referrals = queued(3, practitioner)  # all High, oldest first
    newest = referrals[-1]

    concern_override_band(
        concern_id=newest.concern_id, from_band=3, to_band=4, reason="Seen with adults", by=lead
    )

    shown = references_shown(lead_client.get(QUEUE))
    assert shown == [r.concern.reference for r in [newest, *referrals[:2]]]
