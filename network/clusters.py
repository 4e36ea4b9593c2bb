"""Clusters: the connected groups of children and entities, through the concerns that name
them. Union-find over the link rows: one query however many concerns there are (the work in
Python grows with the links read, about 33,000 rows at 100,000 concerns)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from .models import EntityLink, Kind, PlaceType

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


@dataclass
class Cluster:
    entity_ids: set = field(default_factory=set)
    child_ids: set = field(default_factory=set)
    concern_ids: set = field(default_factory=set)
    latest: datetime.datetime | None = None
    kinds: Counter = field(default_factory=Counter)

    @property
    def key(self) -> int:
        """The cluster's id in URLs: its lowest entity id."""
        return min(self.entity_ids)

    @property
    def summary(self) -> str:
        """'5 children, 2 people, 1 vehicle, 1 takeaway'."""
        parts = [_count(len(self.child_ids), ("child", "children"))]
        parts += [_count(n, words) for words, n in self.kinds.items()]
        return ", ".join(parts)


def _count(number: int, words: tuple) -> str:
    return f"{number} {words[0] if number == 1 else words[1]}"


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


def clusters_since(*, since: datetime.datetime | None) -> list[Cluster]:
    """Every cluster formed by concerns filed since `since` (all time when None), largest
    (most children, then most concerns) and most recent first."""
    return _compute(since)


def cluster_of(*, entity_id: int) -> Cluster | None:
    for cluster in clusters_since(since=None):
        if entity_id in cluster.entity_ids:
            return cluster
    return None


def _compute(since) -> list[Cluster]:
    links = EntityLink.objects.all()
    if since is not None:
        links = links.filter(concern__filed_at__gte=since)
    fields = ("entity_id", "concern_id", "concern__child_id", "concern__filed_at")
    rows = list(links.values_list(*fields, "entity__kind", "entity__place_type"))
    groups = _UnionFind()
    for entity_id, _, child_id, *_ in rows:
        groups.union(("e", entity_id), ("c", child_id))
    clusters: dict = {}
    kinds = {}
    for entity_id, concern_id, child_id, filed_at, kind, place_type in rows:
        cluster = clusters.setdefault(groups.find(("e", entity_id)), Cluster())
        cluster.entity_ids.add(entity_id)
        cluster.child_ids.add(child_id)
        cluster.concern_ids.add(concern_id)
        cluster.latest = max(filed_at, cluster.latest) if cluster.latest else filed_at
        kinds[entity_id] = (kind, place_type)
    _count_kinds(clusters.values(), kinds)
    found = [c for c in clusters.values() if len(c.concern_ids) > 1]
    found.sort(key=lambda c: (len(c.child_ids), len(c.concern_ids), c.latest), reverse=True)
    return found


def _count_kinds(clusters, kinds: dict) -> None:
    for cluster in clusters:
        for entity_id in cluster.entity_ids:
            kind, place_type = kinds[entity_id]
            words = PLACE_WORDS.get(place_type) if kind == Kind.PLACE else None
            cluster.kinds[words or KIND_WORDS[kind]] += 1
