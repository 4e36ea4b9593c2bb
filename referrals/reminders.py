"""Sending reminders. The database says what is due; this module claims and sends it.

The sweep works in batches of BATCH_SIZE. A batch costs the same handful of queries and two
commits however many reminders are stored, so the sweep's cost follows what is due:

1. Claim, check and cancel, in one transaction: select up to BATCH_SIZE reminders that are
   due, not sent, not cancelled and not claimed (or whose claim is older than CLAIM_EXPIRES),
   with their concern, referral and people, in one `SELECT … FOR UPDATE OF reminder SKIP
   LOCKED` on the partial index of pending reminders (only the fields a reminder needs: never
   the child's); set their `claimed_at` with one conditional UPDATE; and cancel, with one
   UPDATE, those that no longer matter judged from recorded state (an acknowledged referral
   needs no reminder). A second sweep skips the locked rows, and once the claim commits they no
   longer match, so two workers, two beats or a retried task never claim the same reminder.
   (SQLite, used by `make run`, ignores FOR UPDATE; it has one writer at a time.)
2. Who gets what: each recipient group (leads; leads and duty managers), the contacts and the
   office hours are read once per sweep; the Notifications already recorded for the batch in
   one query (a sender that died part way through told some people already). Each reminder's
   templates are rendered once, with the recipient's name filled in per message.
3. Send, in one transaction per batch, through one mail connection for the whole sweep: insert
   the Notification rows of everyone still to be told (one INSERT), send their messages one by
   one, delete the rows of anyone whose message the mail server did not take, set `sent_at` on
   every reminder whose recipients all have a row, and commit. So a row commits only with its
   message sent; a failed message is left for the retry. The unique (reminder, recipient)
   constraint means a second sender for the same people (possible only once a claim has
   expired) fails to insert, waiting on PostgreSQL for the first one's transaction, before it
   sends anything; the batch then goes one reminder at a time, and skips the contested ones.

If the process dies between claim and send, or the mail server fails, the reminder stays
claimed and unsent; after CLAIM_EXPIRES the sweep claims it again and sends only to the people
without a Notification. The remaining window (the mail server accepted messages, then the
process died before the batch's COMMIT) gives those recipients a duplicate rather than losing
an urgent message. The window is one batch wide rather than one message: a commit per message
costs more than the whole of the rest of a message's work.
"""

import datetime
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from accounts import roles

from .emails import reminder_context, reminder_messages, reminder_shared_context
from .models import Notification, Referral, Reminder
from .selectors import duty_lead_at

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_BATCHES = 10
CLAIM_EXPIRES = datetime.timedelta(minutes=2)
PEOPLE = ("concern__referral__contacted_by", "concern__filed_by", "concern__status_changed_by")
PERSON_FIELDS = ("is_active", "email", "first_name", "last_name", "username")
# What deciding, addressing and writing a reminder needs, and nothing about the child. The
# people named on a concern are read afterwards, only for the reminders that go to them.
FIELDS = (
    *("kind", "due_at", "concern__reference", "concern__band", "concern__filed_at"),
    *("concern__review_date", "concern__status", "concern__reviewed_at"),
    *("concern__referral__status", "concern__referral__follow_up_sent_at"),
    "concern__referral__contacted_at",
    "concern__referral__withdrawn_by",
    *PEOPLE,
)
TO_NAMED_PEOPLE = {
    Reminder.Kind.FOLLOW_UP,
    Reminder.Kind.MONITORING_REVIEW,
    Reminder.Kind.FILER_UPDATE,
}


def reminders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send everything due. Returns how many reminders were sent."""
    now = now or timezone.now()
    sweep = _Sweep(now)
    with _mail_connection() as connection:
        for _ in range(MAX_BATCHES):
            batch = sweep.claim(BATCH_SIZE)
            sweep.deliver(batch, connection)
            if len(batch) < BATCH_SIZE:
                break
    return sweep.sent


def reminder_send_urgent_now(*, concern_id: int) -> None:
    """Send the 'urgent referral filed' reminder at once (for notify_urgent tasks queued before
    filings stopped publishing; the sweep sends it otherwise)."""
    pending = Reminder.objects.filter(
        concern_id=concern_id,
        kind=Reminder.Kind.URGENT_FILED,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).values_list("id", flat=True)
    for pk in list(pending):
        reminder_deliver(reminder_id=pk)


def reminder_deliver(*, reminder_id: int) -> str:
    """Claim, check and send one reminder. Returns "sent", "cancelled", "failed" or "skipped"
    (someone else holds it, or it is not due)."""
    now = timezone.now()
    if not _claim(reminder_id, now):
        return "skipped"
    sweep = _Sweep(now)
    with transaction.atomic():
        reminders = sweep.check(_loaded(Reminder.objects.filter(pk=reminder_id)))
    with _mail_connection() as connection:
        sweep.deliver(reminders, connection)
    return sweep.outcomes.get(reminder_id, "skipped")


def _claimable(queryset, now: datetime.datetime):
    return queryset.filter(sent_at__isnull=True, cancelled_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)
    )


def _due(now: datetime.datetime):
    return _claimable(Reminder.objects.filter(due_at__lte=now), now).order_by("due_at")


def _claim(reminder_id: int, now: datetime.datetime) -> bool:
    rows = _claimable(Reminder.objects.filter(pk=reminder_id, due_at__lte=now), now)
    return rows.update(claimed_at=now) == 1


def _loaded(queryset):
    """Reminders with what deciding and writing them needs, in one query."""
    return queryset.select_related("concern", "concern__referral").only(*FIELDS)


def _with_people(reminders: list[Reminder]) -> None:
    """The people the reminders that go to named people are addressed to: a query for each
    of PEOPLE, only when such a reminder is still to be sent."""
    named = [reminder for reminder in reminders if reminder.kind in TO_NAMED_PEOPLE]
    if named:
        people = get_user_model().objects.only(*PERSON_FIELDS)
        prefetch_related_objects(named, *(Prefetch(path, queryset=people) for path in PEOPLE))


@contextmanager
def _mail_connection():
    """One connection to the mail server for a whole sweep, rather than one per message."""
    connection = get_connection()
    opened = False
    try:
        opened = bool(getattr(connection, "open", lambda: False)())
    except Exception as exc:
        # Each send tries again and fails on its own; the reminders stay claimed and retry.
        logger.error("mail server not reachable (%s)", type(exc).__name__)
    try:
        yield connection
    finally:
        if opened:
            connection.close()


# Whether a reminder about the concern's own review is still due depends on the concern's
# status, which concerns defines: it registers the checks here (concerns/receivers.py).
CONCERN_CHECKS: dict[str, Callable[[Any], bool]] = {}


def reminder_is_relevant(*, reminder: Reminder) -> bool:
    """Whether the reminder still has a reason to go, judged from recorded state."""
    concern = reminder.concern
    referral = getattr(concern, "referral", None)
    Kind = Reminder.Kind
    if reminder.kind in (Kind.ACK_REMINDER, Kind.ESCALATION):
        return referral is not None and referral.status == Referral.Status.AWAITING
    if reminder.kind == Kind.FOLLOW_UP:
        return (
            referral is not None
            and referral.follow_up_sent_at is None
            and referral.status != Referral.Status.WITHDRAWN
        )
    if reminder.kind in CONCERN_CHECKS:
        return CONCERN_CHECKS[reminder.kind](concern)
    if reminder.kind == Kind.URGENT_FILED:
        # "Needs to acknowledge it" is wrong once a lead has.
        return referral is not None and referral.status == Referral.Status.AWAITING
    return True


def reminder_recipients(*, reminder: Reminder, groups=None) -> list:
    """Who gets this reminder: active users with an email address. `groups` caches the group
    members for a sweep (a callable taking a tuple of group names)."""
    groups = groups or (lambda names: _active_in_groups(list(names)))
    Kind = Reminder.Kind
    concern = reminder.concern
    if reminder.kind == Kind.ESCALATION:
        return groups((roles.DUTY_MANAGER, roles.LEAD))
    if reminder.kind == Kind.FOLLOW_UP:
        referral = getattr(concern, "referral", None)
        return _reachable([referral.contacted_by if referral else None])
    if reminder.kind == Kind.MONITORING_REVIEW:
        return _reachable([concern.filed_by, concern.status_changed_by])
    if reminder.kind == Kind.FILER_UPDATE:
        return _reachable([concern.filed_by])
    if reminder.kind == Kind.URGENT_FILED:
        # The duty lead hears first; the reminders that follow go to every lead.
        duty_lead = duty_lead_at(moment=reminder.due_at)
        return [duty_lead] if duty_lead is not None else groups((roles.LEAD,))
    if reminder.kind == Kind.WITHDRAWN:
        referral = getattr(concern, "referral", None)
        withdrawn_by = referral.withdrawn_by_id if referral else None
        return [lead for lead in groups((roles.LEAD,)) if lead.pk != withdrawn_by]
    return groups((roles.LEAD,))


def _active_in_groups(groups: list[str]) -> list:
    users = get_user_model().objects.filter(is_active=True, groups__name__in=groups)
    return list(users.exclude(email="").distinct().order_by("pk"))


def _reachable(users: list) -> list:
    unique = {user.pk: user for user in users if user is not None}
    return [user for user in unique.values() if user.is_active and user.email]


class _Sweep:
    """What one sweep reads once and reuses for every batch: group members, the contacts and
    office hours the emails quote. Counts what it sent."""

    def __init__(self, now: datetime.datetime):
        self.now = now
        self.sent = 0
        self.outcomes: dict[int, str] = {}
        self._groups: dict[tuple, list] = {}
        self._shared: dict | None = None

    def group(self, names: tuple) -> list:
        if names not in self._groups:
            self._groups[names] = _active_in_groups(list(names))
        return self._groups[names]

    def shared(self) -> dict:
        if self._shared is None:
            self._shared = reminder_shared_context(now=self.now)
        return self._shared

    def claim(self, limit: int) -> list[Reminder]:
        """Claim up to `limit` due reminders, loaded, and cancel those no longer needed; returns
        all that were claimed. Rows another sweep is claiming are skipped."""
        with transaction.atomic():
            locked = _loaded(_due(self.now)).select_for_update(of=("self",), skip_locked=True)
            reminders = list(locked[:limit])
            ids = [reminder.pk for reminder in reminders]
            if ids:
                _claimable(Reminder.objects.filter(pk__in=ids), self.now).update(
                    claimed_at=self.now
                )
            self.check(reminders)
        return reminders

    def check(self, reminders: list[Reminder]) -> list[Reminder]:
        """Cancel those no longer needed (judged from recorded state); return the others."""
        relevant = [r for r in reminders if reminder_is_relevant(reminder=r)]
        keep = {r.pk for r in relevant}
        self._cancel([r.pk for r in reminders if r.pk not in keep])
        return relevant

    def deliver(self, reminders: list[Reminder], connection) -> None:
        relevant = [r for r in reminders if self.outcomes.get(r.pk) != "cancelled"]
        if not relevant:
            return
        _with_people(relevant)
        done = _notified([r.pk for r in relevant])
        plans = [self._plan(reminder, done.get(reminder.pk, set())) for reminder in relevant]
        try:
            self._send_group(plans, connection)
        except IntegrityError:
            # Another sender whose claim expired is on some of these: one at a time, so that
            # only the contested reminders are left to it.
            for plan in plans:
                try:
                    self._send_group([plan], connection)
                except IntegrityError:
                    self.outcomes[plan.reminder.pk] = "skipped"

    def _plan(self, reminder: Reminder, done: set) -> "_Plan":
        recipients = reminder_recipients(reminder=reminder, groups=self.group)
        if not recipients:
            logger.warning("reminder id=%s kind=%s has nobody to go to", reminder.pk, reminder.kind)
        return _Plan(reminder, [person for person in recipients if person.pk not in done])

    def _cancel(self, ids: list[int]) -> None:
        if not ids:
            return
        Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).update(cancelled_at=self.now)
        for pk in ids:
            self.outcomes[pk] = "cancelled"
        logger.info("reminders cancelled, no longer needed: ids=%s", ids)

    def _send_group(self, plans: list, connection) -> None:
        """Record and send in one transaction; a record commits only if its message went."""
        now = timezone.now()
        with transaction.atomic():
            Notification.objects.bulk_create(
                Notification(
                    reminder=p.reminder, recipient=person, kind=p.reminder.kind, sent_at=now
                )
                for p in plans
                for person in p.todo
            )
            unsent = []
            for plan in plans:
                plan.sent = self._send_each(plan, connection)
                unsent += [(plan.reminder.pk, person.pk) for person in plan.todo[plan.sent :]]
            _forget(unsent)
            finished = [plan for plan in plans if plan.sent == len(plan.todo)]
            Reminder.objects.filter(
                pk__in=[plan.reminder.pk for plan in finished], sent_at__isnull=True
            ).update(sent_at=timezone.now())
        for plan in plans:
            self.outcomes[plan.reminder.pk] = "sent" if plan in finished else "failed"
        if finished:
            # One line a batch: ids, kinds and how many people each went to.
            logger.info(
                "reminders sent: %s",
                " ".join(f"id={p.reminder.pk}/{p.reminder.kind}/{p.sent}" for p in finished),
            )
        self.sent += len(finished)

    def _send_each(self, plan: "_Plan", connection) -> int:
        """Send in order and stop at the first failure; returns how many went."""
        reminder = plan.reminder
        sent = 0
        try:
            if plan.todo:
                context = reminder_context(reminder=reminder, now=self.now, shared=self.shared())
                messages = reminder_messages(
                    kind=reminder.kind, context=context, recipients=plan.todo
                )
                for message in messages:
                    connection.send_messages([message])
                    sent += 1
        except Exception as exc:
            # The claim stays: the sweep claims it again after CLAIM_EXPIRES and sends to
            # whoever has no Notification. The exception's text could quote an address.
            logger.error(
                "reminder id=%s not sent (%s); will retry", reminder.pk, type(exc).__name__
            )
        return sent


@dataclass(eq=False)
class _Plan:
    reminder: Reminder
    todo: list
    sent: int = 0


def _notified(reminder_ids: list[int]) -> dict[int, set]:
    """Who already has a Notification, per reminder (a sender died part way through)."""
    rows = Notification.objects.filter(reminder_id__in=reminder_ids)
    done: dict[int, set] = {}
    for reminder_id, recipient_id in rows.values_list("reminder_id", "recipient_id"):
        done.setdefault(reminder_id, set()).add(recipient_id)
    return done


def _forget(pairs: list[tuple[int, int]]) -> None:
    """Drop the records of messages the mail server did not take, so they are sent later."""
    if not pairs:
        return
    match = Q()
    for reminder_id, recipient_id in pairs:
        match |= Q(reminder_id=reminder_id, recipient_id=recipient_id)
    Notification.objects.filter(match).delete()
