"""Sending reminders. The database says what is due; this module claims and sends it.

How a reminder goes out, and why it is never sent twice nor lost:

1. Claim: one conditional UPDATE sets `claimed_at` on a reminder that is due, not sent, not
   cancelled and not claimed (or whose claim is older than CLAIM_EXPIRES). Only the process
   whose UPDATE changed one row goes on, so two workers, two beats or a retried task cannot
   both send it.
2. Check it still matters, from recorded state (an acknowledged referral needs no reminder);
   if not, mark it cancelled.
3. Send, one recipient at a time: insert the recipient's `Notification` row and send the email
   in one transaction. The row commits only after the mail server took the message; if sending
   fails, the row rolls back. The unique (reminder, recipient) constraint means a second
   sender for the same person fails to insert (PostgreSQL makes it wait for the first one's
   transaction) and sends nothing.
4. Set `sent_at` once every recipient has their row.

If the process dies between claim and send, or the mail server fails, the reminder stays
claimed and unsent; after CLAIM_EXPIRES the sweep claims it again and sends only to the people
without a Notification.
The one remaining window (the mail server accepted the message, then the process died before
COMMIT) gives that one person a duplicate rather than losing an urgent message.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from concerns.models import Concern
from cse_portal import roles

from .emails import reminder_context, reminder_message
from .models import Notification, Referral, Reminder

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_BATCHES = 20
CLAIM_EXPIRES = datetime.timedelta(minutes=2)


def reminders_due_ids(*, now: datetime.datetime, limit: int = BATCH_SIZE) -> list[int]:
    """The ids of reminders due and free to claim, oldest first. The filter matches the
    partial index on pending reminders, so the cost follows what is due, not what is stored."""
    return list(
        _claimable(Reminder.objects.filter(due_at__lte=now), now)
        .order_by("due_at")
        .values_list("id", flat=True)[:limit]
    )


def reminders_sweep(*, now: datetime.datetime | None = None) -> int:
    """Send everything due. Returns how many reminders were sent."""
    now = now or timezone.now()
    sent = 0
    for _ in range(MAX_BATCHES):
        batch = reminders_due_ids(now=now)
        sent += sum(reminder_deliver(reminder_id=pk) == "sent" for pk in batch)
        if len(batch) < BATCH_SIZE:
            break
    return sent


def reminder_send_urgent_now(*, concern_id: int) -> None:
    """The fast path after filing: send the 'urgent referral filed' reminder at once."""
    pending = Reminder.objects.filter(
        concern_id=concern_id,
        kind=Reminder.Kind.URGENT_FILED,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).values_list("id", flat=True)
    for pk in list(pending):
        reminder_deliver(reminder_id=pk)


def urgent_notify_queue(*, concern_id: int) -> None:
    """Queue the fast path. Runs after the filing transaction commits, inside the request:
    a broken broker must not turn a saved concern into an error page, so any failure is
    logged (the concern id only) and left to the sweep, which reads the same reminder row."""
    from .tasks import notify_urgent

    try:
        notify_urgent.delay(concern_id)
    except Exception as exc:
        logger.warning(
            "urgent notify for concern id=%s not queued (%s); the sweep will send it",
            concern_id,
            type(exc).__name__,
        )


def reminder_deliver(*, reminder_id: int) -> str:
    """Claim, check and send one reminder. Returns "sent", "cancelled", "failed" or "skipped"
    (someone else holds it, or it is not due)."""
    now = timezone.now()
    if not _claim(reminder_id, now):
        return "skipped"
    reminder = Reminder.objects.select_related(
        "concern__referral", "concern__filed_by", "concern__status_changed_by"
    ).get(pk=reminder_id)
    if not reminder_is_relevant(reminder=reminder):
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(cancelled_at=now)
        logger.info("reminder id=%s cancelled: no longer needed", reminder_id)
        return "cancelled"
    try:
        count = _send_to_each(reminder, reminder_recipients(reminder=reminder), now)
    except Exception as exc:
        # The claim stays: the sweep claims it again after CLAIM_EXPIRES and sends to whoever
        # has no Notification yet. The exception's text could quote an address: log its type.
        logger.error("reminder id=%s not sent (%s); will retry", reminder_id, type(exc).__name__)
        return "failed"
    Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=timezone.now())
    logger.info("reminder id=%s kind=%s sent recipients=%s", reminder_id, reminder.kind, count)
    return "sent"


def _claimable(queryset, now: datetime.datetime):
    return queryset.filter(sent_at__isnull=True, cancelled_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)
    )


def _claim(reminder_id: int, now: datetime.datetime) -> bool:
    rows = _claimable(Reminder.objects.filter(pk=reminder_id, due_at__lte=now), now)
    return rows.update(claimed_at=now) == 1


def reminder_is_relevant(*, reminder: Reminder) -> bool:
    """Whether the reminder still has a reason to go, judged from recorded state."""
    concern = reminder.concern
    referral = getattr(concern, "referral", None)
    Kind = Reminder.Kind
    if reminder.kind in (Kind.ACK_REMINDER, Kind.ESCALATION):
        return referral is not None and referral.status == Referral.Status.AWAITING
    if reminder.kind == Kind.FOLLOW_UP:
        return referral is not None and referral.follow_up_sent_at is None
    if reminder.kind == Kind.REVIEW_DUE:
        return concern.status == Concern.Status.NEW and concern.reviewed_at is None
    if reminder.kind == Kind.MONITORING_REVIEW:
        return concern.status == Concern.Status.MONITORING
    return True


def reminder_recipients(*, reminder: Reminder) -> list:
    """Who gets this reminder: active users with an email address."""
    Kind = Reminder.Kind
    concern = reminder.concern
    if reminder.kind == Kind.ESCALATION:
        return _active_in_groups([roles.DUTY_MANAGER, roles.LEAD])
    if reminder.kind == Kind.FOLLOW_UP:
        referral = getattr(concern, "referral", None)
        return _reachable([referral.contacted_by if referral else None])
    if reminder.kind == Kind.MONITORING_REVIEW:
        return _reachable([concern.filed_by, concern.status_changed_by])
    return _active_in_groups([roles.LEAD])


def _active_in_groups(groups: list[str]) -> list:
    users = get_user_model().objects.filter(is_active=True, groups__name__in=groups)
    return list(users.exclude(email="").distinct().order_by("pk"))


def _reachable(users: list) -> list:
    unique = {user.pk: user for user in users if user is not None}
    return [user for user in unique.values() if user.is_active and user.email]


def _send_to_each(reminder: Reminder, recipients: list, now: datetime.datetime) -> int:
    if not recipients:
        logger.warning("reminder id=%s kind=%s has nobody to go to", reminder.pk, reminder.kind)
        return 0
    context = reminder_context(reminder=reminder, now=now)
    return sum(_send_once(reminder, recipient, context) for recipient in recipients)


def _send_once(reminder: Reminder, recipient, context: dict) -> bool:
    """Record and send one message; the record commits only if the send succeeded."""
    if Notification.objects.filter(reminder=reminder, recipient=recipient).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(
                reminder=reminder, recipient=recipient, kind=reminder.kind, sent_at=timezone.now()
            )
            reminder_message(kind=reminder.kind, context=context, recipient=recipient).send()
    except IntegrityError:
        return False  # Another sender got to this person first.
    return True
