"""Entities for the benchmark's concerns, at a realistic rate: a third of concerns name one to
three people, vehicles, places, phones or accounts, each named once but for a few dense
clusters (a man, his car, a takeaway and a phone) that reach over a hundred children each at
100,000 concerns.

Loaded with bulk inserts after `seed_bench`; keys are worked out by the application's own
normalisation so that filing matches against them as it would against real ones."""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from concerns.models import Concern
from network.keys import given, keys_for, tidy
from network.models import DETAIL_FIELDS, Entity, EntityLink, Kind, PlaceType

SHARE_NAMING = 1 / 3
DENSE_CLUSTERS = 5
DENSE_SHARE = 0.02  # of naming concerns, linked to one of the dense clusters
BATCH = 5_000
WORDS = ["Dazza", "Mo", "Tariq", "Kev", "Shaun", "Jay", "Ash", "Lee", "Dean", "Ricky", "Sam"]
PLACES = ["Kebab King", "Fore Street Park", "Station Hotel", "The Parade", "Chicken Cottage"]


@dataclass
class NetworkSeed:
    entities: int
    links: int
    dense_entity_ids: list


def seed_network(*, rng: random.Random, added_by_id: int, chunk: int = 50_000) -> NetworkSeed:
    """Entities for the concerns added since the last seeding (it adds to what is there),
    `chunk` concerns at a time so that memory stays flat however many there are."""
    last = EntityLink.objects.order_by("-concern_id").values_list("concern_id", flat=True).first()
    fresh = (
        Concern.objects.filter(id__gt=last or 0)
        .order_by("id")
        .values_list("id", "child_id", "filed_at")
    )
    if not fresh.exists():
        return NetworkSeed(0, 0, [])
    with transaction.atomic():
        dense = [_dense_cluster(n) for n in range(DENSE_CLUSTERS)]
        made = len(Entity.objects.bulk_create([e for cluster in dense for e in cluster]))
        serial, links, after = 0, 0, last or 0
        while rows := list(fresh.filter(id__gt=after)[:chunk]):
            after = rows[-1][0]
            naming = [row for row in rows if rng.random() < SHARE_NAMING]
            pending, named = _name_entities(naming, dense, rng, serial)
            Entity.objects.bulk_create(pending, batch_size=BATCH)
            serial += len(pending)
            links += _link(named, added_by_id)
    return NetworkSeed(made + serial, links, [e.pk for e in dense[0]])


def _name_entities(naming: list[tuple], dense, rng: random.Random, serial: int):
    """New entities, and ((concern id, child id, filed at), entity) pairs: a few concerns name
    part of a dense cluster, the rest one to three entities of their own.

    Not others named elsewhere at random: with 15% of namings reusing an entity from the same
    stretch, one cluster held 7,806 of the 40,000 children at 100,000 concerns (tried)."""
    pending: list[Entity] = []
    links: list[tuple[tuple, int | Entity]] = []
    for concern in naming:
        if rng.random() < DENSE_SHARE:
            for entity in rng.choice(dense)[: rng.randint(1, 4)]:
                links.append((concern, entity))
            continue
        for _ in range(rng.randint(1, 3)):
            entity = _entity(rng, serial + len(pending))
            pending.append(entity)
            links.append((concern, entity))
    return pending, links


def _link(links, added_by_id: int) -> int:
    now = timezone.now()
    seen, rows = set(), []
    for (concern_id, child_id, filed_at), entity in links:
        entity_id = entity if isinstance(entity, int) else entity.pk
        if (concern_id, entity_id) in seen:
            continue
        seen.add((concern_id, entity_id))
        rows.append(
            EntityLink(
                entity_id=entity_id,
                concern_id=concern_id,
                child_id=child_id,
                filed_at=filed_at,
                added_by_id=added_by_id,
                added_at=now,
                role="Named in the concern",
                named=_named(entity),
            )
        )
    EntityLink.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    return len(rows)


def _named(entity: Entity | int) -> dict:
    """What the concern said of it: what the entity was made from."""
    if isinstance(entity, int):
        return {}
    return given({name: getattr(entity, name) for name in DETAIL_FIELDS})


def _made(kind: str, **details) -> Entity:
    details = tidy(kind, details)
    return Entity(kind=kind, **details, **keys_for(kind, details))


def _dense_cluster(number: int) -> list[Entity]:
    return [
        _made(Kind.PERSON, name=f"{WORDS[number]} {number}", approximate_age=30 + number),
        _made(Kind.VEHICLE, registration=f"DN{10 + number}ABC", make="Vauxhall", colour="Silver"),
        _made(
            Kind.PLACE,
            name=PLACES[number],
            place_type=PlaceType.TAKEAWAY,
            postcode=f"SP{number + 1} 1AA",
        ),
        _made(Kind.PHONE, number=f"07700 900{number:03d}"),
    ]


def new_entity(rng: random.Random, serial: int) -> Entity:
    """An entity named once, as the seed makes them (not saved)."""
    return _entity(rng, serial)


def _entity(rng: random.Random, serial: int) -> Entity:
    kind = rng.choice(
        [Kind.PERSON, Kind.PERSON, Kind.VEHICLE, Kind.PLACE, Kind.PHONE, Kind.ACCOUNT]
    )
    if kind == Kind.PERSON:
        return _made(
            kind, name=f"{rng.choice(WORDS)} {serial}", approximate_age=rng.randint(17, 50)
        )
    if kind == Kind.VEHICLE:
        return _made(kind, registration=f"BX{serial:06d}")
    if kind == Kind.PLACE:
        return _made(kind, name=f"{rng.choice(PLACES)} {serial}", place_type=PlaceType.OTHER)
    if kind == Kind.PHONE:
        return _made(kind, number=f"+44 7{serial:09d}")
    return _made(kind, platform="snapchat", handle=f"user{serial}")
