"""Matching a child at filing: certain matches link, alike ones go to the leads, and the
practitioner never learns that another record exists."""

import datetime

import pytest

from concerns import matching
from concerns.child_services import birth_year, possible_duplicates_find
from concerns.models import Child, Concern, PossibleMatch
from scripts.matchlib.evaluate import evaluate
from scripts.matchlib.labelled import TODAY, labelled_records

from .factories import child_details, file_test_concern

DOB = datetime.date(2013, 4, 9)
# More first names than a filing compares children (child_services.CANDIDATE_LIMIT), none
# sounding like Chloe.
COMMON_SURNAME_SIBLINGS = [
    f"{start}{end}"
    for start in ("Ada", "Bea", "Dot", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jem", "Lux", "Mo", "Nia")
    for end in ("", "lyn", "ra", "mina", "tt", "son", "bel", "ris", "dora", "wen", "fer")
]


def identity(first, last, dob=DOB, **kwargs):
    year = kwargs.pop("birth_year", dob.year if dob else None)
    return matching.Identity(first, last, date_of_birth=dob, birth_year=year, **kwargs)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Chloe", "Green"), ("Cloe", "Green")),
        (("Mohammed", "Khan"), ("Muhammad", "Khan")),
        (("Alexander", "Bishop"), ("Alex", "Bishop")),
        (("Chloe", "Green"), ("Green", "Chloe")),
        (("Jessica", "Townsend"), ("Jessica", "Towsnend")),
    ],
)
def test_alike_names_with_the_same_birthday_are_a_possible_match_not_a_certain_one(one, other):
    a, b = identity(*one), identity(*other)

    assert matching.compare(a, b).possible
    assert not matching.certain(a, b)


def test_an_approximate_age_in_the_right_year_and_the_same_school_is_a_possible_match():
    known = identity("Chloe", "Green", school="Avon Valley College")
    approximate = identity("Cloe", "Green", dob=None, birth_year=2013, school="Avon Valley College")

    assert matching.compare(known, approximate).possible


def test_twins_with_the_same_birthday_surname_and_school_are_not_put_to_the_leads():
    one = identity("Amelia", "Hart", school="Calne School", postcode="SN11 0AB")
    twin = identity("Oliver", "Hart", school="Calne School", postcode="SN11 0AB")

    assert not matching.compare(one, twin).possible
    assert not matching.certain(one, twin)


def test_setting_pairs_aside_by_first_name_never_loses_one_the_full_comparison_would_put():
    people = [
        matching.Identity(
            r.first_name,
            r.last_name,
            date_of_birth=r.date_of_birth,
            birth_year=birth_year(r.date_of_birth, r.age_years, TODAY),
            postcode=r.postcode,
            school=r.school,
            gender=r.gender,
        )
        for r in labelled_records(120, seed=11)
    ]
    pairs = [(a, b) for a in people for b in people if a is not b]

    put = [(a, b) for a, b in pairs if matching.compare(a, b).possible]

    assert put  # the set has repeats to find
    assert [(a, b) for a, b in pairs if matching.possible(a, b)] == put
    assert all(matching.possible(a, b) == matching.compare(a, b) for a, b in put)


def test_different_nhs_numbers_are_never_certain_however_alike_the_rest():
    a = identity("Chloe", "Green", nhs_number="9434765919")
    b = identity("Chloe", "Green", nhs_number="9999999999")

    assert not matching.certain(a, b)


def test_the_same_nhs_number_is_certain_when_the_birthday_agrees():
    a = identity("Chloe", "Green", nhs_number="9434765919")
    b = identity("Cloe", "Grene", nhs_number="9434765919")

    assert matching.certain(a, b)


def test_same_name_and_birthday_links_the_second_concern_to_the_first_childs_record(
    practitioner, other_practitioner
):
    first = file_test_concern(filed_by=practitioner, child=child_details(date_of_birth=DOB))
    second = file_test_concern(filed_by=other_practitioner, child=child_details(date_of_birth=DOB))

    assert second.child_id == first.child_id
    assert not PossibleMatch.objects.exists()


def test_cloe_with_an_approximate_age_is_a_new_record_put_to_the_leads_as_possible(
    practitioner, other_practitioner
):
    chloe = file_test_concern(
        filed_by=practitioner,
        child=child_details(first_name="Chloe", last_name="Green", date_of_birth=DOB),
    )
    cloe = file_test_concern(
        filed_by=other_practitioner,
        child=child_details(
            first_name="Cloe",
            last_name="Green",
            date_of_birth=None,
            age_years=13,
            age_is_approximate=True,
        ),
    )

    assert cloe.child_id != chloe.child_id
    pair = PossibleMatch.objects.get()
    assert (pair.child_a_id, pair.child_b_id) == (chloe.child_id, cloe.child_id)
    assert pair.found_by == "filing"


def test_cloe_is_put_to_the_leads_even_when_many_children_share_her_surname_and_year(
    practitioner, other_practitioner
):
    """A common surname must not crowd the alike record out of the children compared."""
    for first in COMMON_SURNAME_SIBLINGS:
        file_test_concern(
            filed_by=practitioner,
            child=child_details(first_name=first, last_name="Green", date_of_birth=DOB),
        )
    chloe = file_test_concern(
        filed_by=practitioner,
        child=child_details(first_name="Chloe", last_name="Green", date_of_birth=DOB),
    )
    cloe = file_test_concern(
        filed_by=other_practitioner,
        child=child_details(first_name="Cloe", last_name="Green", date_of_birth=None, age_years=13),
    )

    assert PossibleMatch.objects.filter(child_a=chloe.child, child_b=cloe.child).exists()


def test_a_practitioner_filing_an_alike_child_sees_nothing_of_the_other_record(
    client, practitioner, other_practitioner
):
    file_test_concern(
        filed_by=practitioner,
        child=child_details(first_name="Chloe", last_name="Green", nhs_number="9434765919"),
        narrative="Seen with an older man at the bus station.",
    )
    cloe = file_test_concern(
        filed_by=other_practitioner,
        child=child_details(first_name="Cloe", last_name="Green"),
    )
    client.force_login(other_practitioner)

    for path in (
        f"/concerns/{cloe.reference}/",
        f"/concerns/{cloe.reference}/filed/",
        "/concerns/",
    ):
        text = client.get(path).text
        assert "Chloe" not in text
        assert "9434765919" not in text
        assert "bus station" not in text
        assert "about this child" not in text
        assert "chronology" not in text.lower()
        assert "Possible same" not in text


def test_a_linked_concern_shows_its_filer_what_they_typed_not_what_others_added(
    client, practitioner, other_practitioner
):
    file_test_concern(
        filed_by=practitioner,
        child=child_details(date_of_birth=DOB, nhs_number="9434765919", postcode="SP1 2AB"),
    )
    second = file_test_concern(filed_by=other_practitioner, child=child_details(date_of_birth=DOB))
    client.force_login(other_practitioner)

    text = client.get(f"/concerns/{second.reference}/").text

    assert "9434765919" not in text
    assert "SP1 2AB" not in text


def test_the_nightly_check_finds_records_made_before_matching(practitioner):
    chloe = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Chloe", last_name="Green")
    )
    cloe = file_test_concern(
        filed_by=practitioner, child=child_details(first_name="Cloe", last_name="Green")
    )
    PossibleMatch.objects.all().delete()  # as if filed before matching existed

    assert possible_duplicates_find() == 1
    pair = PossibleMatch.objects.get()
    assert {pair.child_a_id, pair.child_b_id} == {chloe.child_id, cloe.child_id}
    assert pair.found_by == "nightly"
    assert possible_duplicates_find() == 0  # a pair is put to the leads once


def test_the_candidate_lookup_is_one_query_however_many_children(
    practitioner, django_assert_num_queries
):
    from concerns.child_services import candidates_for

    for n in range(30):
        file_test_concern(filed_by=practitioner, child=child_details(last_name=f"Other{n}"))
    with django_assert_num_queries(1):
        candidates_for(identity("Chloe", "Green", postcode="SP1 2AB", nhs_number="9434765919"))


def test_on_a_labelled_set_no_automatic_link_is_wrong_and_most_repeats_surface(db):
    """1,500 made-up records with nicknames, typos, swapped names, twins (scripts/matchlib)."""
    figures = evaluate(labelled_records(1500, seed=7))

    assert figures.auto_links > 0
    assert figures.wrong_auto_links == 0, figures.report()
    assert figures.possible_recall >= 0.95, figures.report()
    assert figures.possible_precision >= 0.80, figures.report()
    assert Child.objects.count() == figures.records - figures.auto_links
    assert not Concern.objects.exists()
