import datetime

import pytest
import time_machine
from django.urls import reverse

from concerns.models import Concern
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


def test_non_urgent_confirmation_does_not_push_the_hub_numbers(practitioner_client):
    practitioner_client.post("/concerns/new/", intake_post(LOW_ANSWERS))
    concern = Concern.objects.get()
    response = practitioner_client.get(reverse("concern_filed", args=[concern.reference]))
    assert "Low" in response.text
    assert "0300 456 0108" not in response.text


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
