import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerns.models import Concern
from referrals.hours import Hours, opening_hours_text
from referrals.models import Contact, OfficeHours

from .factories import HIGH_ANSWERS, LOW_ANSWERS
from .forms import intake_post

pytestmark = pytest.mark.django_db
LONDON = datetime.timezone(datetime.timedelta(0))  # GMT in winter; times below are in December


def _first_number_after_filing(client, user, answers, when):
    with time_machine.travel(when):
        client.force_login(user)
        client.post("/concerns/new/", intake_post(answers))
        concern = Concern.objects.latest("id")
        response = client.get(reverse("concern_filed", args=[concern.reference]))
    numbers = [n for n in ("0300 456 0108", "0845 6070 888") if n in response.text]
    return sorted(numbers, key=response.text.index), response


@pytest.mark.parametrize(
    ("when", "first"),
    [
        (datetime.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), "0300 456 0108"),  # Tuesday 10:00
        (datetime.datetime(2026, 12, 1, 18, 0, tzinfo=LONDON), "0845 6070 888"),  # Tuesday 18:00
        (datetime.datetime(2026, 12, 5, 11, 0, tzinfo=LONDON), "0845 6070 888"),  # Saturday
        (datetime.datetime(2026, 12, 25, 11, 0, tzinfo=LONDON), "0845 6070 888"),  # Christmas
        (
            datetime.datetime(2026, 12, 28, 11, 0, tzinfo=LONDON),
            "0845 6070 888",
        ),  # Boxing Day (observed)
    ],
)
def test_urgent_confirmation_shows_the_right_number_first_for_the_time(
    client, practitioner, when, first
):
    numbers, response = _first_number_after_filing(client, practitioner, HIGH_ANSWERS, when)
    assert numbers[0] == first
    assert len(numbers) == 2
    assert 'href="tel:999"' in response.text


def test_contacts_are_tap_to_call_links(practitioner_client):
    practitioner_client.post("/concerns/new/", intake_post(HIGH_ANSWERS))
    concern = Concern.objects.get()
    response = practitioner_client.get(reverse("concern_filed", args=[concern.reference]))
    assert 'href="tel:03004560108"' in response.text
    assert 'href="tel:08456070888"' in response.text


def test_non_urgent_confirmation_still_gives_the_numbers_after_what_happens_next(
    practitioner_client,
):
    # Things change after filing: the practitioner must not have to hunt for who to call.
    practitioner_client.post("/concerns/new/", intake_post(LOW_ANSWERS))
    concern = Concern.objects.get()
    text = practitioner_client.get(reverse("concern_filed", args=[concern.reference])).text
    assert 'href="tel:03004560108"' in text
    assert 'href="tel:08456070888"' in text
    assert 'href="tel:999"' in text
    # Below the explanation: the review, not a phone call, is the expected next step.
    assert text.index("How the band was worked out") < text.index("Who to call")


def test_urgent_confirmation_puts_the_numbers_first(practitioner_client):
    practitioner_client.post("/concerns/new/", intake_post(HIGH_ANSWERS))
    concern = Concern.objects.get()
    text = practitioner_client.get(reverse("concern_filed", args=[concern.reference])).text
    assert "Do not wait for them: phone now." in text
    assert text.index("Who to call") < text.index("How the band was worked out")


def test_contacts_say_when_the_hub_is_open(practitioner_client):
    practitioner_client.post("/concerns/new/", intake_post(HIGH_ANSWERS))
    concern = Concern.objects.get()
    text = practitioner_client.get(reverse("concern_filed", args=[concern.reference])).text
    assert (
        "Multi-Agency Safeguarding Hub opening hours: Monday to Friday, 9am to 5pm, "
        "except bank holidays." in text
    )


def test_public_page_says_when_the_hub_is_open_and_lists_the_other_routes(client):
    text = client.get("/report-cse/").text
    assert "Monday to Friday, 9am to 5pm, except bank holidays" in text
    routes = text.split("Other ways to get help or report", 1)[1]
    assert 'href="tel:08001111"' in routes  # Childline
    assert "https://www.ceop.police.uk/Safety-Centre/" in routes  # CEOP reports are online
    assert 'href="tel:101"' in routes  # police, non-emergency
    assert 'href="tel:0800555111"' in routes  # Crimestoppers
    assert routes.index("Childline") < routes.index("CEOP") < routes.index("Crimestoppers")


def test_admin_edits_to_other_routes_and_hours_show_on_the_public_page(client):
    Contact.objects.filter(purpose="childline").update(number="0800 1111 1")
    Contact.objects.filter(purpose="crimestoppers").update(description="Say it anonymously.")
    OfficeHours.objects.update(opens=datetime.time(8, 30), saturday=True)
    text = client.get("/report-cse/").text
    assert 'href="tel:080011111"' in text
    assert "Say it anonymously." in text
    assert "Monday to Saturday, 8:30am to 5pm, except bank holidays" in text


def test_a_contact_needs_a_number_or_a_web_address():
    contact = Contact.objects.get(purpose="ceop")
    contact.link = ""
    with pytest.raises(ValidationError, match="Enter a phone number or a web address"):
        contact.full_clean()


def test_edited_office_hours_and_numbers_are_used(client, practitioner):
    OfficeHours.objects.update(closes=datetime.time(20, 0))
    Contact.objects.filter(purpose="mash").update(number="01225 000 000")
    when = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=LONDON)
    _, response = _first_number_after_filing(client, practitioner, HIGH_ANSWERS, when)
    assert response.text.index("01225 000 000") < response.text.index("0845 6070 888")


@pytest.mark.parametrize(
    ("utc_time", "in_hours"),
    [
        (datetime.datetime(2026, 7, 7, 8, 30, tzinfo=datetime.UTC), True),  # 09:30 BST, Tuesday
        (datetime.datetime(2026, 7, 7, 16, 30, tzinfo=datetime.UTC), False),  # 17:30 BST
        (datetime.datetime(2026, 8, 31, 10, 0, tzinfo=datetime.UTC), False),  # summer bank holiday
    ],
)
def test_office_hours_follow_london_time_and_bank_holidays(utc_time, in_hours):
    from referrals.hours import Hours, is_office_hours

    assert is_office_hours(utc_time, Hours()) is in_hours


@pytest.mark.parametrize(
    ("opens", "closes", "weekdays", "text"),
    [
        ((9, 0), (17, 0), {0, 1, 2, 3, 4}, "Monday to Friday, 9am to 5pm"),
        ((8, 30), (12, 0), {0, 1, 2, 5}, "Monday to Wednesday and Saturday, 8:30am to midday"),
        ((9, 0), (17, 30), {0, 2, 4}, "Monday, Wednesday and Friday, 9am to 5:30pm"),
        ((0, 0), (23, 0), {0, 1, 2, 3, 4, 5, 6}, "Every day, midnight to 11pm"),
    ],
)
def test_opening_hours_are_written_the_way_gov_uk_writes_them(opens, closes, weekdays, text):
    hours = Hours(
        opens=datetime.time(*opens), closes=datetime.time(*closes), weekdays=frozenset(weekdays)
    )
    assert opening_hours_text(hours) == f"{text}, except bank holidays"


def test_public_page_works_signed_out_and_shows_signs_and_numbers(client):
    response = client.get("/report-cse/")
    assert response.status_code == 200
    for text in (
        "Regularly missing from home or school",
        "Sexual health problems",
        "Prevent",
        "Protect",
        "Prosecute",
        "Publicise",
        'href="tel:03004560108"',
        'href="tel:08456070888"',
        'href="tel:999"',
    ):
        assert text in response.text
