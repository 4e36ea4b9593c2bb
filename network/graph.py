"""The network around a child or an entity: children and entities within two steps, as rows
for a table and as positions for a server-drawn SVG picture. Four queries whatever the size."""

import math
from dataclasses import dataclass, field
from typing import ClassVar

from concerns.models import Child

from .models import Entity, EntityLink

MAX_NODES = 200  # a picture (and table) bigger than this says nothing more
# Room below the outer ring for its lowest node's label (at 560 it was cut off).
WIDTH, HEIGHT = 720, 600
RINGS = (0, 150, 255)
# A label's width per character at the 22 units phones draw it (Arial averages about 0.55 em),
# and the room kept between a label and the picture's edge.
LABEL_UNITS_PER_CHARACTER = 12.5
EDGE = 4


@dataclass
class Node:
    key: tuple  # ("child", id) or ("entity", id)
    label: str
    kind: str  # "child" or an entity kind
    kind_label: str
    ring: int
    x: float = 0.0
    y: float = 0.0
    neighbours: list = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.key[1]

    @property
    def is_child(self) -> bool:
        return self.kind == "child"

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 18 else self.label[:17] + "…"

    @property
    def label_x(self) -> float:
        """Where its label is centred: under it, but moved in from the picture's edge so that
        the whole label shows, at the larger size phones draw it."""
        half = len(self.short_label) * LABEL_UNITS_PER_CHARACTER / 2
        return round(min(max(self.x, half + EDGE), WIDTH - half - EDGE), 1)


@dataclass
class Network:
    centre: Node
    nodes: list
    edges: list  # (Node, Node)
    truncated: bool
    width: ClassVar[int] = WIDTH  # of the picture, in its own units
    height: ClassVar[int] = HEIGHT

    @property
    def children(self) -> list:
        return [node for node in self.nodes if node.is_child]

    @property
    def entities(self) -> list:
        return [node for node in self.nodes if not node.is_child]

    @property
    def others_children(self) -> list:
        return [node for node in self.children if node is not self.centre]

    @property
    def others_entities(self) -> list:
        return [node for node in self.entities if node is not self.centre]

    @property
    def pack_entity_id(self) -> int | None:
        """An entity of the network, for its meeting pack (the whole cluster it is in)."""
        entities = self.entities
        return entities[0].pk if entities else None


def network_for_child(*, child_id: int) -> Network | None:
    first = _links(child_id=child_id)
    entity_ids = {entity_id for entity_id, _ in first}
    second = _links(entity_id__in=entity_ids) if entity_ids else []
    return _build(("child", child_id), first + second)


def network_for_entity(*, entity_id: int) -> Network | None:
    first = _links(entity_id=entity_id)
    child_ids = {child_id for _, child_id in first}
    second = _links(child_id__in=child_ids) if child_ids else []
    return _build(("entity", entity_id), first + second)


def _links(**where) -> list[tuple[int, int]]:
    rows = EntityLink.objects.filter(**where).values_list("entity_id", "child_id")
    return list(rows.distinct()[: MAX_NODES * 20])


def _build(centre_key: tuple, pairs: list) -> Network | None:
    edges = {(("entity", e), ("child", c)) for e, c in pairs}
    ring = _rings(centre_key, edges)
    keys = sorted(ring, key=lambda k: (ring[k], k))
    truncated = len(keys) > MAX_NODES
    keys = keys[:MAX_NODES]
    nodes = _named(keys, ring)
    if centre_key not in nodes:
        return None
    kept = [(nodes[a], nodes[b]) for a, b in sorted(edges) if a in nodes and b in nodes]
    for a, b in kept:
        a.neighbours.append(b)
        b.neighbours.append(a)
    ordered = [nodes[k] for k in keys]
    _lay_out(ordered)
    return Network(centre=nodes[centre_key], nodes=ordered, edges=kept, truncated=truncated)


def _rings(centre: tuple, edges: set) -> dict:
    """Steps from the centre: 0, 1 or 2."""
    touching: dict = {}
    for a, b in edges:
        touching.setdefault(a, set()).add(b)
        touching.setdefault(b, set()).add(a)
    ring = {centre: 0}
    for step in (1, 2):
        for node in [k for k, r in ring.items() if r == step - 1]:
            for other in touching.get(node, ()):
                ring.setdefault(other, step)
    return ring


def _named(keys: list, ring: dict) -> dict:
    child_ids = [pk for kind, pk in keys if kind == "child"]
    entity_ids = [pk for kind, pk in keys if kind == "entity"]
    nodes = {}
    for child in Child.objects.filter(pk__in=child_ids).only("first_name", "last_name"):
        key = ("child", child.pk)
        nodes[key] = Node(key, child.full_name, "child", "Child", ring[key])
    for entity in Entity.objects.filter(pk__in=entity_ids):
        key = ("entity", entity.pk)
        nodes[key] = Node(key, entity.label, entity.kind, entity.get_kind_display(), ring[key])
    return nodes


def _lay_out(nodes: list) -> None:
    """Rings around the centre; each ring's nodes spread evenly, the outer ring's ordered by
    the position of the inner node they hang from, so lines cross less."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    order = {}
    for ring in (0, 1, 2):
        members = [n for n in nodes if n.ring == ring]
        if ring == 2:
            members.sort(key=lambda n: min((order.get(id(m), 0) for m in n.neighbours), default=0))
        for index, node in enumerate(members):
            angle = 2 * math.pi * index / max(len(members), 1) - math.pi / 2
            if ring == 2 and len(members) > 1:
                angle += math.pi / len(members)
            node.x = round(cx + RINGS[ring] * math.cos(angle), 1)
            node.y = round(cy + RINGS[ring] * math.sin(angle), 1)
            order[id(node)] = index / max(len(members), 1)
