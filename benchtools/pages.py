"""The pages `make bench` measures, and how many SQL queries each one makes.

Pages built on other branches (the triage dashboard, the referral queue, the chronology) are
found by their URL names; until they exist they are listed as not available. The tests use
the same list to check that no page's query count grows with the data."""

import datetime
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from concerns.models import Child, Concern
from indicators.selectors import active_indicators
from network.models import EntityLink

from .people import LEAD_PREFIX, PRACTITIONER_PREFIX

LEAD, PRACTITIONER, ANONYMOUS = "lead", "practitioner", "anonymous"
# The answers a benchmark filing gives: missing and cars, Yes: 6 points, Medium (not urgent).
FILING_ANSWERS = {"missing": "yes", "cars": "yes"}


@dataclass(frozen=True)
class Targets:
    """Which lead, practitioner, concern, child and month the pages are measured with."""

    lead: User
    practitioner: User
    concern: Concern
    child: Child
    month: tuple[datetime.date, datetime.date]
    entity_id: int | None = None  # the entity named in the most concerns (a dense cluster)

    @property
    def search_term(self) -> str:
        return self.child.full_name


@dataclass(frozen=True)
class Page:
    label: str
    who: str
    path: str | None  # None: the page does not exist (yet) in this build
    method: str = "GET"
    target: float | None = None  # the least acceptable share of the trivial view's throughput
    search: bool = False  # the path must first be found by posting the search form

    @property
    def available(self) -> bool:
        return self.path is not None


def bench_targets() -> Targets:
    lead = User.objects.filter(username__startswith=LEAD_PREFIX).order_by("id").first()
    practitioner = (
        User.objects.filter(username__startswith=PRACTITIONER_PREFIX).order_by("id").first()
    )
    if lead is None or practitioner is None:
        raise LookupError("No benchmark data here: run `manage.py seed_bench` first.")
    # A referral with an outcome shows the most on its concern page. About a child none of
    # whose concerns names an entity, so that seeds of any size offer the same kind of page
    # (the child's entities add two reads).
    named = EntityLink.objects.filter(child=OuterRef("child"))
    concern = (
        Concern.objects.filter(~Exists(named), referral__outcome__isnull=False)
        .order_by("-filed_at")
        .first()
        or Concern.objects.order_by("-filed_at").first()
    )
    busiest = (
        Concern.objects.values("child").annotate(n=Count("id")).order_by("-n", "child").first()
    )
    return Targets(
        lead=lead,
        practitioner=practitioner,
        concern=concern,
        child=Child.objects.get(pk=busiest["child"]),
        month=last_full_month(),
        entity_id=_busiest_entity(),
    )


def _busiest_entity() -> int | None:
    busiest = EntityLink.objects.values("entity_id").annotate(n=Count("id")).order_by("-n").first()
    return busiest["entity_id"] if busiest else None


def last_full_month() -> tuple[datetime.date, datetime.date]:
    first_of_this = timezone.localdate().replace(day=1)
    last = first_of_this - datetime.timedelta(days=1)
    return last.replace(day=1), last


def _path(name: str, *args, query: dict | None = None) -> str | None:
    try:
        path = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{path}?{urlencode(query)}" if query else path


def month_query(month: tuple[datetime.date, datetime.date]) -> dict:
    """The filter for one month, as the dashboard's date fields take it (day, month, year
    parts), and as ISO dates too, for a form that takes them whole."""
    query = {}
    for name, day in (("filed_from", month[0]), ("filed_to", month[1])):
        query[name] = day.isoformat()
        query.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return query


def benchmark_pages(targets: Targets) -> list[Page]:
    """Every page in the table, in order. Targets are shares of the trivial view's rate."""
    third, fifth = 1 / 3, 1 / 5
    concern, child = targets.concern, targets.child
    return [
        Page("Trivial view (/bench/ok)", LEAD, _path("bench_ok")),
        Page("Triage dashboard", LEAD, _path("triage"), target=third),
        Page(
            "Triage, filtered (band High)", LEAD, _path("triage", query={"band": 3}), target=third
        ),
        Page("Triage, search by child's name", LEAD, _path("triage"), target=third, search=True),
        Page("Referral queue", LEAD, _path("referral_queue"), target=third),
        Page("Concern page (lead)", LEAD, _path("concern_detail", concern.reference), target=third),
        Page("Child chronology", LEAD, _path("child_chronology", child.pk), target=third),
        Page(
            "CSV export, one month",
            LEAD,
            _path("triage_export", query=month_query(targets.month)),
        ),
        Page("File a concern (POST)", PRACTITIONER, _path("concern_new"), "POST", target=fifth),
        *_network_pages(targets),
        Page("My concerns (practitioner)", PRACTITIONER, _path("concern_list")),
        Page("Public page /report-cse/", ANONYMOUS, _path("public_page")),
    ]


def _network_pages(targets: Targets) -> list[Page]:
    """The network's lead pages, around the entity in the most concerns."""
    entity = targets.entity_id
    if entity is None:
        return []
    return [
        Page("Entity page (dense cluster)", LEAD, _path("entity_detail", entity)),
        Page("Network view (dense cluster)", LEAD, _path("entity_network", entity)),
        Page("Networks page", LEAD, _path("networks")),
        Page("Places page", LEAD, _path("places")),
    ]


def filing_form(*, token: str, last_name: str) -> dict:
    """The intake form as a browser posts it, with the given token and child's last name."""
    data = {
        "submission_token": token,
        "first_name": "Bench",
        "last_name": last_name,
        "date_of_birth_0": "14",
        "date_of_birth_1": "3",
        "date_of_birth_2": str(timezone.localdate().year - 14),
        "approximate_age": "",
        "gender": "Female",
        "school": "Example Academy",
        "area": "Salisbury",
        "learning_disability": "no",
        "looked_after": "no",
        "disclosure": "no",
        "immediate_risk": "no",
        "narrative": "Seen getting into a car with an older man after school.",
        "incident_when": "Friday after school",
        "incident_where": "Outside the school gates",
        "people_present": "",
        "others_aware": "",
        "reporter_organisation": "Example Academy",
        "reporter_phone": "01632 960 001",
        # Asked on "About you" (intake/prior_contact.py): without it the filing is refused.
        "prior_contact": "no",
        "prior_contact_date_0": "",
        "prior_contact_date_1": "",
        "prior_contact_date_2": "",
        "prior_contact_time": "",
        "prior_contact_reference": "",
    }
    for indicator in active_indicators():
        data[f"answer_{indicator.key}"] = FILING_ANSWERS.get(indicator.key, "no")
        data[f"note_{indicator.key}"] = ""
    return data


def search_path(client: Client, page: Page, term: str) -> str:
    """Where the dashboard's search leads. The search words may be a child's name, which must
    not appear in a URL, so the dashboard takes them by POST and answers with a redirect to
    a URL holding a token; a dashboard that takes `?q=` directly gets the words instead."""
    response = client.post(page.path, {"search": term})
    if response.status_code in (301, 302, 303) and "q=" in response["Location"]:
        location = urlsplit(response["Location"])
        return f"{location.path}?{location.query}"
    return f"{page.path}?{urlencode({'q': term})}"


@dataclass(frozen=True)
class Measured:
    status: int
    queries: int  # with what the page keeps drawn (as under load, the data unchanged)
    cold_queries: int  # drawn afresh, as after any change to the data
    rows: int | None = None  # lines in a CSV export


def count_queries(page: Page, targets: Targets) -> Measured:
    """Queries for one request drawn afresh, then one after it, in-process, against the same
    database. A warm-up request first, so that a session and a search token exist."""
    client = Client()
    if page.who == LEAD:
        client.force_login(targets.lead)
    elif page.who == PRACTITIONER:
        client.force_login(targets.practitioner)
    path = search_path(client, page, targets.search_term) if page.search else page.path
    _request(client, page, path, _form(page))
    counts = []
    for _ in range(2):
        form = _form(page)  # built before counting: reading the indicators is not the page's
        with CaptureQueriesContext(connection) as queries:
            response, body = _request(client, page, path, form)
        counts.append(len(queries))
    rows = body.count(b"\n") - 1 if path.split("?")[0].endswith(".csv") else None
    return Measured(response.status_code, counts[1], counts[0], rows)


def _form(page: Page) -> dict | None:
    if page.method != "POST":
        return None
    return filing_form(token=str(uuid.uuid4()), last_name=f"Query{uuid.uuid4().hex[:8]}")


def _request(client: Client, page: Page, path: str, form: dict | None):
    response = client.post(path, form) if page.method == "POST" else client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body
