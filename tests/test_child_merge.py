"""A lead confirms or dismisses a possible match, merges any two records and undoes a merge;
each is audited with its reason, and the joined history can lift a band by re-screening."""

import datetime

import pytest
import time_machine

from audit.models import AuditEvent
from concerns.models import BandOverride, Child, ChildMerge, Concern, PossibleMatch
from referrals.hours import LONDON

from .factories import MEDIUM_ANSWERS, child_details, file_test_concern

pytestmark = pytest.mark.django_db
DOB = datetime.date(2013, 4, 9)


def chloe(**overrides):
    return child_details(first_name="Chloe", last_name="Green", date_of_birth=DOB, **overrides)


def cloe(**overrides):
    values = {"date_of_birth": None, "age_years": 13, "age_is_approximate": True}
    values.update(overrides)
    return child_details(first_name="Cloe", last_name="Green", **values)


@pytest.fixture
def pair(practitioner, other_practitioner):
    first = file_test_concern(filed_by=practitioner, child=chloe(nhs_number="9434765919"))
    second = file_test_concern(filed_by=other_practitioner, child=cloe(postcode="SP1 2AB"))
    return first, second, PossibleMatch.objects.get()


def test_lead_sees_the_pair_side_by_side_with_what_differs_marked(lead_client, pair):
    _, _, match = pair

    listing = lead_client.get("/children/possible-matches/").text
    page = lead_client.get(f"/children/possible-matches/{match.pk}/").text

    assert "Chloe Green" in listing and "Cloe Green" in listing
    assert "Are these the same child?" in page
    first_name_row = page.split("First name")[1].split("</tr>")[0]
    assert "Differs" in first_name_row
    last_name_row = page.split("Last name")[1].split("</tr>")[0]
    assert "Differs" not in last_name_row


def test_confirming_a_pair_merges_the_records_into_one_history(lead_client, lead, pair):
    first, second, match = pair

    response = lead_client.post(
        f"/children/possible-matches/{match.pk}/",
        {"decision": "same", "reason": "Same school and mother's name on both."},
    )

    assert response.status_code == 302
    assert Concern.objects.get(pk=second.pk).child_id == first.child_id
    kept = Child.objects.get(pk=first.child_id)
    assert kept.postcode == "SP1 2AB"  # what the kept record lacked, filled from the other
    assert Child.objects.get(pk=second.child_id).merged_into_id == kept.pk
    match.refresh_from_db()
    assert match.status == "merged" and match.decided_by == lead
    merge = ChildMerge.objects.get()
    assert merge.reason == "Same school and mother's name on both."
    event = AuditEvent.objects.get(action="child.merged")
    assert event.actor == lead and event.detail["merge"] == merge.pk
    chronology = lead_client.get(f"/children/{kept.pk}/").text
    assert first.reference in chronology and second.reference in chronology
    assert f"Merged with child record {second.child_id}" in chronology


def test_dismissing_a_pair_keeps_the_records_apart_with_the_reason(lead_client, lead, pair):
    first, second, match = pair

    lead_client.post(
        f"/children/possible-matches/{match.pk}/",
        {"decision": "different", "reason": "Different mothers: checked with the school."},
    )

    match.refresh_from_db()
    assert match.status == "dismissed"
    assert match.reason == "Different mothers: checked with the school."
    assert Concern.objects.get(pk=second.pk).child_id != first.child_id
    assert AuditEvent.objects.filter(action="child.match_dismissed", actor=lead).exists()
    assert "Cloe Green" not in lead_client.get("/children/possible-matches/").text


def test_a_decision_without_a_reason_is_refused_and_nothing_changes(lead_client, pair):
    _, second, match = pair

    response = lead_client.post(f"/children/possible-matches/{match.pk}/", {"decision": "same"})

    assert response.status_code == 200
    assert "Enter why you decided this" in response.text
    assert not ChildMerge.objects.exists()
    assert Concern.objects.get(pk=second.pk).child.merged_into_id is None


def test_lead_merges_any_two_records_after_comparing_them(lead_client, practitioner):
    one = file_test_concern(filed_by=practitioner, child=child_details(first_name="Jo"))
    other = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Joanne", last_name="Smith")
    )

    compare = lead_client.post(f"/children/{one.child_id}/merge/", {"other": other.child_id})
    assert "Joanne" in compare.text and "Merge these records" in compare.text
    assert not ChildMerge.objects.exists()
    lead_client.post(
        f"/children/{one.child_id}/merge/",
        {"other": other.child_id, "reason": "Known by her married mother's surname."},
    )

    assert Concern.objects.get(pk=other.pk).child_id == one.child_id


def test_the_merge_page_lists_records_that_look_alike_and_not_a_twin(lead_client, pair):
    first, second, _ = pair
    twin = file_test_concern(
        filed_by=first.filed_by,
        child=child_details(first_name="Oliver", last_name="Green", date_of_birth=DOB),
    )

    page = lead_client.get(f"/children/{first.child_id}/merge/").text

    alike = page.split("Records that look alike")[1].split("</ul>")[0]
    assert f"Child record {second.child_id}: Cloe Green" in alike
    assert f"Child record {twin.child_id}" not in alike


def test_merging_a_record_into_itself_or_a_missing_one_is_refused(lead_client, practitioner):
    one = file_test_concern(filed_by=practitioner)

    for other in (one.child_id, 99999):
        response = lead_client.post(f"/children/{one.child_id}/merge/", {"other": other})
        assert "There is no other child record with that number" in response.text
    assert not ChildMerge.objects.exists()


def test_undoing_a_merge_puts_both_records_back_as_they_were(lead_client, lead, pair):
    first, second, match = pair
    lead_client.post(
        f"/children/possible-matches/{match.pk}/", {"decision": "same", "reason": "Same child."}
    )
    merge = ChildMerge.objects.get()

    lead_client.post(f"/children/merges/{merge.pk}/undo/", {"reason": "Different mothers."})

    assert Concern.objects.get(pk=second.pk).child_id == second.child_id
    assert Child.objects.get(pk=first.child_id).postcode == ""
    assert Child.objects.get(pk=second.child_id).merged_into_id is None
    merge.refresh_from_db()
    assert merge.undone_by == lead and merge.undo_reason == "Different mothers."
    assert AuditEvent.objects.filter(action="child.merge_undone", actor=lead).exists()
    chronology = lead_client.get(f"/children/{first.child_id}/").text
    assert second.reference not in chronology.split("Concerns about this child")[1]
    assert "undone" in chronology


def test_a_merge_cannot_be_undone_twice(lead_client, pair):
    *_, match = pair
    lead_client.post(
        f"/children/possible-matches/{match.pk}/", {"decision": "same", "reason": "Same child."}
    )
    merge = ChildMerge.objects.get()
    lead_client.post(f"/children/merges/{merge.pk}/undo/", {"reason": "Wrong."})

    response = lead_client.post(
        f"/children/merges/{merge.pk}/undo/", {"reason": "Again."}, follow=True
    )

    assert "already been undone" in response.text


def test_after_a_merge_the_lead_is_told_the_repeat_floor_would_lift_a_band_and_can_rescreen(
    lead_client, lead, practitioner, other_practitioner
):
    filings = [
        (datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), practitioner, chloe()),
        (datetime.datetime(2026, 3, 20, 10, 0, tzinfo=LONDON), other_practitioner, cloe()),
        (datetime.datetime(2026, 4, 8, 10, 0, tzinfo=LONDON), practitioner, chloe()),
    ]
    concerns = []
    for moment, user, child in filings:
        with time_machine.travel(moment, tick=False):
            concerns.append(file_test_concern(filed_by=user, answers=MEDIUM_ANSWERS, child=child))
    assert [c.get_band_display() for c in concerns] == ["Medium"] * 3  # two records: no floor
    match = PossibleMatch.objects.get()
    lead_client.post(
        f"/children/possible-matches/{match.pk}/", {"decision": "same", "reason": "Same child."}
    )

    third = Concern.objects.get(pk=concerns[2].pk)
    assert third.get_band_display() == "Medium"  # kept as scored with what was known then
    page = lead_client.get(f"/concerns/{third.reference}/").text
    assert "2 other concerns about this child" in page
    assert "would have had a higher band" in page
    chronology = lead_client.get(f"/children/{third.child_id}/").text
    assert f"Re-screen {third.reference} as High" in chronology

    lead_client.post(
        f"/triage/concerns/{third.reference}/band/",
        {"from_band": "2", "to_band": "3", "reason": "Re-screened after child records were merged"},
    )

    third.refresh_from_db()
    assert third.get_band_display() == "High"
    assert BandOverride.objects.get(concern=third).by == lead
    assert (
        f"Re-screen {third.reference}" not in lead_client.get(f"/children/{third.child_id}/").text
    )
