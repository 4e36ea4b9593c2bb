"""The reminders the app would have scheduled for the benchmark's concerns, one notification
row per person told, and the audit trail. Most reminders went out long ago; the most recently
due are left unsent, as after a broker outage, for the sweep to find."""

import datetime
from dataclasses import dataclass
from functools import cache

from django.db import connection

from referrals.hours import LONDON, Hours, is_working_day
from referrals.models import Referral, Reminder

from . import pgcopy
from .concerns import SeedConcern
from .followups import SeedReferral
from .people import Staff

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
HANDLED_AFTER = datetime.timedelta(seconds=30)
K = {kind.name: kind.value for kind in Reminder.Kind}  # plain strings: enums are slow in bulk


@dataclass(slots=True)
class SeedReminder:
    kind: str
    concern: SeedConcern
    due_at: datetime.datetime
    done_at: datetime.datetime | None  # when the sweep dealt with it
    sent: bool  # sent, or cancelled as no longer needed
    id: int = 0


def make_reminders(concerns, referrals, now) -> list[SeedReminder]:
    by_concern = {referral.concern.id: referral for referral in referrals}
    reminders: list[SeedReminder] = []
    for concern in concerns:
        referral = by_concern.get(concern.id)
        if referral is None:
            reminders += _non_urgent(concern, now)
        else:
            reminders += _urgent(concern, referral, now)
    first_id = pgcopy.next_id("referrals_reminder")
    for offset, reminder in enumerate(reminders):
        reminder.id = first_id + offset
    return reminders


def _reminder(kind, concern, due, stopped_at, now) -> SeedReminder:
    """Sent at its due time unless what it reminds about was done first (then cancelled);
    still pending if not yet due."""
    if due > now:
        return SeedReminder(kind, concern, due, None, False)
    cancelled = stopped_at is not None and stopped_at <= due
    return SeedReminder(kind, concern, due, due + HANDLED_AFTER, not cancelled)


@cache
def _next_working_day(day: datetime.date) -> datetime.date:
    day += DAY
    while not is_working_day(day, Hours()):
        day += DAY
    return day


def _non_urgent(concern: SeedConcern, now) -> list[SeedReminder]:
    local = concern.filed_at.astimezone(LONDON)
    # Times in UTC from here on: comparing and formatting London times is several times slower.
    due = datetime.datetime.combine(_next_working_day(local.date()), local.time(), tzinfo=LONDON)
    due = due.astimezone(datetime.UTC)
    found = [_reminder(K["REVIEW_DUE"], concern, due, concern.status_changed_at, now)]
    if concern.review_date is not None:
        review = datetime.datetime.combine(concern.review_date, datetime.time(9), tzinfo=LONDON)
        review = review.astimezone(datetime.UTC)
        found.append(_reminder(K["MONITORING_REVIEW"], concern, review, None, now))
    return found


def _urgent(concern: SeedConcern, referral: SeedReferral, now) -> list[SeedReminder]:
    filed, ack = concern.filed_at, referral.acknowledged_at
    found = [
        _reminder(K["URGENT_FILED"], concern, filed, None, now),
        _reminder(K["ACK_REMINDER"], concern, filed + 30 * MINUTE, ack, now),
        _reminder(K["ESCALATION"], concern, filed + 60 * MINUTE, ack, now),
    ]
    if referral.contacted_hub == Referral.Hub.MASH:
        due = referral.contacted_at + 24 * HOUR
        found.append(_reminder(K["FOLLOW_UP"], concern, due, referral.follow_up_sent_at, now))
    return found


def leave_due_and_unsent(count: int, first_id: int, now) -> int:
    """The `count` most recently due of the reminders from `first_id` on are left unsent, and
    nobody told of them: done once all are loaded, since they may come from any stretch."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM referrals_reminder WHERE id >= %s AND due_at <= %s "
            "ORDER BY due_at DESC, id DESC LIMIT %s",
            [first_id, now, count],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("DELETE FROM referrals_notification WHERE reminder_id = ANY(%s)", [ids])
        cursor.execute(
            "UPDATE referrals_reminder SET claimed_at = NULL, sent_at = NULL, "
            "cancelled_at = NULL WHERE id = ANY(%s)",
            [ids],
        )
    return len(ids)


def copy_reminders(reminders: list[SeedReminder]) -> int:
    columns = ["id", "kind", "concern_id", "due_at", "created_at", "claimed_at", "sent_at"]
    columns.append("cancelled_at")
    null = pgcopy.NULL

    def lines():
        for r in reminders:
            done = r.done_at.isoformat() if r.done_at else null
            sent, cancelled = (done, null) if r.sent else (null, done)
            yield (
                f"{r.id}\t{r.kind}\t{r.concern.id}\t{r.due_at.isoformat()}\t"
                f"{r.concern.filed_iso}\t{done}\t{sent}\t{cancelled}\n"
            )

    count = pgcopy.copy_lines("referrals_reminder", columns, lines())
    pgcopy.sync_sequence("referrals_reminder")
    return count


def copy_notifications(reminders: list[SeedReminder], staff: Staff) -> int:
    """One row per person told: every lead, and the practitioner for a monitoring review."""
    leads = [pk for pk, _ in staff.leads]

    def lines():
        for r in reminders:
            if not r.sent:
                continue
            sent_at = r.done_at.isoformat()
            for recipient in leads:
                yield f"{r.id}\t{recipient}\t{r.kind}\t{sent_at}\n"
            if r.kind == K["MONITORING_REVIEW"]:
                yield f"{r.id}\t{r.concern.filed_by}\t{r.kind}\t{sent_at}\n"

    columns = ["reminder_id", "recipient_id", "kind", "sent_at"]
    return pgcopy.copy_lines("referrals_notification", columns, lines())


def copy_audit(concerns: list[SeedConcern], staff: Staff, filer_names: dict[int, str]) -> int:
    """Filing, and the first look at it (the lead's review, else the practitioner's
    confirmation page): the audit trail grows fastest of all, so it must be there at scale."""
    leads = dict(staff.leads)
    labels = ["", "Low", "Medium", "High", "Immediate"]
    columns = ["at", "actor_id", "actor_username", "action", "object_type", "object_id"]
    columns += ["object_ref", "ip_address", "detail"]

    def lines():
        for c in concerns:
            filer = filer_names[c.filed_by]
            ip = f"10.20.{c.filed_by % 250}.{c.id % 250 + 1}"
            about = f"concern\t{c.id}\t{c.reference}"
            band = '{"band": "%s"}' % labels[c.scored.band]  # noqa: UP031 - JSON braces
            yield f"{c.filed_iso}\t{c.filed_by}\t{filer}\tconcern.filed\t{about}\t{ip}\t{band}\n"
            if c.status_changed_by is None:
                at, who, name, ip, detail = c.filed_iso, c.filed_by, filer, ip, "{}"
            else:
                lead = c.status_changed_by
                at, who, name, ip = c.status_changed_at.isoformat(), lead, leads[lead], "10.30.0.1"
                detail = "{}"
            yield f"{at}\t{who}\t{name}\tconcern.viewed\t{about}\t{ip}\t{detail}\n"

    return pgcopy.copy_lines("cse_portal_auditevent", columns, lines())
