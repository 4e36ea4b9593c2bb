"""How long each lead page takes to draw afresh, in-process, over random targets: a random
concern, child, filter, search and page for each request, by one of several signed-in leads
in turn. Nothing is cached between requests but configuration and permissions, so this is
the page's own cost, free of the load tool and of other work on the machine's cores (which
move wrk's throughput far more than these times)."""

import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.paging import cursor_parse, cursor_text
from concerns.dashboard_selectors import SORTS as concerns_sorts
from concerns.models import Child, Concern
from indicators.scoring import Band

from .pages import filing_form
from .people import LEAD_PREFIX, PRACTITIONER_PREFIX
from .plan import AREAS

LEADS = 4
SORTS = list(concerns_sorts)


@dataclass(frozen=True)
class Drawn:
    label: str
    median_ms: float
    p90_ms: float
    queries: tuple[int, int]  # fewest and most of any request
    failures: int

    def line(self) -> str:
        low, high = self.queries
        queries = str(low) if low == high else f"{low}–{high}"
        failed = f", {self.failures} failed" if self.failures else ""
        return (
            f"| {self.label} | {self.median_ms:.1f} ms | {self.p90_ms:.1f} ms | {queries} |{failed}"
        )


class Targets:
    """Random targets drawn from the data by id range: no ORDER BY random() over the table."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.concern_ids = Concern.objects.aggregate(low=Min("id"), high=Max("id"))
        self.child_ids = Child.objects.aggregate(low=Min("id"), high=Max("id"))

    def concern(self) -> Concern:
        pk = self.rng.randint(self.concern_ids["low"], self.concern_ids["high"])
        return Concern.objects.filter(pk__gte=pk).order_by("pk").only("reference", "child").first()

    def child_id(self) -> int:
        pk = self.rng.randint(self.child_ids["low"], self.child_ids["high"])
        return Child.objects.filter(pk__gte=pk).order_by("pk").values_list("pk", flat=True)[0]

    def after(self, sort: str = "newest") -> str:
        """A keyset cursor (common.paging) at a random concern: a page anywhere in the list."""
        row = Concern.objects.filter(pk=self.concern().pk).values("id", "filed_at", "band")[0]
        return cursor_text(row, concerns_sorts[sort])

    def filters(self) -> dict:
        choice = self.rng.choice
        query = {"sort": choice(SORTS)}
        if self.rng.random() < 0.5:
            query["after"] = self.after(query["sort"])
        kind = self.rng.randrange(3)
        if kind == 0:
            query["band"] = choice([band.value for band in Band])
        elif kind == 1:
            query["status"] = choice([status.value for status in Concern.Status])
        else:
            query["area"] = choice(AREAS)
        return query

    def search_words(self) -> str:
        concern = Concern.objects.select_related("child").get(pk=self.concern().pk)
        if self.rng.random() < 0.25:
            return concern.reference
        return f"{concern.child.first_name} {concern.child.last_name}"


def _maybe(query: dict, rng: random.Random) -> dict | None:
    """The first page half the time, the page after a random row the other half."""
    return query if rng.random() < 0.5 else None


def queue_pages(queue: str, count: int) -> list[str]:
    """The queue's first `count` pages, as a lead reaches them by Next (keyset cursors)."""
    from referrals.selectors import QUEUE_ORDER, referral_queue

    paths, cursor = [queue], None
    for _ in range(count - 1):
        page = referral_queue(cursor=cursor)
        if not page["next"]:
            break
        paths.append(f"{queue}?{page['next']}")
        cursor = cursor_parse(page["next"].partition("=")[2], QUEUE_ORDER)
    return paths


def signed_in(prefix: str, count: int) -> list[Client]:
    clients = []
    for user in User.objects.filter(username__startswith=prefix).order_by("id")[:count]:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def measure_drawing(*, samples: int = 200, seed: int = 12) -> list[Drawn]:
    rng = random.Random(seed)
    targets = Targets(rng)
    leads = signed_in(LEAD_PREFIX, LEADS)
    filer = signed_in(PRACTITIONER_PREFIX, 1)[0]
    triage, queue = reverse("triage"), reverse("referral_queue")
    queue_paths = queue_pages(queue, 3)

    def search(client: Client) -> str:
        response = client.post(triage, {"search": targets.search_words()})
        return response.get("Location", triage)

    pages: list[tuple[str, Callable[[Client], tuple[str, str, dict | None]]]] = [
        ("Trivial signed-in view", lambda c: ("GET", reverse("bench_ok"), None)),
        ("Triage dashboard", lambda c: ("GET", triage, _maybe({"after": targets.after()}, rng))),
        ("Triage, filtered", lambda c: ("GET", triage, targets.filters())),
        ("Triage, search", lambda c: ("GET", search(c), None)),
        ("Referral queue", lambda c: ("GET", rng.choice(queue_paths), None)),
        (
            "Concern page (lead)",
            lambda c: ("GET", reverse("concern_detail", args=[targets.concern().reference]), None),
        ),
        (
            "Child chronology",
            lambda c: ("GET", reverse("child_chronology", args=[targets.child_id()]), None),
        ),
    ]
    results = [_measure(label, make, leads, samples) for label, make in pages]
    results.append(_measure_filing(filer, samples))
    return results


def _measure(label: str, make, clients: list[Client], samples: int) -> Drawn:
    times, counts, failures = [], [], 0
    for n in range(samples + len(clients)):
        client = clients[n % len(clients)]
        method, path, data = make(client)  # the target is found before the clock starts
        with one_request() as queries:
            started = time.perf_counter()
            response = client.get(path, data)
            elapsed = time.perf_counter() - started
        if n < len(clients):
            continue  # each lead's first request reads configuration and permissions
        failures += response.status_code != 200
        times.append(elapsed * 1000)
        counts.append(_statements(queries))
    return _summary(label, times, counts, failures)


def _measure_filing(client: Client, samples: int) -> Drawn:
    times, counts, failures = [], [], 0
    path = reverse("concern_new")
    for n in range(samples // 4 + 1):
        form = filing_form(token=str(uuid.uuid4()), last_name=f"Draw{uuid.uuid4().hex[:8]}")
        with one_request() as queries:
            started = time.perf_counter()
            response = client.post(path, form)
            elapsed = time.perf_counter() - started
        if n == 0:
            continue
        failures += response.status_code != 302
        times.append(elapsed * 1000)
        counts.append(_statements(queries))
    return _summary("File a concern (POST)", times, counts, failures)


def one_request() -> CaptureQueriesContext:
    """The statements of one request. The connection keeps only its last 9,000 statements and
    a capture counts them by place in that log, so the log is emptied first: a run of a few
    thousand requests would otherwise count none once it is full."""
    connection.queries_log.clear()
    return CaptureQueriesContext(connection)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def _statements(queries: CaptureQueriesContext) -> int:
    """Statements that read or write rows; not BEGIN, COMMIT or savepoints."""
    return sum(not query["sql"].startswith(TRANSACTION_CONTROL) for query in queries)


def _summary(label, times, counts, failures) -> Drawn:
    deciles = statistics.quantiles(times, n=10)
    return Drawn(label, statistics.median(times), deciles[8], (min(counts), max(counts)), failures)


HEADER = (
    "| Page (drawn afresh, in-process) | Median | p90 | Statements |\n| --- | ---: | ---: | ---: |"
)
