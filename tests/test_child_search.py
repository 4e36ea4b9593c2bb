"""A lead finds a child by name (spelling-tolerant), date of birth or age, school, postcode,
NHS number or UPN. What was searched for never appears in an address."""

import datetime

import pytest

from audit.models import AuditEvent

from .factories import child_details, file_test_concern

pytestmark = pytest.mark.django_db
DOB = datetime.date(2013, 4, 9)


@pytest.fixture
def children(practitioner):
    chloe = file_test_concern(
        filed_by=practitioner,
        child=child_details(
            first_name="Chloe",
            last_name="Green",
            date_of_birth=DOB,
            school="Avon Valley College",
            postcode="SP4 7AB",
            nhs_number="9434765919",
            upn="A123456789012",
        ),
    )
    other = file_test_concern(
        filed_by=practitioner,
        child=child_details(first_name="Marcus", last_name="Hill", school="Calne School"),
    )
    return chloe.child, other.child


def names_found(response) -> list[str]:
    table = response.text.split("Child records found")[-1]
    return [name for name in ("Chloe Green", "Marcus Hill") if name in table]


@pytest.mark.parametrize(
    "search",
    [
        {"name": "Cloe Grene"},
        {"name": "green chloe"},
        {"date_of_birth_0": "9", "date_of_birth_1": "4", "date_of_birth_2": "2013"},
        {"school": "avon valley college"},
        {"postcode": "sp47ab"},
        {"nhs_number": "943 476 5919"},
        {"upn": "a123456789012"},
    ],
)
def test_lead_finds_the_child_by_any_one_detail(lead_client, children, search):
    response = lead_client.post("/children/search/", search)

    assert response.status_code == 200
    assert names_found(response) == ["Chloe Green"]


def test_search_by_age_finds_children_born_in_the_years_that_age_allows(lead_client, children):
    today = datetime.date.today()
    age = today.year - DOB.year - ((today.month, today.day) < (DOB.month, DOB.day))

    response = lead_client.post("/children/search/", {"age": str(age), "name": "Green"})

    assert names_found(response) == ["Chloe Green"]


def test_search_words_are_posted_never_in_the_address_and_the_search_is_audited(
    lead_client, lead, children
):
    page = lead_client.get("/children/search/")
    assert 'method="post"' in page.text

    response = lead_client.post("/children/search/", {"name": "Chloe"})

    assert response.status_code == 200  # results in the response: no redirect carrying words
    event = AuditEvent.objects.get(action="child.searched", actor=lead)
    assert "Chloe" not in str(event.detail)


def test_an_empty_search_or_a_bad_nhs_number_is_explained(lead_client, children):
    empty = lead_client.post("/children/search/", {})
    bad = lead_client.post("/children/search/", {"nhs_number": "943 476 5918"})

    assert "Enter at least one thing to search for" in empty.text
    assert "Enter a valid NHS number, like 943 476 5919" in bad.text
    assert 'value="943 476 5918"' in bad.text


def test_a_merged_away_record_is_not_found(lead_client, lead, children):
    from concerns.child_services import child_merge

    chloe, other = children
    child_merge(kept_id=other.pk, merged_id=chloe.pk, reason="Test.", by=lead)

    response = lead_client.post("/children/search/", {"nhs_number": "9434765919"})

    assert "Chloe Green" not in response.text
    assert "Marcus Hill" in response.text  # the kept record now holds the NHS number


def _queries(client, method, path, data=None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(path, data or {})
    return len(queries)


def test_search_and_possible_matches_read_the_same_number_of_rows_however_many(
    lead_client, practitioner
):
    def file_pair(n):
        for first in ("Chloe", "Cloe"):
            file_test_concern(
                filed_by=practitioner,
                child=child_details(first_name=first, last_name=f"Green{'e' * n}"),
            )

    file_pair(0)
    lead_client.get("/children/possible-matches/")  # sessions, roles: read once
    few = (
        _queries(lead_client, "get", "/children/possible-matches/"),
        _queries(lead_client, "post", "/children/search/", {"name": "Chloe"}),
    )
    for n in range(1, 6):
        file_pair(n)
    many = (
        _queries(lead_client, "get", "/children/possible-matches/"),
        _queries(lead_client, "post", "/children/search/", {"name": "Chloe"}),
    )

    assert few == many
