"""A child's chronology: every concern about them, in time order, with the signs over time."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cse_portal import roles
from cse_portal.models import AuditEvent
from referrals.hours import LONDON

from .factories import UserFactory, child_details, file_test_concern

pytestmark = pytest.mark.django_db


def chronology_url(child_id) -> str:
    return reverse("child_chronology", args=[child_id])


@pytest.fixture
def three_concerns(practitioner, other_practitioner):
    """Three concerns about one child from three practitioners, filed a few weeks apart."""
    school_nurse = UserFactory(first_name="Sam", last_name="Nurse", role=roles.PRACTITIONER)
    filings = [
        (datetime.datetime(2026, 1, 12, 9, 0, tzinfo=LONDON), practitioner, {"missing": "yes"}),
        (
            datetime.datetime(2026, 2, 3, 14, 0, tzinfo=LONDON),
            other_practitioner,
            {"missing": "possible", "gifts": "possible"},
        ),
        (
            datetime.datetime(2026, 2, 20, 11, 0, tzinfo=LONDON),
            school_nurse,
            {"gifts": "yes", "older_friend": "yes"},
        ),
    ]
    concerns = []
    for moment, user, answers in filings:
        with time_machine.travel(moment, tick=False):
            concerns.append(
                file_test_concern(
                    filed_by=user,
                    answers=answers,
                    child=child_details(date_of_birth=datetime.date(2012, 5, 1)),
                )
            )
    return concerns


def test_chronology_shows_three_concerns_from_different_people_in_order(
    lead_client, three_concerns
):
    child_id = three_concerns[0].child_id
    assert {c.child_id for c in three_concerns} == {child_id}
    text = lead_client.get(chronology_url(child_id)).text
    assert "Jamie Example" in text
    references = [c.reference for c in three_concerns]
    positions = [text.index(f">{reference}</a>") for reference in references]
    assert positions == sorted(positions)
    for concern in three_concerns:
        assert concern.filed_by.get_full_name() in text
    assert "12 Jan 2026 09:00" in text
    assert text.count(">Practitioner</span>") == 3


def test_chronology_shows_the_role_of_whoever_filed(lead_client, lead, three_concerns):
    file_test_concern(filed_by=lead, child=child_details(date_of_birth=datetime.date(2012, 5, 1)))
    text = lead_client.get(chronology_url(three_concerns[0].child_id)).text
    assert text.count(">Practitioner</span>") == 3
    assert text.count(">Safeguarding lead</span>") == 1


def test_chronology_shows_the_band_status_and_floors_of_each_concern(lead_client, three_concerns):
    text = lead_client.get(chronology_url(three_concerns[0].child_id)).text
    rows = text.split("Concerns about this child", 1)[1].split("</table>", 1)[0]
    third = rows.split(f">{three_concerns[2].reference}</a>", 1)[1].split("</tr>", 1)[0]
    assert "The child has had 3 or more concerns in 90 days" in third
    assert "app-band--medium" in third  # 5 points is Low, lifted by the repeat floor
    first = rows.split(f">{three_concerns[0].reference}</a>", 1)[1].split("</tr>", 1)[0]
    assert "None" in first  # no floor on the first
    assert "Awaiting review" in first


def test_indicator_grid_shows_yes_and_possible_across_concerns(lead_client, three_concerns):
    text = lead_client.get(chronology_url(three_concerns[0].child_id)).text
    grid = text.split("Signs over time", 1)[1].split("</table>", 1)[0]

    def row(wording):
        cells = grid.split(wording, 1)[1].split("</tr>", 1)[0]
        return re.findall(r"<td[^>]*>(Yes|Possible|<span aria-hidden)", cells)

    hidden = "<span aria-hidden"
    assert row("Regularly missing from home") == ["Yes", "Possible", hidden]
    assert row("Unexplained gifts") == [hidden, "Possible", "Yes"]
    assert row("older &#x27;boyfriend&#x27;") == [hidden, hidden, "Yes"]
    assert "Sexual health problems" not in grid  # answered No every time


def test_chronology_is_reached_from_the_concern_and_the_dashboard(lead_client, three_concerns):
    url = chronology_url(three_concerns[0].child_id)
    concern_page = lead_client.get(reverse("concern_detail", args=[three_concerns[1].reference]))
    assert f'href="{url}"' in concern_page.text
    assert f'href="{url}"' in lead_client.get("/triage/").text


def test_viewing_a_chronology_is_audited(lead_client, lead, three_concerns):
    child_id = three_concerns[0].child_id
    lead_client.get(chronology_url(child_id))
    event = AuditEvent.objects.get(action="child.viewed")
    assert (event.actor, event.object_type, event.object_id) == (lead, "child", child_id)
    assert "Jamie" not in str(event.detail)


def test_practitioner_cannot_open_a_chronology_even_for_their_own_concern(
    practitioner_client, practitioner, three_concerns
):
    response = practitioner_client.get(chronology_url(three_concerns[0].child_id))
    assert response.status_code == 403
    assert "Jamie" not in response.text
    assert AuditEvent.objects.filter(action="access.denied", actor=practitioner).exists()
    assert not AuditEvent.objects.filter(action="child.viewed").exists()


def test_practitioner_does_not_see_the_chronology_link(practitioner_client, three_concerns):
    text = practitioner_client.get(
        reverse("concern_detail", args=[three_concerns[0].reference])
    ).text
    assert chronology_url(three_concerns[0].child_id) not in text


def test_unknown_child_is_not_found(lead_client):
    assert lead_client.get(chronology_url(987654)).status_code == 404


def test_chronology_lists_every_kind_of_event_oldest_first_and_filters_by_kind(
    lead_client, lead, three_concerns
):
    from concerns.services import addendum_add, concern_override_band

    first = three_concerns[0]
    addendum_add(concern=first, author=lead, text="Mother called back.")
    concern_override_band(
        concern_id=first.pk, from_band=first.band, to_band=3, reason="Seen again.", by=lead
    )
    text = lead_client.get(chronology_url(first.child_id)).text
    events = text.split("Everything that happened")[1]

    assert events.count("Concern filed") == 3
    assert "Addition made" in events and "Band changed from" in events
    assert "Referral opened" in events  # raised to High: referred
    assert events.index("Concern filed") < events.index("Addition made")

    only_bands = lead_client.get(chronology_url(first.child_id), {"kind": "band"}).text
    filtered = only_bands.split("Everything that happened")[1].split("Concerns about this")[0]
    assert "Band changed from" in filtered
    assert "Concern filed" not in filtered
