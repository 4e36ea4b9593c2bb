"""`seed_bench`: a large authority's data, loaded in bulk. Adds to what is there, so it can be
run twice (the tests seed a small set, then a larger one)."""

import contextlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from network import clusters

from . import concerns as concern_rows
from . import followups, network, people, pgcopy, reminders
from .plan import Plan
from .scoring import Scorer

TABLES = [
    "auth_user", "auth_user_groups", "concerns_child", "concerns_concern", "concerns_answer",
    "referrals_referral", "referrals_reminder", "referrals_notification", "cse_portal_auditevent",
    "concerns_referencecounter", "network_entity", "network_entitylink",
]  # fmt: skip

# Concerns are made, copied and let go this many at a time (with their answers, referrals,
# reminders and audit events): the seed's memory stays flat from 100,000 to 1,000,000.
CHUNK = 50_000
LOADED = [table for table in TABLES if table.startswith(("concerns_", "referrals_", "cse_"))]


@dataclass
class SeedReport:
    plan: Plan
    counts: dict[str, int] = field(default_factory=dict)
    bands: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


def seed_bench(
    *, concerns: int, seed: int = 2026, log: Callable[[str], None] = print
) -> SeedReport:
    plan = Plan.for_concerns(concerns)
    report = SeedReport(plan)
    rng = random.Random(seed)
    now = timezone.now()
    started = time.monotonic()

    def step(name: str, count: int) -> None:
        report.counts[name] = count
        log(f"  {name}: {count:,} ({time.monotonic() - started:.1f} s)")

    with transaction.atomic():
        with pgcopy.foreign_keys_checked_after(LOADED):
            first_reminder = _load(plan, rng, now, step, report)
        step("indexes and keys rebuilt", 0)
        left = reminders.leave_due_and_unsent(plan.due_reminders, first_reminder, now)
        step("reminders left due and unsent", left)
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather after a load this size.
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    report.seconds = time.monotonic() - started
    return report


COUNT_TRIGGERS = ("concerns_concern_count", "concerns_concern_weekly_count")


@contextlib.contextmanager
def _counts_trigger_paused():
    """The triggers that keep ConcernCount and WeeklyCount update a row per concern: for a
    bulk COPY it is far quicker to switch them off and count once afterwards."""
    with connection.cursor() as cursor:
        for trigger in COUNT_TRIGGERS:
            cursor.execute(f"ALTER TABLE concerns_concern DISABLE TRIGGER {trigger}")
        try:
            yield
        finally:
            for trigger in COUNT_TRIGGERS:
                cursor.execute(f"ALTER TABLE concerns_concern ENABLE TRIGGER {trigger}")
            cursor.execute("DELETE FROM concerns_concerncount")
            cursor.execute(
                "INSERT INTO concerns_concerncount (band, status, count) "
                "SELECT band, status, COUNT(*) FROM concerns_concern GROUP BY band, status"
            )
            cursor.execute("DELETE FROM concerns_weeklycount")
            cursor.execute(
                "INSERT INTO concerns_weeklycount (week, band, count) "
                "SELECT concerns_concern_week(filed_at), band, COUNT(*) "
                "FROM concerns_concern GROUP BY 1, 2"
            )


def _load(plan, rng, now, step, report) -> int:
    """Returns the first reminder id it made: the ones left unsent are picked from there on."""
    staff = people.create_staff(plan, now)
    step("staff, all seedings", len(staff.practitioners) + len(staff.leads))
    children = people.make_children(plan, rng, now)
    step("children", people.copy_children(children, rng, now))
    scorer = Scorer(rng)
    timeline = concern_rows.filing_order(children, plan.concerns, scorer, rng, now)
    step("concerns placed in time", len(timeline))
    names = dict(User.objects.filter(pk__in=staff.practitioners).values_list("pk", "username"))
    first_reminder = pgcopy.next_id("referrals_reminder")
    numbers = concern_rows.NextReference()
    with _counts_trigger_paused():
        for start in range(0, len(timeline), CHUNK):
            stretch = timeline[start : start + CHUNK]
            newest = start + CHUNK >= len(timeline)
            _load_stretch(stretch, newest, Stretch(staff, scorer, numbers, names), rng, now, report)
            step("concerns, answers, referrals, reminders and audit", start + len(stretch))
        numbers.save()
        step("concerns closed with their referral", _close_concerns_of_closed_referrals())
    entities = network.seed_network(rng=rng, added_by_id=staff.leads[0][0], chunk=CHUNK)
    step("entities (people, vehicles, places, phones, accounts)", entities.entities)
    step("entity links", entities.links)
    # Labelled now, as filing would have labelled them, not by the first page that reads them:
    # the VACUUM after seeding then clears the partial index of unlabelled links.
    clusters.labels_catch_up()
    step("clusters labelled", entities.links)
    return first_reminder


@dataclass(frozen=True)
class Stretch:
    """What every stretch of concerns is loaded with."""

    staff: people.Staff
    scorer: Scorer
    numbers: concern_rows.NextReference
    filer_names: dict[int, str]


def _load_stretch(timeline: list, newest: bool, shared: Stretch, rng, now, report) -> None:
    """One stretch of concerns in filing order, with everything that hangs off them, copied
    and then let go: memory holds one stretch however large the seed."""
    rows = concern_rows.make_concerns(
        timeline, shared.staff, shared.scorer, shared.numbers, rng, now
    )
    concern_rows.count_bands(rows, report.bands)
    referrals = followups.make_referrals(rows, rng, now, newest=newest)
    due = reminders.make_reminders(rows, referrals, now)
    for name, count in [
        ("concerns", concern_rows.copy_concerns(rows, shared.scorer.policy_row.pk, rng)),
        ("answers", concern_rows.copy_answers(rows, shared.scorer, rng)),
        ("referrals", followups.copy_referrals(referrals, shared.staff, rng)),
        ("reminders", reminders.copy_reminders(due)),
        ("notifications", reminders.copy_notifications(due, shared.staff)),
        ("audit events", reminders.copy_audit(rows, shared.staff, shared.filer_names)),
    ]:
        report.counts[name] = report.counts.get(name, 0) + count


def _close_concerns_of_closed_referrals() -> int:
    """As referrals.services.referral_close does: a closed referral's concern is closed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE concerns_concern c SET status = 'closed', status_changed_at = r.closed_at, "
            "status_changed_by_id = r.closed_by_id FROM referrals_referral r "
            "WHERE r.concern_id = c.id AND r.status = 'closed' AND c.status = 'referred'"
        )
        return cursor.rowcount
