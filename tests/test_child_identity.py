"""The intake's "More about the child" page asks what MASH will ask: NHS number, UPN, home,
carers, gender, ethnicity, social care, other agencies. All optional; what is typed goes on
the child record (leads see it on the chronology) and stays on the concern as typed."""

import pytest

from concerns.models import Child, Concern
from intake import sections

from .factories import LOW_ANSWERS, file_test_concern
from .forms import intake_post, intake_sections

pytestmark = pytest.mark.django_db

NEW = "/concerns/new/"
IDENTITY = {
    "nhs_number": "943 476 5919",
    "upn": "a123456789012",
    "postcode": "sp1 2ab",
    "address": "1 Example Road, Salisbury",
    "carer_1_name": "Sam Example",
    "carer_1_relationship": "Mother",
    "carer_1_phone": "01632 960 002",
    "gender": "Self-describe",
    "gender_description": "Gender-fluid",
    "ethnicity": "mixed_white_asian",
    "known_to_social_care": "yes",
    "other_agencies": ["police", "camhs"],
}


def _draft_page(client, slug: str):
    """Start a draft (not in danger) and return the address of the section `slug`."""
    response = client.post("/concerns/new/start/", intake_post(LOW_ANSWERS))
    return response.url.rsplit("/", 2)[0] + f"/{slug}/"


def test_identity_given_through_the_sections_is_kept_on_the_child_and_shown_to_the_filer(
    practitioner_client,
):
    data = intake_post(LOW_ANSWERS, **IDENTITY)

    response = intake_sections(practitioner_client, data)

    assert response.status_code == 200
    child = Child.objects.get()
    assert (child.nhs_number, child.upn, child.postcode) == (
        "9434765919",
        "A123456789012",
        "SP1 2AB",
    )
    assert child.carers == [
        {"name": "Sam Example", "relationship": "Mother", "phone": "01632 960 002"}
    ]
    assert child.other_agencies == ["police", "camhs"]
    assert child.known_to_social_care == "yes"
    assert (child.gender, child.gender_description) == ("Self-describe", "Gender-fluid")
    concern = Concern.objects.get()
    page = practitioner_client.get(f"/concerns/{concern.reference}/").text
    for shown in (
        "9434765919",
        "SP1 2AB",
        "Sam Example",
        "Gender-fluid",
        "White and Asian",
        "Police",
        "CAMHS",
    ):
        assert shown in page


def test_check_your_answers_shows_the_identity_given(practitioner_client):
    response = practitioner_client.post("/concerns/new/start/", intake_post(LOW_ANSWERS))
    draft = response.url.rsplit("/", 2)[0]
    data = intake_post(LOW_ANSWERS, **IDENTITY)
    for section in sections.SECTIONS[1:]:
        practitioner_client.post(f"{draft}/{section.slug}/", data)

    check = practitioner_client.get(f"{draft}/check/").text

    for shown in (
        "9434765919",
        "SP1 2AB",
        "Sam Example",
        "Gender-fluid",
        "White and Asian",
        "Police",
        "known to children",
    ):
        assert shown in check
    assert not Concern.objects.exists()


def test_the_identity_typed_is_kept_in_the_draft(practitioner_client):
    page = _draft_page(practitioner_client, "more-about-the-child")
    practitioner_client.post(page, {**IDENTITY})

    again = practitioner_client.get(page).text

    assert 'value="Sam Example"' in again
    assert "1 Example Road, Salisbury" in again


def test_everything_about_identity_may_be_left_out(practitioner_client):
    data = intake_post(LOW_ANSWERS)
    del data["gender"]

    response = practitioner_client.post(NEW, data)

    assert response.status_code == 302
    child = Child.objects.get()
    assert (child.nhs_number, child.gender, child.carers) == ("", "", [])


def test_a_gender_posted_as_words_before_the_fixed_list_still_files(practitioner_client):
    response = practitioner_client.post(NEW, intake_post(LOW_ANSWERS, gender="Female"))

    assert response.status_code == 302
    assert Child.objects.get().gender == "Female"


def test_the_self_description_is_kept_only_when_self_describe_is_chosen(practitioner_client):
    data = intake_post(LOW_ANSWERS, gender="Not known", gender_description="Typed by mistake")

    practitioner_client.post(NEW, data)

    assert Child.objects.get().gender_description == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "943 476 5918", "Enter a valid NHS number, like 943 476 5919"),
        ("nhs_number", "12345", "Enter a valid NHS number, like 943 476 5919"),
        ("upn", "12345", "Enter a unique pupil number"),
        ("postcode", "SP1 ZZZ", "Enter a real postcode"),
        ("gender", "Robot", "Select one of the options listed"),
    ],
)
def test_a_bad_identity_detail_is_explained_by_the_field_and_everything_typed_is_shown_again(
    practitioner_client, field, value, message
):
    page = _draft_page(practitioner_client, "more-about-the-child")

    response = practitioner_client.post(page, {**IDENTITY, field: value})

    assert response.status_code == 200
    text = response.text
    assert text.count(message) >= 2  # in the error summary and by the field
    assert f'href="#id_{field}' in text
    assert 'value="Sam Example"' in text
    assert "1 Example Road, Salisbury" in text
    if field != "gender":
        assert f'value="{value}"' in text
    assert not Concern.objects.exists()


def test_a_one_step_filing_with_a_bad_nhs_number_files_nothing(practitioner_client):
    data = intake_post(LOW_ANSWERS, **{**IDENTITY, "nhs_number": "943 476 5918"})

    response = practitioner_client.post(NEW, data)

    assert response.status_code == 200
    assert "Enter a valid NHS number, like 943 476 5919" in response.text
    assert not Concern.objects.exists()


@pytest.mark.parametrize(("second_nhs_number", "linked"), [("9434765919", True), ("", False)])
def test_the_same_nhs_number_links_a_differently_spelt_child_automatically(
    practitioner_client, practitioner, other_practitioner, second_nhs_number, linked
):
    file_test_concern(filed_by=other_practitioner)  # someone else's, unrelated
    chloe = {"first_name": "Chloe", "last_name": "Green"}
    practitioner_client.post(NEW, intake_post(LOW_ANSWERS, nhs_number="943 476 5919", **chloe))
    cloe = {"first_name": "Cloe", "last_name": "Green", "nhs_number": second_nhs_number}

    practitioner_client.post(NEW, intake_post(LOW_ANSWERS, **cloe))

    filed = Concern.objects.filter(filed_by=practitioner)
    assert filed.count() == 2
    # Without the NHS number "Cloe" is only a possible match: a new record, for a lead to decide.
    assert (len({concern.child_id for concern in filed}) == 1) is linked


def test_leads_see_what_the_child_record_holds_on_the_chronology(practitioner_client, lead_client):
    practitioner_client.post(NEW, intake_post(LOW_ANSWERS, **IDENTITY))
    child = Child.objects.get()

    page = lead_client.get(f"/children/{child.pk}/").text

    for shown in (
        "What the record holds",
        "SP1 2AB",
        "Sam Example",
        "Gender-fluid",
        "White and Asian",
        "CAMHS",
    ):
        assert shown in page


def test_a_filer_sees_only_what_they_typed_not_what_others_added_to_the_record(
    practitioner_client, other_practitioner
):
    practitioner_client.post(NEW, intake_post(LOW_ANSWERS, nhs_number="943 476 5919"))
    practitioner_client.force_login(other_practitioner)
    others = intake_post(LOW_ANSWERS, **IDENTITY)
    practitioner_client.post(NEW, others)  # the same child, by NHS number, with more detail
    first = Concern.objects.exclude(filed_by=other_practitioner).get()
    assert Concern.objects.filter(child=first.child).count() == 2
    practitioner_client.force_login(first.filed_by)

    page = practitioner_client.get(f"/concerns/{first.reference}/").text

    assert "9434765919" in page
    for not_shown in ("SP1 2AB", "Sam Example", "Gender-fluid", "CAMHS"):
        assert not_shown not in page


@pytest.mark.parametrize(("field", "value"), [("ethnicity", "martian"), ("other_agencies", "x")])
def test_a_choice_not_on_the_list_asks_for_one_that_is(practitioner_client, field, value):
    page = _draft_page(practitioner_client, "more-about-the-child")

    response = practitioner_client.post(page, {**IDENTITY, field: value})

    assert response.status_code == 200
    assert response.text.count("Select one of the options listed") >= 2
    assert "valid choice" not in response.text
