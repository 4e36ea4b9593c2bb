"""A lead merges two entries by hand: the same car with its registration mistyped, the same
man named by nickname in one concern and by name in another. The matching could not offer
these; the lead finds the other entry, chooses it, and every concern naming it names this one."""

import pytest

from audit.models import AuditEvent
from network import services
from network.clusters import cluster_of
from network.keys import EntityInput
from network.models import Entity, EntityLink, PossibleMatch

from .network_support import file_a_car_and_its_typo, file_naming, vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cars(practitioner, other_practitioner):
    file_a_car_and_its_typo(filed_by=practitioner, other_filer=other_practitioner)
    return Entity.objects.get(exact_key="AB12CDE"), Entity.objects.get(exact_key="AB12CDF")


def merge_page(car) -> str:
    return f"/network/entities/{car.pk}/merge/"


def test_a_lead_finds_a_mistyped_registration_by_part_of_it(lead_client, two_cars):
    car, typo = two_cars
    page = lead_client.post(merge_page(car), {"find": "ab12 cd"}).content.decode()
    assert "AB12 CDF: named in 1 concern" in page
    assert "AB12 CDE: named" not in page  # not offered itself
    event = AuditEvent.objects.filter(action="entity.viewed", object_id=car.pk).last()
    assert event.detail == {"page": "merge", "shown": [typo.pk]}


def test_merging_the_chosen_entry_puts_both_children_on_one_vehicle(lead_client, lead, two_cars):
    car, typo = two_cars
    response = lead_client.post(
        merge_page(car), {"find": "AB12", "action": "merge", "other": typo.pk}
    )
    assert response.status_code == 302 and response["Location"] == f"/network/entities/{car.pk}/"
    page = lead_client.get(response["Location"]).content.decode()
    assert "Merged: every concern naming the other entry now names this one." in page
    assert "Named in 2 concerns about 2 children." in page
    assert "Jamie Example" in page and "Riley Sample" in page
    assert EntityLink.objects.filter(entity=typo).count() == 0
    assert cluster_of(entity_id=car.pk).children == 2  # one network now
    event = AuditEvent.objects.get(action="entity.merged")
    assert event.actor == lead and event.detail["merged"] == typo.pk
    # The merged entry's old address leads to the one it joined.
    assert lead_client.get(f"/network/entities/{typo.pk}/")["Location"].endswith(
        f"/network/entities/{car.pk}/"
    )


def test_a_person_named_by_a_nickname_spelt_otherwise_is_found_by_its_sound(
    lead_client, practitioner, other_practitioner
):
    file_naming(filed_by=practitioner, entities=[EntityInput(kind="person", name="Dazza")])
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[
            EntityInput(kind="person", name="Darren Smith", alias="Daza", approximate_age=30)
        ],
    )
    dazza = Entity.objects.get(name="Dazza")
    page = lead_client.post(merge_page(dazza), {"find": "Daza"}).content.decode()
    assert "Darren Smith (Daza), about 30: named in 1 concern" in page


def test_a_place_is_found_by_its_postcode_and_shown_with_it(lead_client, practitioner):
    takeaway = {"kind": "place", "place_type": "takeaway", "postcode": "sp1 1aa"}
    file_naming(
        filed_by=practitioner,
        entities=[
            EntityInput(name="Kebab King", **takeaway),
            EntityInput(name="The chicken shop", **{**takeaway, "postcode": "SP2 7ZZ"}),
        ],
    )
    kebabs = Entity.objects.get(name="Kebab King")
    file_naming(
        filed_by=practitioner,
        first_name="Riley",
        entities=[EntityInput(name="Kings Kebabs", **takeaway)],
    )
    page = lead_client.post(merge_page(kebabs), {"find": "SP1 1AA"}).content.decode()
    assert "Kings Kebabs, SP1 1AA: named in 1 concern" in page
    assert "chicken" not in page


def test_only_entries_of_the_same_kind_are_offered(lead_client, practitioner):
    file_naming(
        filed_by=practitioner,
        entities=[
            vehicle("AB12 CDE"),
            EntityInput(kind="account", platform="snapchat", handle="ab12"),
        ],
    )
    car = Entity.objects.get(kind="vehicle")
    page = lead_client.post(merge_page(car), {"find": "AB12"}).content.decode()
    assert "No other vehicle matches what you typed." in page
    assert "Snapchat" not in page


def test_finding_with_nothing_typed_says_what_to_enter(lead_client, two_cars):
    car, _ = two_cars
    page = lead_client.post(merge_page(car), {"find": "  "}).content.decode()
    assert "There is a problem" in page
    assert "Enter the registration, or part of it" in page


def test_merging_without_choosing_asks_again_and_keeps_the_search(lead_client, two_cars):
    car, typo = two_cars
    page = lead_client.post(merge_page(car), {"find": "AB12 CD", "action": "merge"})
    text = page.content.decode()
    assert "Choose the entry that is the same as this one" in text
    assert 'value="AB12 CD"' in text  # what was typed, shown again
    assert "AB12 CDF: named in 1 concern" in text
    assert Entity.objects.get(pk=typo.pk).merged_into_id is None


def test_an_entry_not_among_those_found_is_refused_and_nothing_changes(lead_client, two_cars):
    car, typo = two_cars
    page = lead_client.post(
        merge_page(car), {"find": "XY99", "action": "merge", "other": typo.pk}
    ).content.decode()
    assert "No other vehicle matches what you typed." in page
    assert Entity.objects.get(pk=typo.pk).merged_into_id is None


def test_an_entry_another_lead_merged_meanwhile_is_not_merged_twice(
    lead_client, second_lead, two_cars
):
    car, typo = two_cars
    third = Entity.objects.create(kind="vehicle", registration="AB12 CDG", exact_key="AB12CDG")
    found = lead_client.post(merge_page(car), {"find": "AB12"}).content.decode()
    assert "AB12 CDF: named in 1 concern" in found
    services.entity_merge(keep=third, merge=typo, by=second_lead)  # while the first lead reads

    page = lead_client.post(merge_page(car), {"find": "AB12", "action": "merge", "other": typo.pk})
    assert "Choose one of the entries listed" in page.content.decode()
    assert EntityLink.objects.filter(entity=car).count() == 1


def test_a_phone_number_is_found_from_its_national_or_international_form(
    lead_client, practitioner, other_practitioner
):
    file_naming(filed_by=practitioner, entities=[EntityInput(kind="phone", number="07700 900982")])
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[EntityInput(kind="phone", number="07700 900983")],
    )
    first = Entity.objects.get(exact_key="+447700900982")
    for typed in ("07700 900983", "+44 7700 900 983", "900983"):
        page = lead_client.post(merge_page(first), {"find": typed}).content.decode()
        assert "07700 900983: named in 1 concern" in page, typed


def test_a_practitioner_cannot_open_or_post_the_merge_page(client, practitioner, two_cars):
    car, typo = two_cars
    client.force_login(practitioner)
    assert client.get(merge_page(car)).status_code == 403
    response = client.post(merge_page(car), {"find": "AB12", "action": "merge", "other": typo.pk})
    assert response.status_code == 403 and b"AB12" not in response.content
    assert Entity.objects.get(pk=typo.pk).merged_into_id is None


def test_after_a_merge_the_merged_entrys_other_pairs_are_put_to_the_leads_as_the_kept_ones(
    lead_client, lead, practitioner
):
    """Dazza, Daza and Dazz are each offered with the others. Once Daza is merged into
    Dazza, Daza's pair with Dazz is Dazza's: deciding it merges, rather than refusing for
    good because one side is merged; and Dazza's own pair with Dazz is not offered twice."""
    for n, name in enumerate(("Dazza", "Daza", "Dazz")):
        file_naming(
            filed_by=practitioner,
            first_name=f"Child{n}",
            entities=[EntityInput(kind="person", name=name, approximate_age=25)],
        )
    services.possible_matches_offer()
    dazza, daza, dazz = Entity.objects.filter(kind="person").order_by("id")
    assert PossibleMatch.objects.filter(status="open").count() == 3

    services.entity_merge(keep=dazza, merge=daza, by=lead)

    [left] = PossibleMatch.objects.filter(status="open")
    assert {left.first_id, left.second_id} == {dazza.pk, dazz.pk}
    networks = lead_client.get("/network/").content.decode()
    assert networks.count('action="/network/matches/') == 1
    lead_client.post(f"/network/matches/{left.pk}/", {"decision": "same"})
    assert Entity.objects.get(pk=dazz.pk).merged_into_id == dazza.pk


def test_a_pair_naming_an_entry_merged_before_is_no_longer_listed(lead_client, lead, practitioner):
    for n, name in enumerate(("Dazza", "Daza")):
        file_naming(
            filed_by=practitioner,
            first_name=f"Child{n}",
            entities=[EntityInput(kind="person", name=name, approximate_age=25)],
        )
    services.possible_matches_offer()
    dazza, daza = Entity.objects.filter(kind="person").order_by("id")
    assert "Daza" in lead_client.get("/network/").content.decode()  # offered
    other = Entity.objects.create(kind="person", name="Darren", name_text="darren")
    Entity.objects.filter(pk=daza.pk).update(merged_into=other)  # as a merge before the fix left it

    assert "Daza" not in lead_client.get("/network/").content.decode()


def test_an_entry_merged_many_times_over_still_leads_to_the_one_that_stands(
    lead_client, lead, practitioner
):
    """Twelve entries for one car, each merged into the next as leads find them."""
    cars = []
    for n in range(12):
        plate = f"AB12 C{n:02d}"
        file_naming(filed_by=practitioner, first_name=f"Child{n}", entities=[vehicle(plate)])
        cars.append(Entity.objects.get(registration=plate))
    for merged, kept in zip(cars, cars[1:], strict=False):
        services.entity_merge(keep=kept, merge=merged, by=lead)

    response = lead_client.get(f"/network/entities/{cars[0].pk}/")
    assert response["Location"] == f"/network/entities/{cars[-1].pk}/"
    page = lead_client.get(response["Location"]).content.decode()
    assert "Named in 12 concerns about 12 children." in page


def test_the_same_shows_both_entries_before_anything_is_merged(lead_client, lead, practitioner):
    for n, (name, age) in enumerate([("Dazza", 25), ("Daza", 27)]):
        file_naming(
            filed_by=practitioner,
            first_name=f"Child{n}",
            entities=[EntityInput(kind="person", name=name, approximate_age=age)],
        )
    services.possible_matches_offer()
    match = PossibleMatch.objects.get()
    page = lead_client.get(f"/network/matches/{match.pk}/").content.decode()
    assert "Are these the same person?" in page
    assert "Person, about 25" in page and "Person, about 27" in page
    assert page.count("1 concern about 1 child") == 2
    assert Entity.objects.filter(merged_into=None, kind="person").count() == 2  # not yet
    assert AuditEvent.objects.filter(action="entity.viewed", object_id=match.first_id).exists()

    response = lead_client.post(f"/network/matches/{match.pk}/", {"decision": "same"})
    assert response.status_code == 302
    assert Entity.objects.get(pk=match.second_id).merged_into_id == match.first_id
    again = lead_client.get(f"/network/matches/{match.pk}/", follow=True).content.decode()
    assert "Another lead has already decided this" in again
    assert lead_client.delete(f"/network/matches/{match.pk}/").status_code == 405


def test_a_practitioner_cannot_open_a_possible_match(client, practitioner, other_practitioner):
    for filer, name in ((practitioner, "Dazza"), (other_practitioner, "Daza")):
        file_naming(
            filed_by=filer, entities=[EntityInput(kind="person", name=name, approximate_age=25)]
        )
    services.possible_matches_offer()
    match = PossibleMatch.objects.get()
    client.force_login(practitioner)
    response = client.get(f"/network/matches/{match.pk}/")
    assert response.status_code == 403 and b"Daza" not in response.content
