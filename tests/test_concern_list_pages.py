"""A practitioner's "My concerns" comes a page of 50 at a time, so it costs the same to show
however many concerns they have filed over the years."""

import pytest

from concerns.models import Concern

from .factories import file_test_concern

pytestmark = pytest.mark.django_db


@pytest.fixture
def fifty_five_concerns(practitioner):
    for _ in range(55):
        file_test_concern(filed_by=practitioner)
    return list(Concern.objects.filter(filed_by=practitioner).order_by("-filed_at", "-id"))


def test_my_concerns_shows_the_newest_fifty_and_links_to_older_ones(
    practitioner_client, fifty_five_concerns
):
    text = practitioner_client.get("/concerns/").text
    shown = [c for c in fifty_five_concerns if f">{c.reference}<" in text]
    assert shown == fifty_five_concerns[:50]
    assert 'href="?page=2"' in text
    assert "Older concerns" in text
    assert "Newer concerns" not in text


def test_the_older_page_shows_the_rest_and_links_back(practitioner_client, fifty_five_concerns):
    text = practitioner_client.get("/concerns/?page=2").text
    shown = [c for c in fifty_five_concerns if f">{c.reference}<" in text]
    assert shown == fifty_five_concerns[50:]
    assert "(page 2)" in text
    assert 'href="?page=1"' in text
    assert "Older concerns" not in text


def test_a_page_past_the_end_says_there_is_nothing_older(practitioner_client, fifty_five_concerns):
    response = practitioner_client.get("/concerns/?page=7")
    assert response.status_code == 200
    assert "There are no older concerns" in response.text


@pytest.mark.parametrize("number", ["abc", "-3", "0", "99999999999999999999"])
def test_a_nonsense_page_number_shows_a_page_not_an_error(
    practitioner_client, practitioner, number
):
    concern = file_test_concern(filed_by=practitioner)
    response = practitioner_client.get(f"/concerns/?page={number}")
    assert response.status_code == 200
    assert concern.reference in response.text or "There are no older concerns" in response.text
