"""Writes to referrals and reminders."""

import datetime

from django.db import transaction
from django.utils import timezone

from concerns.models import Concern
from cse_portal.audit import audit_record
from indicators.scoring import Band

from .hours import LONDON, add_working_days
from .models import Outcome, Referral, Reminder
from .selectors import office_hours, referral_with_people, reminder_timings
from .wording import latest_step_sentence, when_text


def referral_open_for_new_concern(*, concern, at: datetime.datetime) -> Referral | None:
    """Called inside the filing transaction: urgent concerns get a referral and its reminders,
    the rest a reminder to review them within the working-day limit."""
    timings = reminder_timings()
    if concern.band >= Band.HIGH:
        referral = Referral.objects.create(concern=concern, created_at=at)
        # Sent by the next sweep (within REMINDER_SWEEP_SECONDS): nothing is published from
        # the request, so a frozen broker cannot hold it up.
        reminders_schedule_urgent(concern=concern, at=at, timings=timings)
        return referral
    due = add_working_days(at, timings.review_working_days, office_hours())
    Reminder.objects.create(kind=Reminder.Kind.REVIEW_DUE, concern=concern, due_at=due)
    return None


def reminders_schedule_urgent(*, concern, at: datetime.datetime, timings) -> None:
    minutes = datetime.timedelta(minutes=1)
    Reminder.objects.bulk_create(
        [
            Reminder(kind=Reminder.Kind.URGENT_FILED, concern=concern, due_at=at),
            Reminder(
                kind=Reminder.Kind.ACK_REMINDER,
                concern=concern,
                due_at=at + timings.acknowledge_reminder_minutes * minutes,
            ),
            Reminder(
                kind=Reminder.Kind.ESCALATION,
                concern=concern,
                due_at=at + timings.escalate_minutes * minutes,
            ),
        ]
    )


def reminder_schedule_follow_up(*, concern, contacted_at: datetime.datetime) -> Reminder:
    """After MASH is phoned, remind the lead to send the written follow-up."""
    due = contacted_at + datetime.timedelta(hours=reminder_timings().follow_up_hours)
    return Reminder.objects.create(kind=Reminder.Kind.FOLLOW_UP, concern=concern, due_at=due)


def reminder_schedule_monitoring_review(*, concern, review_date: datetime.date) -> Reminder:
    """On a monitoring concern's review date, remind the practitioner and the lead."""
    due = datetime.datetime.combine(review_date, datetime.time(9, 0), tzinfo=LONDON)
    return Reminder.objects.create(
        kind=Reminder.Kind.MONITORING_REVIEW, concern=concern, due_at=due
    )


# --- the referral's life ------------------------------------------------------------------
#
# Every step is one conditional UPDATE on the status the step starts from. When no row
# changes, someone else got there first (or the step is not allowed yet): the lead is told
# which, and nothing is written.

ACK_KINDS = (Reminder.Kind.ACK_REMINDER, Reminder.Kind.ESCALATION)
REVIEW_KINDS = (Reminder.Kind.REVIEW_DUE, Reminder.Kind.MONITORING_REVIEW)


class ReferralRefused(Exception):
    """A step that was not taken, with a plain-English message for the lead."""


def referral_open_by_lead(*, concern, at: datetime.datetime) -> Referral:
    """A lead escalated a concern or raised its band to High or above: it becomes urgent."""
    referral = Referral.objects.create(concern=concern, created_at=at)
    reminders_schedule_urgent(concern=concern, at=at, timings=reminder_timings())
    reminders_cancel(concern_id=concern.pk, kinds=REVIEW_KINDS, at=at)
    return referral


def reminders_cancel(*, concern_id: int, kinds, at: datetime.datetime) -> int:
    """Reminders that no longer need sending because the lead has acted."""
    return Reminder.objects.filter(
        concern_id=concern_id, kind__in=kinds, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=at)


def referral_acknowledge(*, referral_id: int, by, request=None) -> Referral:
    now = timezone.now()
    with transaction.atomic():
        _step(
            referral_id,
            "acknowledge",
            status=Referral.Status.ACKNOWLEDGED,
            acknowledged_at=now,
            acknowledged_by=by,
        )
        referral = _reload(referral_id)
        reminders_cancel(concern_id=referral.concern_id, kinds=ACK_KINDS, at=now)
        _audit(referral, "referral.acknowledged", by, request)
    return referral


def referral_record_contact(
    *,
    referral_id: int,
    hub: str,
    contacted_at: datetime.datetime,
    hub_reference: str,
    by,
    request=None,
) -> Referral:
    """Record the phone call to MASH ("mash") or the Emergency Duty Team ("edt")."""
    status = {"mash": Referral.Status.MASH_CONTACTED, "edt": Referral.Status.EDT_CONTACTED}[hub]
    with transaction.atomic():
        _step(
            referral_id,
            "contact",
            status=status,
            contacted_at=contacted_at,
            contacted_by=by,
            contacted_hub=hub,
            hub_reference=hub_reference,
        )
        referral = _reload(referral_id)
        if hub == "mash":
            reminder_schedule_follow_up(concern=referral.concern, contacted_at=contacted_at)
        _audit(referral, "referral.contacted", by, request, {"hub": hub})
    return referral


def referral_record_outcome(
    *, referral_id: int, outcome: Outcome, note: str, by, request=None
) -> Referral:
    with transaction.atomic():
        _step(
            referral_id,
            "outcome",
            status=Referral.Status.OUTCOME_RECORDED,
            outcome=outcome,
            outcome_note=note,
            outcome_at=timezone.now(),
            outcome_by=by,
        )
        referral = _reload(referral_id)
        _audit(referral, "referral.outcome_recorded", by, request, {"outcome": outcome.name})
    return referral


def referral_close(*, referral_id: int, by, request=None) -> Referral:
    """Closing the referral closes its concern: a concern's status is the one definition the
    dashboard's counts, the status filter and the lists all read."""
    now = timezone.now()
    with transaction.atomic():
        _step(referral_id, "close", status=Referral.Status.CLOSED, closed_at=now, closed_by=by)
        referral = _reload(referral_id)
        Concern.objects.filter(pk=referral.concern_id, status=Concern.Status.REFERRED).update(
            status=Concern.Status.CLOSED, status_changed_at=now, status_changed_by=by
        )
        _audit(referral, "referral.closed", by, request)
    return referral


def referral_mark_follow_up_sent(*, referral_id: int, by, request=None) -> Referral:
    """The written follow-up to MASH has gone. Only a referral phoned through to MASH needs
    one, and it is marked once."""
    now = timezone.now()
    with transaction.atomic():
        changed = Referral.objects.filter(
            pk=referral_id,
            follow_up_sent_at__isnull=True,
            status__in=FOLLOW_UP_STATUSES,
            contacted_hub=Referral.Hub.MASH,
        ).update(follow_up_sent_at=now)
        if changed == 0:
            raise ReferralRefused(_follow_up_refusal(referral_id))
        referral = _reload(referral_id)
        reminders_cancel(concern_id=referral.concern_id, kinds=[Reminder.Kind.FOLLOW_UP], at=now)
        _audit(referral, "referral.follow_up_sent", by, request)
    return referral


FOLLOW_UP_STATUSES = (
    Referral.Status.MASH_CONTACTED,
    Referral.Status.OUTCOME_RECORDED,
    Referral.Status.CLOSED,
)

# Each step: the statuses it may start from, its place in the referral's life, how to say it.
STEPS = {
    "acknowledge": ((Referral.Status.AWAITING,), 1, "acknowledge this referral", ""),
    "contact": (
        (Referral.Status.ACKNOWLEDGED,),
        2,
        "record a contact with MASH or the Emergency Duty Team",
        "acknowledge the referral first",
    ),
    "outcome": (
        (Referral.Status.MASH_CONTACTED, Referral.Status.EDT_CONTACTED),
        3,
        "record an outcome",
        "record the contact with MASH or the Emergency Duty Team first",
    ),
    "close": (
        (Referral.Status.OUTCOME_RECORDED,),
        4,
        "close this referral",
        "record an outcome first",
    ),
}
STAGE: dict[str, int] = {
    Referral.Status.AWAITING: 0,
    Referral.Status.ACKNOWLEDGED: 1,
    Referral.Status.MASH_CONTACTED: 2,
    Referral.Status.EDT_CONTACTED: 2,
    Referral.Status.OUTCOME_RECORDED: 3,
    Referral.Status.CLOSED: 4,
}


def _step(referral_id: int, step: str, **changes) -> None:
    from_statuses = STEPS[step][0]
    changed = Referral.objects.filter(pk=referral_id, status__in=from_statuses).update(**changes)
    if changed == 0:
        raise ReferralRefused(_refusal(referral_id, step))


def _reload(referral_id: int) -> Referral:
    return Referral.objects.select_related("concern").get(pk=referral_id)


def _audit(referral: Referral, action: str, by, request, detail: dict | None = None) -> None:
    # Recorded against the concern, so the concern's audit trail tells the whole story.
    audit_record(
        action=action,
        actor=by,
        request=request,
        obj=referral.concern,
        detail={"referral_id": referral.pk, "status": referral.status, **(detail or {})},
    )


def _refusal(referral_id: int, step: str) -> str:
    referral = referral_with_people(referral_id)
    if referral is None:
        return "This referral no longer exists."
    _, stage, doing, prerequisite = STEPS[step]
    if STAGE[referral.status] >= stage:
        return f"{latest_step_sentence(referral)} Your change was not made."
    return (
        f"You cannot {doing} yet: {prerequisite}. "
        f"The referral is {referral.get_status_display().lower()}."
    )


def _follow_up_refusal(referral_id: int) -> str:
    referral = referral_with_people(referral_id)
    if referral is None:
        return "This referral no longer exists."
    if referral.follow_up_sent_at is not None:
        when = when_text(referral.follow_up_sent_at)
        return f"The written follow-up was already marked as sent at {when}."
    return "A written follow-up is only needed once MASH has been contacted by phone."
