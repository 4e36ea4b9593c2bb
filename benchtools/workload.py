"""Real use, for `make bench`: what each request to each page asks for. A random concern,
child, filter, search, page or filing each time, chosen from lists made here once per run, so
that the load tool (wrk, from scripts/benchlib) and the in-process drawing ask the same things.

Addresses carry only references, record numbers, filters and search tokens: a child's name
is only ever in a POST body (a search, a filing), never in a path (tests/test_bench_workload.py).
"""

import random
import string
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concerns.children import age_on
from concerns.models import Child, Concern
from network.forms import FORMS
from network.models import Entity, EntityLink, Kind

from . import network as network_seed
from .drawing import Targets, queue_pages
from .pages import ANONYMOUS, LEAD, PRACTITIONER, filing_form

THIRD, FIFTH = 1 / 3, 1 / 5
TOKEN = "__TOKEN__"  # noqa: S105 - replaced by a fresh submission token in each request
DENSE_ENTITIES = 20  # the entities in the most concerns: the dense clusters' people and cars
PERIODS = ["3", "6", "12", "all"]
TRIVIAL = "/bench/ok"  # benchtools.urls, served under cse_portal.settings.bench only


@dataclass
class LoadPage:
    """One row of the table: a page, who asks for it, and what each request may ask."""

    label: str
    slug: str  # for file names
    who: str
    target: float | None = None
    paths: list[str] = field(default_factory=list)  # GET: one chosen per request
    # Searches are POSTed once per signed-in session before the run; the addresses they
    # redirect to (holding a token only that session can read) are then chosen per request.
    # A search answered in place (no redirect) is POSTed on every request instead.
    search_at: str = ""
    searches: list[dict] = field(default_factory=list)
    # Filings: POSTed to post_at, one form chosen per request, TOKEN replaced each time.
    post_at: str = ""
    forms: list[dict] = field(default_factory=list)
    in_process: bool = True  # drawn in-process by this module (not by benchtools.drawing)

    @property
    def method(self) -> str:
        return "POST" if self.post_at else "GET"


def build(*, count: int = 400, seed: int = 7) -> list[LoadPage]:
    """Every page `make bench` drives, in the table's order. Issue 12's pages are drawn
    in-process by benchtools.drawing; this module draws the rest (`measure`)."""
    rng = random.Random(seed)
    targets = Targets(rng)
    triage, queue = reverse("triage"), reverse("referral_queue")
    queue_paths = queue_pages(queue, 3)

    def many(make) -> list:
        return [make() for _ in range(count)]

    def query(path: str, **values) -> str:
        return f"{path}?{urlencode(values)}"

    pages = [
        LoadPage("Trivial signed-in view", "trivial", LEAD, paths=[TRIVIAL]),
        LoadPage(
            "Triage dashboard",
            "triage",
            LEAD,
            THIRD,
            paths=many(lambda: triage_page(rng, targets, triage)),
        ),
        LoadPage(
            "Triage, filtered",
            "filtered",
            LEAD,
            THIRD,
            paths=many(lambda: query(triage, **targets.filters())),
        ),
        LoadPage(
            "Triage, search",
            "search",
            LEAD,
            THIRD,
            search_at=triage,
            searches=many(lambda: {"search": targets.search_words()}),
        ),
        LoadPage(
            "Referral queue",
            "queue",
            LEAD,
            THIRD,
            paths=many(lambda: rng.choice(queue_paths)),
        ),
        LoadPage(
            "Concern page (lead)",
            "concern",
            LEAD,
            THIRD,
            paths=many(lambda: reverse("concern_detail", args=[targets.concern().reference])),
        ),
        LoadPage(
            "Child chronology",
            "chronology",
            LEAD,
            THIRD,
            paths=many(lambda: reverse("child_chronology", args=[targets.child_id()])),
        ),
        LoadPage(
            "File a concern (POST)",
            "file",
            PRACTITIONER,
            FIFTH,
            post_at=reverse("concern_new"),
            forms=many(lambda: plain_filing(rng)),
        ),
    ]
    for page in pages[:-1]:
        page.in_process = False  # benchtools.drawing draws these
    # Filing is drawn here too, with the same invented children as under load, so that it
    # compares like for like with filing a child like an existing one.
    return pages + _more_pages(rng, targets, many, query)


def triage_page(rng: random.Random, targets: Targets, triage: str) -> str:
    """The first page half the time, else a page further on: by keyset cursor where the
    dashboard pages that way (benchtools.drawing's Targets.after), else by number."""
    after = getattr(targets, "after", None)
    if after is None:
        return f"{triage}?page={rng.randint(1, 5)}"
    return triage if rng.random() < 0.5 else f"{triage}?{urlencode({'after': after()})}"


def _more_pages(rng, targets, many, query) -> list[LoadPage]:
    """Issues 13 and 14: matching children, finding a child, and the network."""
    dense = dense_entities()
    named_often = list(Entity.objects.filter(pk__in=[entity_id for _, entity_id in dense]))
    children = ChildPicker(rng)
    new = reverse("concern_new")
    pages = [
        LoadPage(
            "File, child like an existing one",
            "file-matching",
            PRACTITIONER,
            FIFTH,
            post_at=new,
            forms=many(lambda: matching_filing(rng, children.pick())),
        ),
        LoadPage(
            "File, naming three entities",
            "file-entities",
            PRACTITIONER,
            FIFTH,
            post_at=new,
            forms=many(lambda: entity_filing(rng, dense)),
        ),
        LoadPage(
            "File, as the seed's concerns were",
            "file-mixed",
            PRACTITIONER,
            FIFTH,
            post_at=new,
            forms=many(lambda: seed_like_filing(rng, named_often)),
        ),
        LoadPage(
            "Child search (lead)",
            "child-search",
            LEAD,
            THIRD,
            search_at=reverse("child_search"),
            searches=many(lambda: child_search(rng, children.pick())),
        ),
        LoadPage(
            "Possible matches",
            "matches",
            LEAD,
            THIRD,
            paths=many(lambda: query(reverse("possible_matches"), page=rng.randint(1, 2))),
        ),
    ]
    if dense:
        ids = [entity_id for _, entity_id in dense]
        pages += [
            LoadPage(
                "Entity page (dense)",
                "entity",
                LEAD,
                THIRD,
                paths=many(lambda: reverse("entity_detail", args=[rng.choice(ids)])),
            ),
            LoadPage(
                "Network view (dense cluster)",
                "network",
                LEAD,
                THIRD,
                paths=many(lambda: reverse("entity_network", args=[rng.choice(ids)])),
            ),
        ]
    pages += [
        LoadPage(
            "Networks page",
            "networks",
            LEAD,
            THIRD,
            paths=many(lambda: query(reverse("networks"), months=rng.choice(PERIODS))),
        ),
        LoadPage(
            "My concerns (practitioner)",
            "mine",
            PRACTITIONER,
            paths=[reverse("concern_list")],
        ),
        LoadPage("Public page /report-cse/", "public", ANONYMOUS, paths=[reverse("public_page")]),
    ]
    return pages


def dense_entities() -> list[tuple[str, int]]:
    """(kind, id) of the entities named in the most concerns."""
    busiest = (
        EntityLink.objects.values("entity_id", "entity__kind")
        .annotate(n=Count("id"))
        .order_by("-n", "entity_id")[:DENSE_ENTITIES]
    )
    return [(row["entity__kind"], row["entity_id"]) for row in busiest]


class ChildPicker:
    """Random children from the data, by id range (no ORDER BY random() over the table)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.targets = Targets(rng)

    def pick(self) -> Child:
        return Child.objects.get(pk=self.targets.child_id())


def invented_name(rng: random.Random) -> str:
    """A name no child has, so a plain filing finds no one like its child."""
    consonants, vowels = "bdfgklmnprstvz", "aeiou"
    letters = [rng.choice(consonants if n % 2 == 0 else vowels) for n in range(rng.randint(5, 8))]
    return "".join(letters).capitalize()


def _dob(rng: random.Random) -> dict:
    year = timezone.localdate().year - rng.randint(11, 17)
    return {
        "date_of_birth_0": str(rng.randint(1, 28)),
        "date_of_birth_1": str(rng.randint(1, 12)),
        "date_of_birth_2": str(year),
    }


def plain_filing(rng: random.Random) -> dict:
    form = filing_form(token=TOKEN, last_name=invented_name(rng))
    form["first_name"] = invented_name(rng)
    form.update(_dob(rng))
    return form


def misspelt(name: str, rng: random.Random) -> str:
    """One slip: a letter dropped, doubled or two swapped (Chloe, Cloe, Chleo)."""
    if len(name) < 4:
        return name + name[-1]
    at = rng.randrange(1, len(name) - 1)
    slip = rng.randrange(3)
    if slip == 0:
        return name[:at] + name[at + 1 :]
    if slip == 1:
        return name[:at] + name[at] + name[at:]
    return name[:at] + name[at + 1] + name[at] + name[at + 2 :]


def matching_filing(rng: random.Random, child: Child) -> dict:
    """A child spelt a little differently from an existing one, with the same date of birth
    or an age: never linked automatically, put to the leads as a possible match."""
    form = filing_form(token=TOKEN, last_name=child.last_name)
    form["first_name"] = misspelt(child.first_name, rng)
    today = timezone.localdate()
    under_age = child.date_of_birth and age_on(child.date_of_birth, today) < 17
    if under_age and rng.random() < 0.5:
        dob = child.date_of_birth
        form.update(
            {"date_of_birth_0": dob.day, "date_of_birth_1": dob.month, "date_of_birth_2": dob.year}
        )
    else:
        form.update({"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
        form["approximate_age"] = str(rng.randint(12, 16))
    form["school"] = child.school or form["school"]
    return form


def entity_filing(rng: random.Random, dense: list[tuple[str, int]]) -> dict:
    """A plain filing naming a dense cluster's person and car, and a new phone number."""
    from network.models import Entity

    form = plain_filing(rng)
    known = dict(reversed(dense))  # the busiest of each kind
    person = Entity.objects.filter(pk=known.get(Kind.PERSON)).first()
    car = Entity.objects.filter(pk=known.get(Kind.VEHICLE)).first()
    form.update(
        {
            "person_count": "1",
            "person_1_name": person.name if person else "Dazza",
            "person_1_approximate_age": str(person.approximate_age or 30) if person else "30",
            "person_1_role": "Gives lifts",
            "vehicle_count": "1",
            "vehicle_1_registration": car.registration if car else "DN10ABC",
            "vehicle_1_role": "Picks the child up",
            "phone_count": "1",
            "phone_1_number": f"07700 9{rng.randint(0, 99999):05d}",
            "phone_1_role": "Texts the child",
        }
    )
    return form


def seed_like_filing(rng: random.Random, named_often: list) -> dict:
    """A filing drawn as the seed drew its concerns (benchtools.network): two in three name
    nothing; the rest name one to three entities, of their own but for a few that name those
    of the dense clusters (`named_often`)."""
    form = plain_filing(rng)
    if rng.random() >= network_seed.SHARE_NAMING:
        return form
    if named_often and rng.random() < network_seed.DENSE_SHARE:
        named = rng.sample(named_often, min(len(named_often), rng.randint(1, 3)))
    else:
        # Above the seed's own numbering (under 700,000 at a million concerns): new each time.
        serials = [rng.randrange(10**6, 10**7) for _ in range(rng.randint(1, 3))]
        named = [network_seed.new_entity(rng, serial) for serial in serials]
    form.update(entity_fields(named))
    return form


def entity_fields(named: list) -> dict:
    """The intake's numbered questions for these entities, as a practitioner would fill them."""
    fields: dict[str, str] = {}
    counts: dict[str, int] = {}
    for entity in named:
        number = counts[entity.kind] = counts.get(entity.kind, 0) + 1
        for name in FORMS[entity.kind]().fields:
            value = getattr(entity, name, None)
            if value not in (None, ""):
                fields[f"{entity.kind}_{number}_{name}"] = str(value)
        fields[f"{entity.kind}_{number}_role"] = "Named in the concern"
    fields.update({f"{kind}_count": str(count) for kind, count in counts.items()})
    return fields


def child_search(rng: random.Random, child: Child) -> dict:
    """What a lead searches by: a name (a slip in it sometimes), a date of birth, a school."""
    kind = rng.randrange(4)
    if kind == 0:
        return {"name": f"{child.first_name} {child.last_name}"}
    if kind == 1:
        return {"name": f"{misspelt(child.first_name, rng)} {child.last_name}"}
    if kind == 2 and child.date_of_birth:
        dob = child.date_of_birth
        return {
            "date_of_birth_0": str(dob.day),
            "date_of_birth_1": str(dob.month),
            "date_of_birth_2": str(dob.year),
        }
    return {"name": child.last_name, "school": child.school}


def with_token(form: dict) -> dict:
    return {name: (str(uuid.uuid4()) if value == TOKEN else value) for name, value in form.items()}


def words_in(path: str) -> set[str]:
    """The words an address carries, lower-cased: its path's segments and query values."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(path)
    words = [segment for segment in parts.path.split("/") if segment]
    words += [value for _, value in parse_qsl(parts.query)]
    split = str.maketrans(dict.fromkeys(string.punctuation, " "))
    return {word.lower() for text in words for word in text.translate(split).split()}


def concern_count() -> int:
    return Concern.objects.count()


def measure(pages: list[LoadPage], *, samples: int = 200, seed: int = 21) -> list:
    """Each page this module draws, afresh and in-process, as benchtools.drawing does its own:
    a random target per request, by one of several signed-in leads (or practitioners) in turn."""
    from .drawing import LEADS, signed_in
    from .people import LEAD_PREFIX, PRACTITIONER_PREFIX

    rng = random.Random(seed)
    clients = {LEAD: signed_in(LEAD_PREFIX, LEADS), PRACTITIONER: signed_in(PRACTITIONER_PREFIX, 4)}
    clients[ANONYMOUS] = [Client()]
    return [
        _measure_page(page, clients[page.who], samples, rng) for page in pages if page.in_process
    ]


def _measure_page(page: LoadPage, clients: list, samples: int, rng: random.Random):
    from .drawing import _statements, _summary, one_request

    times, counts, failures = [], [], 0
    total = samples // 4 + 1 if page.post_at else samples
    redirects = page.search_at and redirected(clients[0].post(page.search_at, page.searches[0]))
    for n in range(total + len(clients)):
        client = clients[n % len(clients)]
        method, path, data = _request_for(page, client, rng, redirects)  # before the clock
        with one_request() as queries:
            started = time.perf_counter()
            response = client.post(path, data) if method == "POST" else client.get(path)
            elapsed = time.perf_counter() - started
        if n < len(clients):
            continue  # each client's first request reads configuration and permissions
        failures += response.status_code != (302 if page.post_at else 200)
        times.append(elapsed * 1000)
        counts.append(_statements(queries))
    return _summary(page.label, times, counts, failures)


def redirected(response) -> bool:
    return response.status_code in (301, 302, 303)


def _request_for(page: LoadPage, client, rng, redirects) -> tuple[str, str, dict | None]:
    """A search that redirects is posted before the clock starts and its answer drawn; one
    answered in place is the page itself."""
    if page.post_at:
        return "POST", page.post_at, with_token(rng.choice(page.forms))
    if page.search_at:
        search = rng.choice(page.searches)
        if redirects:
            return "GET", client.post(page.search_at, search)["Location"], None
        return "POST", page.search_at, search
    return "GET", rng.choice(page.paths), None
