"""Clusters: the connected groups of children and entities, through the concerns that name
them. Each link row carries its cluster's label (`EntityLink.cluster`), kept right as links
are written, so the Networks page is one indexed GROUP BY a page at a time and a meeting pack
reads one cluster's rows, however many concerns there are.

Keeping the labels:
- a concern's new links join the clusters of their entities and its child (the lowest label
  wins; links that touch nothing known start a cluster labelled with the first one's id): a
  few queries, whatever the size of the clusters;
- merging or splitting entities, merging child records or undoing a merge, and deleting
  links (retention) can join or part clusters: the clusters touched are worked out again from
  their rows (`relabel`), which costs the size of those clusters, not of the whole network.
Every change of labels takes one lock for the transaction (PostgreSQL's advisory lock; SQLite
writes one at a time anyway), so two filings at once cannot each join half a cluster.

A label is an integer and means nothing beyond "same cluster": the id of some link. Kept so
that, if a link with id N exists and some cluster is labelled N, that link is in that cluster;
so a new label taken from a link's id never collides with another cluster's.
Rows written around the services (the benchmark's bulk seed, links filed before this column
existed) have no label; the first use labels every link at once (`labels_catch_up`)."""

import datetime
import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q

from common.queries import rows_insert

from .models import Entity, EntityLink, Kind, PlaceType

PLACE_WORDS = {
    PlaceType.TAKEAWAY: ("takeaway", "takeaways"),
    PlaceType.HOTEL: ("hotel", "hotels"),
    PlaceType.HOUSE: ("house", "houses"),
    PlaceType.PARK: ("park", "parks"),
    PlaceType.SHOPS: ("shop", "shops"),
    PlaceType.TRANSPORT: ("transport stop", "transport stops"),
}
KIND_WORDS = {
    Kind.PERSON: ("person", "people"),
    Kind.VEHICLE: ("vehicle", "vehicles"),
    Kind.PLACE: ("place", "places"),
    Kind.PHONE: ("phone number", "phone numbers"),
    Kind.ACCOUNT: ("online account", "online accounts"),
}
# People first, then vehicles, places (named by type where known), phones and accounts.
WORDS_ORDER = [
    KIND_WORDS[Kind.PERSON],
    KIND_WORDS[Kind.VEHICLE],
    *PLACE_WORDS.values(),
    KIND_WORDS[Kind.PLACE],
    KIND_WORDS[Kind.PHONE],
    KIND_WORDS[Kind.ACCOUNT],
]
# What an entity's label is made of (Entity.label), and its kind's words.
LABEL_FIELDS = (
    *("kind", "place_type", "name", "alias", "registration", "colour", "make", "model"),
    *("number", "platform", "handle"),
)
LOCK_KEY = 7_140_014  # this module's advisory lock: any number no other code uses


@dataclass
class Cluster:
    label: int
    key: int  # its lowest entity id: what the Networks page links to
    children: int
    concerns: int
    latest: datetime.datetime | None
    kinds: Counter = field(default_factory=Counter)
    child_ids: set = field(default_factory=set)
    entity_ids: set = field(default_factory=set)
    names: list = field(default_factory=list)  # a few of its entities' labels, oldest first
    key_label: str = ""  # the label of the entity its network view centres on

    NAMES_SHOWN: ClassVar[int] = 3

    @property
    def more_names(self) -> int:
        return max(0, len(self.entity_ids) - len(self.names))

    @property
    def summary(self) -> str:
        """'5 children, 2 people, 1 vehicle, 1 takeaway'."""
        parts = [_count(self.children, ("child", "children"))]
        kinds = sorted(self.kinds.items(), key=lambda item: WORDS_ORDER.index(item[0]))
        parts += [_count(n, words) for words, n in kinds]
        return ", ".join(parts)


def _count(number: int, words: tuple) -> str:
    return f"{number} {words[0] if number == 1 else words[1]}"


def _words(kind: str, place_type: str) -> tuple:
    words = PLACE_WORDS.get(place_type) if kind == Kind.PLACE else None
    return words or KIND_WORDS[kind]


# --- reading ---------------------------------------------------------------------------------


def clusters_page(*, since: datetime.datetime | None, start: int, size: int) -> list[Cluster]:
    """Clusters with more than one concern filed since `since` (all time when None), counted
    within the period, the most children first, then the most concerns, then the latest:
    `size` of them from `start` (one more if there are more). Three queries (and one to check
    that every link has its label)."""
    labels_catch_up()
    links = EntityLink.objects.all()
    if since is not None:
        links = links.filter(filed_at__gte=since)
    rows = (
        links.values("cluster")
        .annotate(
            children=Count("child_id", distinct=True),
            concerns=Count("concern_id", distinct=True),
            latest=Max("filed_at"),
            key=Min("entity_id"),
        )
        .filter(concerns__gt=1)
        .order_by("-children", "-concerns", "-latest", "cluster")[start : start + size + 1]
    )
    found = {
        row["cluster"]: Cluster(
            row["cluster"], row["key"], row["children"], row["concerns"], row["latest"]
        )
        for row in rows
    }
    # The entities of this page's clusters only, from the links' index; then their kinds, by
    # these ids (entities are never deleted, so a filing or merge meanwhile cannot leave one
    # out; and joined in one query, the planner hashed every entity there is). Both asked even
    # for an empty page (no label or id is -1), so that the page makes the same queries always.
    pairs = list(
        links.filter(cluster__in=list(found) or [-1])
        .values_list("cluster", "entity_id")
        .order_by()  # not the model's ordering: it would make DISTINCT count a row per link
        .distinct()
    )
    kinds = Entity.objects.filter(pk__in={entity for _, entity in pairs} or [-1])
    words = {
        pk: _words(kind, place_type)
        for pk, kind, place_type in kinds.values_list("pk", "kind", "place_type")
    }
    for label, entity in pairs:
        cluster = found[label]
        cluster.kinds[words[entity]] += 1
        cluster.entity_ids.add(entity)
    _name(list(found.values()))
    return list(found.values())


def _name(page: list[Cluster]) -> None:
    """Give each cluster its first few entities' labels, and its key's: one query for those
    only (a large cluster has thousands of entities; their kinds are all the page counts)."""
    first = {c.label: heapq.nsmallest(Cluster.NAMES_SHOWN, c.entity_ids) for c in page}
    wanted = {c.key for c in page}.union(*first.values()) or {-1}
    labels = {e.pk: e.label for e in Entity.objects.filter(pk__in=wanted).only(*LABEL_FIELDS)}
    for cluster in page:
        cluster.names = [labels[pk] for pk in first[cluster.label]]
        cluster.key_label = labels.get(cluster.key, "")


def cluster_of(*, entity_id: int) -> Cluster | None:
    """The whole cluster an entity is in, with its children and entities. Two queries."""
    labels_catch_up()
    label = EntityLink.objects.filter(entity_id=entity_id).values_list("cluster", flat=True).first()
    if label is None:
        return None
    rows = EntityLink.objects.filter(cluster=label).values_list(
        "entity_id",
        "concern_id",
        "child_id",
        "filed_at",
        "entity__kind",
        "entity__place_type",
    )
    cluster = Cluster(label, entity_id, 0, 0, None)
    concerns, kinds = set(), {}
    for entity, concern, child, filed_at, kind, place_type in rows:
        cluster.entity_ids.add(entity)
        cluster.child_ids.add(child)
        concerns.add(concern)
        cluster.latest = max(filed_at, cluster.latest) if cluster.latest else filed_at
        kinds[entity] = _words(kind, place_type)
    cluster.key = min(cluster.entity_ids)
    cluster.children, cluster.concerns = len(cluster.child_ids), len(concerns)
    cluster.kinds = Counter(kinds.values())
    return cluster


# --- writing ---------------------------------------------------------------------------------


def lock() -> None:
    """Held until the transaction ends: one change of labels at a time. Take it before any
    row lock on entities or children, so that no two transactions wait for each other."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def links_create(
    links: list[EntityLink], *, child_id: int, known_labels: set[int], child_label: list
) -> None:
    """Write a concern's new links (all about one child): their entities' clusters and the
    child's become one, which the links join (the lowest label wins), or, when none of them is
    in a cluster yet, they start one labelled with the first link's id. The caller holds
    `lock()` and read, under it, the clusters of the entities already named elsewhere
    (`known_labels`; an entity made by this filing is in none) and what one of the child's
    links says of its cluster (`child_label`: [] when it has none). One statement, two when
    clusters join or start, whatever their size.

    What joining them one link at a time would write: every label met is joined into the
    lowest, and a new link's id is higher than any label (the id of a link made before it)."""
    if not links:
        return
    label = _joined_label(
        known_labels,
        entity_ids=[link.entity_id for link in links],
        child_id=child_id,
        child_label=child_label,
    )
    for link in links:
        link.cluster = label
    rows_insert(links)
    if label is None:
        label = links[0].pk
        EntityLink.objects.filter(pk__in=[link.pk for link in links]).update(cluster=label)
        for link in links:
            link.cluster = label


def _joined_label(
    labels: set[int], *, entity_ids: list[int], child_id: int, child_label: list
) -> int | None:
    """Join the clusters of these entities (`labels`) and this child and give their label, or
    None when none is in one yet. All the links of a child are in one cluster, through it: one
    of them says which (`child_label`). No query, one when clusters join.

    Links loaded around the services (with no label) are not looked for here: the first page
    that reads clusters labels every link afresh from scratch when any has none
    (`labels_catch_up`), which puts right whatever was joined here without them."""
    if child_label == [None]:  # this child's links were loaded around the services
        labels_catch_up()
        labels = labels_of(entity_ids=entity_ids, child_ids=[child_id])
    labels = labels | {label for label in child_label if label is not None}
    if not labels:
        return None
    label = min(labels)
    if len(labels) > 1:
        EntityLink.objects.filter(cluster__in=labels - {label}).update(cluster=label)
    return label


def labels_of(*, entity_ids=(), child_ids=(), link_ids=()) -> set[int]:
    """The labels of the clusters these entities, children or links are in."""
    where = Q(entity_id__in=list(entity_ids)) | Q(child_id__in=list(child_ids))
    where |= Q(pk__in=list(link_ids))
    rows = EntityLink.objects.filter(where).order_by().values_list("cluster", flat=True)
    return set(rows.distinct())


def relabel(labels: set) -> None:
    """Work these clusters out again from their rows, after a change that may have joined or
    parted them (a merge, a split, a deletion). Call inside the transaction that made it."""
    lock()
    labels = {label for label in labels if label is not None}
    if labels:
        _label(EntityLink.objects.filter(cluster__in=labels), labels)


def labels_catch_up() -> None:
    """Label every link, if any has no label (one indexed query when none is missing)."""
    if not EntityLink.objects.filter(cluster__isnull=True).exists():
        return
    with transaction.atomic():
        lock()
        if EntityLink.objects.filter(cluster__isnull=True).exists():
            links = EntityLink.objects.all()
            labelled = links.exclude(cluster=None).order_by().values_list("cluster", flat=True)
            _label(links, set(labelled.distinct()))


def _label(links, old_labels: set) -> None:
    rows = list(links.values_list("pk", "entity_id", "child_id", "cluster"))
    groups = _UnionFind()
    for _, entity_id, child_id, _ in rows:
        groups.union(("e", entity_id), ("c", child_id))
    members: dict = {}
    for pk, entity_id, _, label in rows:
        members.setdefault(groups.find(("e", entity_id)), []).append((pk, label))
    components = list(members.values())
    moved = [
        (pk, label)
        for component, label in zip(components, _new_labels(components, old_labels), strict=True)
        for pk, old in component
        if old != label
    ]
    _write_labels(moved)


BATCH = 5000


def _write_labels(moved: list[tuple[int, int]]) -> None:
    """Set each link's new label: on PostgreSQL thousands at a time from a VALUES list (all
    links at once after a bulk load, in seconds); elsewhere one update per label."""
    if connection.vendor != "postgresql":
        by_label: dict[int, list[int]] = {}
        for pk, label in moved:
            by_label.setdefault(label, []).append(pk)
        for label, pks in by_label.items():
            EntityLink.objects.filter(pk__in=pks).update(cluster=label)
        return
    table = EntityLink._meta.db_table
    for start in range(0, len(moved), BATCH):
        batch = moved[start : start + BATCH]
        values = ", ".join(["(%s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS link SET cluster = new.label "  # noqa: S608 (names ours)
                f"FROM (VALUES {values}) AS new(id, label) WHERE link.id = new.id",
                [number for pair in batch for number in pair],
            )


def _new_labels(components: list, old_labels: set) -> list[int]:
    """A label for each component: an old label whose link is in it (so a cluster that did
    not change keeps its label), otherwise its lowest link id (see the module's note)."""
    owner_of = {pk: i for i, component in enumerate(components) for pk, _ in component}
    chosen: dict[int, int] = {}
    for label in sorted(old_labels):
        owner = owner_of.get(label)
        if owner is not None and owner not in chosen:
            chosen[owner] = label
    return [chosen.get(i, min(pk for pk, _ in component)) for i, component in enumerate(components)]


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, node):
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:  # path compression
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a, b):
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a


def link_deleted(sender, instance: EntityLink, **kwargs) -> None:
    """A deleted link (a concern deleted at the end of its retention) may part its cluster:
    worked out again once the deletion is committed, once per cluster however many went."""
    if instance.cluster is not None:
        _DELETED.add(instance.cluster)
        transaction.on_commit(_relabel_deleted)


_DELETED: set = set()


def _relabel_deleted() -> None:
    labels = set(_DELETED)
    _DELETED.difference_update(labels)
    if labels:
        with transaction.atomic():
            relabel(labels)
