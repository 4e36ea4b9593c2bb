"""The intake's section for people, vehicles, places, phones and accounts (added through the
intake's extension point): any number of each, "Add another" without JavaScript, each
optional; a filed concern links them and a known one alerts the leads."""

import pytest

pytest.importorskip("intake")

from network.models import Entity, EntityAlert, EntityLink  # noqa: E402

from .forms import intake_post  # noqa: E402
from .network_support import file_naming, vehicle  # noqa: E402

pytestmark = pytest.mark.django_db


def test_the_section_comes_right_after_what_happened():
    from intake import sections

    slugs = [section.slug for section in sections.SECTIONS]
    assert slugs[slugs.index("what-happened") + 1] == "people-and-places"


def test_a_one_step_filing_names_a_vehicle_and_alerts_the_leads(
    practitioner_client, other_practitioner, lead
):
    file_naming(filed_by=other_practitioner, first_name="Riley", entities=[vehicle("ab12cde")])
    data = intake_post(
        vehicle_count="1", vehicle_1_registration="AB12 CDE", vehicle_1_role="Picked her up"
    )
    response = practitioner_client.post("/concerns/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert EntityLink.objects.filter(entity=Entity.objects.get()).count() == 2
    assert EntityAlert.objects.exists()


def test_add_another_without_javascript_keeps_what_was_typed(practitioner_client):
    response = practitioner_client.post("/concerns/new/start/", {"immediate_risk": "no"})
    section_url = response["Location"].rsplit("/", 2)[0] + "/people-and-places/"
    page = practitioner_client.post(section_url, {"vehicle_count": "0", "add_vehicle": "1"})
    text = page.content.decode()
    assert (
        page.status_code == 200 and "Vehicle 1" in text and 'name="vehicle_1_registration"' in text
    )
    page = practitioner_client.post(
        section_url,
        {"vehicle_count": "1", "vehicle_1_registration": "AB12 CDE", "add_vehicle": "1"},
    )
    text = page.content.decode()
    assert "Vehicle 2" in text and 'value="AB12 CDE"' in text
    assert "There is a problem" not in text


def test_a_bad_phone_number_is_refused_next_to_the_field(practitioner_client):
    response = practitioner_client.post("/concerns/new/start/", {"immediate_risk": "no"})
    section_url = response["Location"].rsplit("/", 2)[0] + "/people-and-places/"
    page = practitioner_client.post(
        section_url, {"phone_count": "1", "phone_1_number": "call me", "continue": ""}
    )
    text = page.content.decode()
    assert "Enter a phone number, like 07700 900 982" in text and 'value="call me"' in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_section_with_one_of_each_has_no_wcag_violations(page, live_server, practitioner):
    from .browser import sign_in
    from .test_accessibility import assert_no_axe_violations

    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    page.get_by_label("No", exact=True).first.check()
    page.get_by_role("button", name="Save and continue").click()
    section = page.url.rsplit("/", 2)[0] + "/people-and-places/"
    page.goto(section)
    for name in (
        "Add a person",
        "Add a vehicle",
        "Add a place",
        "Add a phone number",
        "Add an online account",
    ):
        page.get_by_role("button", name=name).click()
    page.get_by_label("Phone number").fill("not a phone")
    page.get_by_role("button", name="Save and continue").click()
    assert_no_axe_violations(page, "people-and-places with errors")


def test_check_your_answers_shows_each_entity_as_it_will_be_stored(practitioner_client):
    from intake import sections

    from .factories import LOW_ANSWERS

    response = practitioner_client.post("/concerns/new/start/", intake_post(LOW_ANSWERS))
    draft = response.url.rsplit("/", 2)[0]
    data = intake_post(
        LOW_ANSWERS,
        person_count="2",
        person_1_name="Dazza",
        person_1_approximate_age="30",
        person_1_description="Tall, shaved head",
        person_2_name="Kev",
        place_count="1",
        place_1_name="Golden Dragon",
        place_1_place_type="takeaway",
        place_1_postcode="sp1 1aa",
        vehicle_count="1",
        vehicle_1_registration="ab12cde",
        account_count="1",
        account_1_platform="snapchat",
        account_1_handle="@Dazza_K",
    )
    for section in sections.SECTIONS[1:]:
        practitioner_client.post(f"{draft}/{section.slug}/", data)
    check = practitioner_client.get(f"{draft}/check/").text
    for shown in (
        "Person 1",
        "Person 2",
        "Dazza, about 30, Tall, shaved head",
        "Golden Dragon, Takeaway or restaurant, SP1 1AA",
        "AB12 CDE",
        "Snapchat dazza_k",
    ):
        assert shown in check, shown
    assert "snapchat," not in check and "ab12cde" not in check
