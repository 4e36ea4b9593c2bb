"""Clusters kept as links are written (network.clusters): a new link joins two clusters, a
split or a deleted concern parts them, merging child records joins theirs, and the labels
always divide the links exactly as working the whole network out from scratch would; the
Networks page lists clusters by size, then recency, a page at a time."""

import datetime
import re
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from concerns.child_services import child_merge, child_merge_undo
from network import clusters, services
from network.keys import EntityInput
from network.models import Entity, EntityLink

from .network_support import file_naming, vehicle

pytestmark = pytest.mark.django_db


def phone(number: str) -> EntityInput:
    return EntityInput(kind="phone", number=number, role="Texts her")


def _from_scratch() -> set[frozenset]:
    """The clusters as sets of link ids, worked out from every link."""
    groups = clusters._UnionFind()
    rows = list(EntityLink.objects.values_list("pk", "entity_id", "concern__child_id"))
    for _, entity_id, child_id in rows:
        groups.union(("e", entity_id), ("c", child_id))
    found: dict = {}
    for pk, entity_id, _ in rows:
        found.setdefault(groups.find(("e", entity_id)), set()).add(pk)
    return {frozenset(links) for links in found.values()}


def _labelled() -> set[frozenset]:
    found: dict = {}
    for pk, label in EntityLink.objects.values_list("pk", "cluster"):
        assert label is not None
        found.setdefault(label, set()).add(pk)
    return {frozenset(links) for links in found.values()}


def assert_labels_right():
    assert _labelled() == _from_scratch()
    # Each link keeps its concern's child and filing time (counts read the links alone).
    assert not EntityLink.objects.exclude(child_id=F("concern__child_id")).exists()
    assert not EntityLink.objects.exclude(filed_at=F("concern__filed_at")).exists()


def _label_of(concern) -> int:
    return EntityLink.objects.filter(concern=concern).values_list("cluster", flat=True).first()


def test_a_new_link_joins_the_clusters_of_its_entity_and_its_child(practitioner):
    car_first = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Riley")
    phone_first = file_naming(
        filed_by=practitioner, entities=[phone("07700 900123")], first_name="Sam"
    )
    file_naming(filed_by=practitioner, entities=[phone("07700 900123")], first_name="Alex")
    assert _label_of(car_first) != _label_of(phone_first)
    assert_labels_right()

    # Jamie's next concern names the phone: the car's cluster and the phone's are one.
    file_naming(filed_by=practitioner, entities=[phone("+44 7700 900123")])

    assert _label_of(car_first) == _label_of(phone_first)
    assert_labels_right()
    (cluster,) = clusters.clusters_page(since=None, start=0, size=50)
    assert cluster.summary == "4 children, 1 vehicle, 1 phone number"
    assert cluster.concerns == 5


def test_splitting_an_entity_parts_the_cluster_it_held_together(lead, practitioner):
    first = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    second = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Riley")
    assert _label_of(first) == _label_of(second)

    services.entity_split(entity=Entity.objects.get(), concern_ids=[second.pk], by=lead)

    assert _label_of(first) != _label_of(second)
    assert_labels_right()
    assert clusters.clusters_page(since=None, start=0, size=50) == []


def test_merging_two_entities_joins_their_clusters(lead, practitioner):
    first = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    second = file_naming(filed_by=practitioner, entities=[vehicle("XY34 ZZZ")], first_name="Riley")
    keep, merge = Entity.objects.order_by("pk")
    services.entity_merge(keep=keep, merge=merge, by=lead)
    assert _label_of(first) == _label_of(second)
    assert_labels_right()


def test_merging_child_records_joins_their_clusters_and_undoing_parts_them(lead, practitioner):
    first = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    second = file_naming(
        filed_by=practitioner, entities=[phone("07700 900123")], first_name="Jayme"
    )
    assert _label_of(first) != _label_of(second)

    merge = child_merge(
        kept_id=first.child_id, merged_id=second.child_id, reason="The same child", by=lead
    )
    assert _label_of(first) == _label_of(second)
    assert_labels_right()

    child_merge_undo(merge_id=merge.pk, reason="Different children", by=lead)
    assert _label_of(first) != _label_of(second)
    assert_labels_right()


def test_the_vehicle_page_counts_one_child_once_her_records_are_merged_and_two_once_undone(
    lead, lead_client, practitioner
):
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    second = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Jayme")
    car = Entity.objects.get()

    def named_in() -> str:
        page = lead_client.get(f"/network/entities/{car.pk}/").content.decode()
        return re.search(r"Named in [^.]*\.", page).group(0)

    assert named_in() == "Named in 2 concerns about 2 children."
    merge = child_merge(
        kept_id=car.links.first().concern.child_id,
        merged_id=second.child_id,
        reason="The same child",
        by=lead,
    )
    assert named_in() == "Named in 2 concerns about 1 child."
    # A third concern about her names the car: about the same child, not flagged.
    third = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    [line] = services.alert_count(third.entity_alert).lines
    assert (line["concerns"], line["children"]) == (2, 0)
    assert_labels_right()

    child_merge_undo(merge_id=merge.pk, reason="Different children", by=lead)
    assert named_in() == "Named in 3 concerns about 2 children."
    assert_labels_right()


def test_deleting_the_concern_that_joined_two_clusters_parts_them(
    practitioner, django_capture_on_commit_callbacks
):
    one = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Riley")
    other = file_naming(filed_by=practitioner, entities=[phone("07700 900123")], first_name="Sam")
    bridge = file_naming(
        filed_by=practitioner, entities=[phone("07700 900123")], first_name="Riley"
    )
    assert _label_of(one) == _label_of(other)

    with django_capture_on_commit_callbacks(execute=True):
        bridge.delete()

    assert _label_of(one) != _label_of(other)
    assert_labels_right()


def test_links_loaded_without_labels_are_labelled_on_first_use(practitioner):
    first = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    second = file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Riley")
    EntityLink.objects.update(cluster=None)  # as a bulk load leaves them

    (cluster,) = clusters.clusters_page(since=None, start=0, size=50)

    assert cluster.children == 2 and _label_of(first) == _label_of(second)
    assert_labels_right()


def test_a_filing_among_unlabelled_links_is_put_right_by_the_first_page_that_reads_them(
    practitioner,
):
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    EntityLink.objects.update(cluster=None)  # as a bulk load leaves them
    file_naming(
        filed_by=practitioner,
        entities=[vehicle("AB12 CDE"), phone("07700 900123")],
        first_name="Riley",
    )
    file_naming(filed_by=practitioner, entities=[phone("07700 900123")], first_name="Sam")

    (cluster,) = clusters.clusters_page(since=None, start=0, size=50)

    assert (cluster.children, cluster.concerns) == (3, 3)
    assert_labels_right()


def test_the_networks_page_lists_clusters_by_size_then_recency(lead_client, practitioner):
    def pair(registration, first_name, second_name):
        file_naming(filed_by=practitioner, entities=[vehicle(registration)], first_name=first_name)
        file_naming(filed_by=practitioner, entities=[vehicle(registration)], first_name=second_name)

    pair("AA11 AAA", "Ann", "Bea")  # two children, the oldest
    for name in ("Cat", "Dee", "Eve"):  # three children
        file_naming(filed_by=practitioner, entities=[vehicle("BB22 BBB")], first_name=name)
    pair("CC33 CCC", "Fay", "Gil")  # two children, the latest

    rows = clusters.clusters_page(since=None, start=0, size=50)
    assert [(c.children, c.key) for c in rows] == [
        (3, Entity.objects.get(registration="BB22 BBB").pk),
        (2, Entity.objects.get(registration="CC33 CCC").pk),
        (2, Entity.objects.get(registration="AA11 AAA").pk),
    ]
    page = lead_client.get("/network/?months=all").content.decode()
    assert page.index("3 children") < page.index("2 children")


def test_each_network_is_named_by_its_first_entries_and_its_link_says_around_whom(
    lead_client, practitioner
):
    dazza = EntityInput(kind="person", name="Dazza", approximate_age=30)
    shop = EntityInput(kind="place", name="Golden Dragon", postcode="SP1 1AA")
    phone = EntityInput(kind="phone", number="07700 900982")
    for name in ("Ann", "Bea"):
        file_naming(
            filed_by=practitioner, entities=[dazza, vehicle(), shop, phone], first_name=name
        )
    page = lead_client.get("/network/?months=all").content.decode()
    assert "Including Dazza, AB12 CDE, Golden Dragon and" in page
    assert "Around Dazza" in page


def test_the_network_view_counts_what_else_is_linked_and_prints_the_whole_network(
    lead_client, practitioner
):
    for name in ("Ann", "Bea"):
        file_naming(filed_by=practitioner, entities=[vehicle()], first_name=name)
    car = Entity.objects.get()
    page = lead_client.get(f"/network/entities/{car.pk}/network/").content.decode()
    assert "2 children and 0 other people and things linked" in page
    child = EntityLink.objects.first().child_id
    page = lead_client.get(f"/network/children/{child}/").content.decode()
    assert "1 other child and 1 person or thing linked" in page
    assert f"/network/entities/{car.pk}/meeting-pack/" in page
    assert "Print a MACE meeting pack for the whole network" in page


def test_the_networks_page_goes_a_page_at_a_time(lead_client, practitioner, monkeypatch):
    from network import views

    monkeypatch.setattr(views, "CLUSTERS_SHOWN", 2)
    for registration in ("AA11 AAA", "BB22 BBB", "CC33 CCC"):
        for name in ("Ann", "Bea"):
            file_naming(
                filed_by=practitioner,
                entities=[vehicle(registration)],
                first_name=f"{name}{registration[:2]}",
            )
    first = lead_client.get("/network/?months=all").content.decode()
    assert first.count("Meeting pack<") == 2 and "Smaller networks" in first
    second = lead_client.get("/network/?months=all&page=2").content.decode()
    assert second.count("Meeting pack<") == 1 and "Larger networks" in second
    assert "Smaller networks" not in second


def test_a_period_counts_only_the_concerns_filed_in_it(lead_client, practitioner):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Riley")
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")], first_name="Sam")

    (recent,) = clusters.clusters_page(
        since=timezone.now() - datetime.timedelta(days=180), start=0, size=50
    )
    (ever,) = clusters.clusters_page(since=None, start=0, size=50)
    assert (recent.children, ever.children) == (2, 3)


@pytest.mark.django_db(transaction=True)
def test_two_filings_at_once_through_one_car_end_in_one_cluster(practitioner):
    """The first filing holds the cluster lock while the second, naming the same car and a
    phone the first child's earlier concern named, waits for it; both end in one cluster."""
    if connection.vendor != "postgresql":
        pytest.skip("the lock is PostgreSQL's")
    file_naming(filed_by=practitioner, entities=[phone("07700 900123")], first_name="Sam")
    holding, release = threading.Event(), threading.Event()
    errors = []

    def first_filing():
        try:
            with transaction.atomic():
                file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
                holding.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    def second_filing():
        try:
            file_naming(
                filed_by=practitioner,
                entities=[vehicle("AB12 CDE"), phone("07700 900123")],
                first_name="Riley",
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    one = threading.Thread(target=first_filing)
    one.start()
    assert holding.wait(10)
    two = threading.Thread(target=second_filing)
    two.start()
    two.join(0.5)
    assert two.is_alive()  # waiting for the lock the first filing holds
    release.set()
    one.join(10)
    two.join(10)
    assert errors == []
    assert Entity.objects.filter(kind="vehicle").count() == 1
    assert EntityLink.objects.filter(entity__kind="vehicle").count() == 2  # both name that car
    assert len(_labelled()) == 1
    assert_labels_right()
