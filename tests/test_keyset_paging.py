"""Paging a long list by Next and Previous: a lead sees every concern once, however the list
changes between pages, and the address of a page holds no more than sort values and ids."""

import re

import pytest
import time_machine

from concerns.models import Concern

from .factories import LOW_ANSWERS, MEDIUM_ANSWERS
from .test_triage import TRIAGE, at, file_for, link, listed

pytestmark = pytest.mark.django_db


def walk(client, query: str) -> list[list[str]]:
    """Every page from the one at `query` to the last, by Next."""
    pages = []
    while True:
        response = client.get(f"{TRIAGE}?{query}")
        pages.append(listed(response))
        query = link(response, "next")
        if not query:
            return pages


@pytest.mark.parametrize("sort", ["newest", "oldest", "band_high", "band_low"])
def test_a_lead_walking_next_sees_every_concern_once_though_one_is_filed_between_pages(
    lead_client, practitioner, sort
):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        for n in range(55):
            file_for(practitioner, f"Child{n}")
    first = lead_client.get(TRIAGE, {"sort": sort})
    with time_machine.travel(at(2026, 3, 3, 9, 0), tick=True):
        late = file_for(practitioner, "Late")

    pages = [listed(first), *walk(lead_client, link(first, "next"))]

    seen = [reference for page in pages for reference in page]
    assert [len(page) for page in pages[:2]] == [25, 25]
    assert len(seen) == len(set(seen))
    filed_before = set(Concern.objects.exclude(pk=late.pk).values_list("reference", flat=True))
    assert filed_before <= set(seen)


def test_previous_leads_back_to_the_page_before(lead_client, practitioner):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        for n in range(60):
            file_for(practitioner, f"Child{n}")
    first = lead_client.get(TRIAGE)
    second = lead_client.get(f"{TRIAGE}?{link(first, 'next')}")
    third = lead_client.get(f"{TRIAGE}?{link(second, 'next')}")

    back = lead_client.get(f"{TRIAGE}?{link(third, 'prev')}")
    start = lead_client.get(f"{TRIAGE}?{link(back, 'prev')}")

    assert listed(back) == listed(second)
    assert listed(start) == listed(first)
    assert 'rel="prev"' not in start.text
    assert len(listed(third)) == 10


def test_a_page_address_holds_only_numbers_not_names(lead_client, practitioner):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        for n in range(30):
            file_for(practitioner, f"Child{n}", last_name="Nameinurl")

    query = link(lead_client.get(TRIAGE, {"sort": "band_high"}), "next")

    assert re.fullmatch(r"sort=band_high&after=\d+\.\d+\.\d+", query)


@pytest.mark.parametrize(
    "cursor", ["after=abc", "after=1.2", "before=-1.x", "after=99999999999999999999.1"]
)
def test_a_broken_cursor_shows_the_first_page(lead_client, practitioner, cursor):
    file_for(practitioner, "Ava")

    response = lead_client.get(f"{TRIAGE}?{cursor}")

    assert response.status_code == 200
    assert len(listed(response)) == 1


def test_a_cursor_from_another_band_shows_the_first_page_of_the_band_filtered(
    lead_client, practitioner
):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        for n in range(60):
            file_for(practitioner, f"Child{n}", answers=MEDIUM_ANSWERS if n % 2 else LOW_ANSWERS)
    medium = lead_client.get(TRIAGE, {"band": "2", "sort": "band_low"})
    low_next = link(lead_client.get(TRIAGE, {"band": "1", "sort": "band_low"}), "next")
    after = low_next.replace("band=1", "band=2")  # the filter changed by hand, cursor kept
    assert "after=" in after
    for query in (after, after.replace("after=", "before=")):
        response = lead_client.get(f"{TRIAGE}?{query}")
        assert listed(response) == listed(medium)
        assert len(listed(response)) == 25
        assert 'rel="prev"' not in response.text


def test_a_search_by_name_pages_through_its_matches_newest_first(lead_client, practitioner):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        for n in range(45):
            file_for(practitioner, "Searched" if n % 3 else f"Other{n}")
    matching = list(
        Concern.objects.filter(child__first_name="Searched")
        .order_by("-filed_at", "-id")
        .values_list("reference", flat=True)
    )
    first = lead_client.post(TRIAGE, {"search": "searched"}, follow=True)
    second = lead_client.get(f"{TRIAGE}?{link(first, 'next')}")

    assert listed(first) + listed(second) == matching
    assert [len(listed(first)), len(listed(second))] == [25, 5]
    assert not link(second, "next")
    assert listed(lead_client.get(f"{TRIAGE}?{link(second, 'prev')}")) == listed(first)
