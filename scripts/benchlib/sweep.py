"""The reminder sweep over the seeded data, measured in-process against the bench database.

The sweep's selection must use the partial index on pending reminders, so that its cost
follows what is due rather than what is stored."""

import importlib
import statistics
import time
from dataclasses import dataclass, field

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

INDEX = "reminder_pending_due"
RUNS = 3


@dataclass
class SweepReport:
    due: int
    selection_ms: float
    uses_index: bool
    plan: list[str]
    swept: bool = False
    seconds: float = 0.0  # the median of the runs
    runs: list[float] = field(default_factory=list)
    sent: int = 0
    queries: int = 0
    emails: int = 0
    after: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        index = f"an index scan on `{INDEX}`" if self.uses_index else f"NOT `{INDEX}`"
        out = [
            f"- Reminders due and unsent: {self.due:,}.",
            f"- Selecting a batch of them: {self.selection_ms:.2f} ms, using {index}.",
        ]
        if self.swept:
            runs = ", ".join(f"{seconds:.2f}" for seconds in self.runs)
            out.append(
                f"- `referrals.reminders.reminders_sweep()`: {self.seconds:.2f} s for "
                f"{self.due:,} due, the median of {len(self.runs)} runs ({runs} s) over the "
                f"same reminders, put back as they were between runs ({self.sent:,} sent, "
                f"{self.emails:,} emails to the in-memory backend, {self.queries:,} queries "
                "each time)."
            )
        else:
            out.append("- The sweep itself (`referrals.reminders`) is not in this build.")
        return out


def _sweep_module():
    try:
        module = importlib.import_module("referrals.reminders")
    except ImportError:
        return None
    return module if hasattr(module, "reminders_sweep") else None


def _selection_sql(module, now) -> str:
    """The query the sweep selects with, or the plain due-and-unsent query without it."""

    if module is not None and hasattr(module, "_due"):
        with CaptureQueriesContext(connection) as captured:
            list(module._due(now).values_list("id", flat=True)[: module.BATCH_SIZE])
        return captured.captured_queries[-1]["sql"]
    pending = _pending(now).order_by("due_at")[:100]
    with CaptureQueriesContext(connection) as captured:
        list(pending.values_list("id", flat=True))
    return captured.captured_queries[-1]["sql"]


def _explain(sql: str) -> tuple[list[str], float]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    execution = next(line for line in plan if line.startswith("Execution Time"))
    return plan, float(execution.split(":")[1].split()[0])


def _warm_up() -> None:
    """Compile the email templates first, as a worker that has sent before has them: the
    pages are warmed up before they are measured, and so is the sweep."""
    from django.template.loader import get_template

    from referrals.models import Reminder

    for kind in Reminder.Kind.values:
        for name in (f"{kind}_subject.txt", f"{kind}.txt", f"{kind}.html"):
            get_template(f"emails/{name}")


def measure_sweep() -> SweepReport:

    now = timezone.now()
    module = _sweep_module()
    due = _pending(now).count()
    plan, ms = _explain(_selection_sql(module, now))
    report = SweepReport(due, ms, any(INDEX in line for line in plan), plan)
    if module is None:
        return report
    _warm_up()
    due_ids = list(_pending(now).values_list("id", flat=True))
    last_notification = _last_notification_id()
    for run in range(RUNS):
        if run:
            _put_back(due_ids, last_notification)
        _sweep_once(module, now, report)
    report.seconds = statistics.median(report.runs)
    report.after, _ = _explain(_selection_sql(module, now))
    # As seeded again: the next run may reuse this database (benchlib/database.py).
    _put_back(due_ids, last_notification)
    return report


def _sweep_once(module, now, report: SweepReport) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        started = time.monotonic()
        with CaptureQueriesContext(connection) as captured:
            sent = module.reminders_sweep(now=now)
        report.runs.append(time.monotonic() - started)
        report.emails = len(mail.outbox)
    report.swept, report.sent, report.queries = True, sent, len(captured)


def _pending(now):
    from referrals.models import Reminder

    return Reminder.objects.filter(due_at__lte=now, sent_at__isnull=True, cancelled_at__isnull=True)


def _last_notification_id() -> int:
    from referrals.models import Notification

    return Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _put_back(due_ids: list[int], last_notification: int) -> None:
    """Undo a sweep in the bench database: its notifications go, its reminders are due again.
    One sweep is a single sample on a shared machine; the median of three says more."""
    from referrals.models import Notification, Reminder

    Notification.objects.filter(id__gt=last_notification).delete()
    Reminder.objects.filter(id__in=due_ids).update(sent_at=None, claimed_at=None, cancelled_at=None)
