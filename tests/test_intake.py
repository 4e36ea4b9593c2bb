import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from concerns.models import Answer, Child, Concern
from intake.models import Draft
from referrals.models import Referral

from .factories import HIGH_ANSWERS, LOW_ANSWERS, MEDIUM_ANSWERS, file_test_concern
from .forms import intake_post

NEW = "/concerns/new/"
pytestmark = pytest.mark.django_db


def test_practitioner_files_a_concern_and_sees_its_band(practitioner_client):
    response = practitioner_client.post(NEW, intake_post(MEDIUM_ANSWERS), follow=True)
    concern = Concern.objects.get()
    assert response.status_code == 200
    assert concern.reference in response.text
    assert "Medium" in response.text
    assert "How the band was worked out" in response.text
    assert concern.answers.count() == 14


def test_reference_looks_like_cse_year_number(practitioner_client):
    practitioner_client.post(NEW, intake_post())
    practitioner_client.post(NEW, intake_post())
    year = datetime.date.today().year
    references = sorted(Concern.objects.values_list("reference", flat=True))
    assert references == [f"CSE-{year}-000001", f"CSE-{year}-000002"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "Enter the child&#x27;s first name"),
        ({"last_name": ""}, "last_name", "Enter the child&#x27;s last name"),
        ({"narrative": ""}, "narrative", "Describe what happened"),
        (
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""},
            "date_of_birth",
            "or their approximate age",
        ),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2012"},
            "date_of_birth",
            "Date of birth must be a real date",
        ),
        ({"date_of_birth_2": "2099"}, "date_of_birth", "today or in the past"),
        ({"date_of_birth_2": "1990"}, "date_of_birth", "adult safeguarding"),
        (
            {
                "date_of_birth_0": "",
                "date_of_birth_1": "",
                "date_of_birth_2": "",
                "approximate_age": "19",
            },
            "approximate_age",
            "adult safeguarding",
        ),
        (
            {
                "date_of_birth_0": "",
                "date_of_birth_1": "",
                "date_of_birth_2": "",
                "approximate_age": "fourteen",
            },
            "approximate_age",
            "must be a whole number",
        ),
        ({"answer_missing": ""}, "answer_missing", "Select no, possible or yes"),
        ({"immediate_risk": ""}, "immediate_risk", "at risk of significant harm right now"),
        ({"first_name": "x" * 101}, "first_name", "100 characters or fewer"),
        ({"narrative": "x" * 20001}, "narrative", "20,000 characters or fewer"),
        ({"narrative": "bad\x00byte"}, "narrative", "Remove the unusual characters"),
    ],
)
def test_invalid_intake_shows_a_plain_english_error_and_files_nothing(
    practitioner_client, overrides, field, message
):
    response = practitioner_client.post(NEW, intake_post(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert response.text.count(message) >= 2  # in the summary at the top and next to the field
    assert "<title>Error:" in response.text
    assert Concern.objects.count() == 0


def test_approximate_age_is_accepted_when_date_of_birth_is_unknown(practitioner_client):
    data = intake_post(
        date_of_birth_0="", date_of_birth_1="", date_of_birth_2="", approximate_age="15"
    )
    practitioner_client.post(NEW, data)
    concern = Concern.objects.get()
    assert (concern.age_years, concern.age_is_approximate) == (15, True)


def test_everything_typed_is_shown_again_after_an_error(practitioner_client):
    data = intake_post(
        {"gifts": "possible"},
        first_name="Siân",
        last_name="O'Neill",
        school="St Mary's",
        narrative="",
        note_gifts="New trainers, says a friend bought them",
        approximate_age="",
    )
    response = practitioner_client.post(NEW, data)
    assert "Describe what happened" in response.text
    draft = Draft.objects.get()
    child = practitioner_client.get(f"{NEW}{draft.pk}/child/").text
    assert 'value="Siân"' in child
    assert 'value="O&#x27;Neill"' in child
    assert 'value="St Mary&#x27;s"' in child
    grooming = practitioner_client.get(f"{NEW}{draft.pk}/grooming/").text
    assert 'value="New trainers, says a friend bought them"' in grooming
    assert re.search(r'id="id_answer_gifts_2"\s+value="possible"\s+checked', grooming)
    assert str(draft.submission_token) == data["submission_token"]


def test_double_submit_files_one_concern(practitioner_client):
    data = intake_post(HIGH_ANSWERS)
    first = practitioner_client.post(NEW, data)
    second = practitioner_client.post(NEW, data)
    assert Concern.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "extra", "band", "referred"),
    [
        (HIGH_ANSWERS, {}, "High", True),
        (LOW_ANSWERS, {"immediate_risk": "yes"}, "Immediate", True),
        (MEDIUM_ANSWERS, {}, "Medium", False),
        (LOW_ANSWERS, {}, "Low", False),
    ],
)
def test_urgent_concerns_create_a_referral_and_others_do_not(
    practitioner_client, answers, extra, band, referred
):
    practitioner_client.post(NEW, intake_post(answers, **extra))
    concern = Concern.objects.get()
    assert concern.band_label == band
    assert Referral.objects.filter(concern=concern).exists() is referred
    assert concern.status == ("referred" if referred else "new")


@pytest.mark.django_db(transaction=True)
def test_filing_is_all_or_nothing_when_the_referral_cannot_be_written(practitioner, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("referral table unavailable")

    monkeypatch.setattr("referrals.services.referral_open_for_new_concern", broken)
    with pytest.raises(RuntimeError):
        file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    assert Concern.objects.count() == 0
    assert Answer.objects.count() == 0
    assert Child.objects.count() == 0
    assert AuditEvent.objects.filter(action="concern.filed").count() == 0


def test_same_child_is_matched_on_normalised_name_and_date_of_birth(practitioner_client):
    practitioner_client.post(NEW, intake_post(first_name="Siân", last_name="O'Neill"))
    practitioner_client.post(NEW, intake_post(first_name="sian ", last_name="ONEILL"))
    practitioner_client.post(NEW, intake_post(first_name="Sian", last_name="Jones"))
    assert Child.objects.count() == 2


def test_third_concern_about_a_child_in_90_days_raises_the_band(client, practitioner):
    for month in (6, 7, 8):
        with time_machine.travel(datetime.datetime(2026, month, 1, 10, tzinfo=datetime.UTC)):
            client.force_login(practitioner)
            response = client.post(NEW, intake_post(LOW_ANSWERS), follow=True)
    latest = Concern.objects.order_by("-filed_at").first()
    assert latest.band_label == "Medium"
    assert "one band higher" in response.text


def test_filing_is_audited(practitioner_client, practitioner):
    practitioner_client.post(NEW, intake_post())
    concern = Concern.objects.get()
    event = AuditEvent.objects.get(action="concern.filed")
    assert (event.actor, event.object_ref) == (practitioner, concern.reference)


def test_practitioner_adds_an_addendum_and_the_concern_is_unchanged(practitioner_client):
    practitioner_client.post(NEW, intake_post())
    concern = Concern.objects.get()
    url = reverse("addendum_add", args=[concern.reference])
    response = practitioner_client.post(url, {"text": "She came home at 2am."}, follow=True)
    assert "She came home at 2am." in response.text
    concern.refresh_from_db()
    assert concern.narrative == "Seen getting into a car with an older man after school."
    assert AuditEvent.objects.filter(action="addendum.added").count() == 1


def test_empty_addendum_is_refused_with_a_message(practitioner_client):
    practitioner_client.post(NEW, intake_post())
    concern = Concern.objects.get()
    response = practitioner_client.post(
        reverse("addendum_add", args=[concern.reference]), {"text": ""}
    )
    assert "Enter the information to add" in response.text
    assert concern.addenda.count() == 0


def test_each_note_box_is_labelled_with_its_sign_for_screen_readers(practitioner_client):
    practitioner_client.post(f"{NEW}start/", {"immediate_risk": "no"})
    text = practitioner_client.get(f"{NEW}{Draft.objects.get().pk}/grooming/").text
    assert (
        'Note (optional)<span class="govuk-visually-hidden"> about: Sexual health problems</span>'
        in text
    )


def test_error_summary_links_land_on_a_control_for_every_field(practitioner_client):
    data = intake_post(
        first_name="", answer_missing="", date_of_birth_0="", date_of_birth_1="", date_of_birth_2=""
    )
    text = practitioner_client.post(NEW, data).text
    for anchor in ("id_first_name", "id_date_of_birth_0"):
        assert f'href="#{anchor}"' in text
        assert f'id="{anchor}"' in text
    text = practitioner_client.get(f"{NEW}{Draft.objects.get().pk}/grooming/").text
    assert 'href="#id_answer_missing_1"' in text
    assert 'id="id_answer_missing_1"' in text


def test_typing_keeps_the_session_alive_so_a_long_narrative_is_not_lost(client, practitioner):
    start = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(practitioner)
        assert client.get(NEW).status_code == 200
        for _ in range(3):  # 75 minutes of typing, pinging every 25
            clock.shift(datetime.timedelta(minutes=25))
            assert client.post("/accounts/keep-alive/").status_code == 204
        clock.shift(datetime.timedelta(minutes=25))
        response = client.post(NEW, intake_post())
    assert response.status_code == 302
    assert Concern.objects.count() == 1


def test_without_typing_the_session_still_times_out(client, practitioner):
    start = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(practitioner)
        clock.shift(datetime.timedelta(minutes=31))
        response = client.post(NEW, intake_post())
    assert response["Location"].startswith("/accounts/login/")
    assert Concern.objects.count() == 0


def test_keep_alive_after_the_session_ended_says_so_instead_of_redirecting(client):
    response = client.post("/accounts/keep-alive/")
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}
