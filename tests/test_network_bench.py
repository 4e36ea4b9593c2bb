"""The network's pages and filing with entities make the same number of queries on a small
and on a larger seeded data set (the benchmark's data, with entities at a realistic rate:
a third of concerns naming one to three, a few dense clusters)."""

import io
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import roles
from concerns.models import Concern
from network.keys import EntityInput
from network.models import Entity, EntityLink
from network.services import concern_file_with_entities

from .factories import child_details
from .network_support import file_naming, vehicle

pytestmark = pytest.mark.django_db


def _seed(concerns: int, seed: int) -> None:
    """seed_bench names entities in a third of the concerns (benchtools.network)."""
    call_command("seed_bench", concerns=concerns, seed=seed, stdout=io.StringIO())


def _dense() -> list[int]:
    """The busiest person, the busiest vehicle, and an entity in a network of more than one
    concern (so it has a meeting pack) even when the seed named no entity twice."""
    busiest = [
        EntityLink.objects.filter(entity__kind=kind)
        .values("entity_id")
        .annotate(n=Count("id"))
        .order_by("-n", "entity_id")
        .first()["entity_id"]
        for kind in ("person", "vehicle")
    ]
    with_history = Concern.objects.values("child_id").annotate(n=Count("id")).filter(n__gt=1)
    shared = EntityLink.objects.filter(concern__child_id__in=with_history.values("child_id"))
    return [*busiest, shared.order_by("entity_id").first().entity_id]


def _counts(dense_ids: list[int], run: int) -> dict[str, int]:
    lead = User.objects.filter(groups__name=roles.LEAD).first()
    practitioner = User.objects.filter(groups__name=roles.PRACTITIONER).first()
    person, car, busiest = dense_ids
    child = EntityLink.objects.filter(entity_id=person).first().concern.child_id
    client = Client()
    client.force_login(lead)
    pages = {
        "entity page": f"/network/entities/{person}/",
        "network view (dense cluster)": f"/network/entities/{car}/network/",
        "child's network": f"/network/children/{child}/",
        "Networks page": "/network/",
        "Places page": "/network/places/?months=all",
        "meeting pack": f"/network/entities/{busiest}/meeting-pack/",
    }
    counts = {}
    for label, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, label
        counts[label] = len(queries)
    registration = Entity.objects.get(pk=car).registration
    _file(practitioner, registration, "Warmup", 0)  # configuration read once per process
    with CaptureQueriesContext(connection) as queries:
        _file(practitioner, registration, NAMES[run], run)
    counts["filing with three entities"] = len(queries)
    return counts


NAMES = {1: "Alpha", 2: "Bravo"}


def _file(practitioner, registration: str, first_name: str, run: int):
    """A new child each time, the dense cluster's car, a similar name, a new phone number."""
    concern_file_with_entities(
        entities=[
            EntityInput(kind="vehicle", registration=registration),
            EntityInput(kind="person", name="Dazza", approximate_age=30),
            EntityInput(kind="phone", number=f"07911 {run:03d}{len(first_name):03d}"),
        ],
        filed_by=practitioner,
        child=child_details(first_name=first_name),
        answers={},
        disclosure=False,
        immediate_risk=False,
        narrative="x",
        submission_token=uuid.uuid4(),
    )


def test_network_pages_and_filing_make_the_same_queries_with_more_data():
    _seed(300, 1)
    dense = _dense()
    small = _counts(dense, 1)
    _seed(1200, 2)
    assert Concern.objects.count() > 1500
    assert EntityLink.objects.count() > 500
    assert _counts(dense, 2) == small


def test_filing_naming_more_entities_makes_no_more_queries(practitioner):
    """A concern's entities are looked up and written together, not one by one: naming seven
    (known and new, of every kind) makes the queries that naming two does."""
    person = EntityInput(kind="person", name="Dazza", approximate_age=30)
    file_naming(
        filed_by=practitioner,
        entities=[vehicle("AB12 CDE"), EntityInput(kind="phone", number="07700 900123"), person],
        first_name="Warmup",  # configuration is read once per process
    )

    def queries(first_name: str, entities: list[EntityInput]) -> int:
        with CaptureQueriesContext(connection) as captured:
            file_naming(filed_by=practitioner, first_name=first_name, entities=entities)
        return len(captured)

    two = queries("Alpha", [vehicle("AB12 CDE"), person])
    seven = queries(
        "Bravo",
        [
            vehicle("AB12 CDE"),
            EntityInput(kind="phone", number="+44 7700 900123"),
            person,
            EntityInput(kind="place", name="Kebab King", postcode="SP1 1AA"),
            EntityInput(kind="phone", number="07911 123456"),
            EntityInput(kind="account", platform="snapchat", handle="@someone"),
            vehicle("XY11 ZZZ"),
        ],
    )
    assert seven == two
    assert EntityLink.objects.filter(concern__child__first_name="Bravo").count() == 7
