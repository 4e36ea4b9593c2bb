"""Writes to referrals and reminders."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from indicators.scoring import Band

from .hours import LONDON, add_working_days
from .models import CallAttempt, Outcome, PriorContact, Referral, Reminder
from .selectors import office_hours, referral_with_people, reminder_timings
from .signals import referral_closed, referral_withdrawn
from .wording import latest_step_sentence


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
    """Record a call in which the lead spoke to MASH, the EDT or the police."""
    call_attempt_record(
        referral_id=referral_id,
        hub=hub,
        result=CallAttempt.Result.SPOKE_TO,
        spoke_to="",
        reference=hub_reference,
        called_at=contacted_at,
        by=by,
        request=request,
    )
    return _reload(referral_id)


CONTACTED: dict[str, str] = {
    Referral.Hub.MASH: Referral.Status.MASH_CONTACTED,
    Referral.Hub.EDT: Referral.Status.EDT_CONTACTED,
    Referral.Hub.POLICE: Referral.Status.POLICE_CONTACTED,
}
CALLABLE_STATUSES = (Referral.Status.ACKNOWLEDGED, *CONTACTED.values())


def call_attempt_record(
    *,
    referral_id: int,
    hub: str,
    result: str,
    spoke_to: str,
    reference: str,
    called_at: datetime.datetime,
    by,
    request=None,
) -> CallAttempt:
    """A call as it happened. The first call in which the lead spoke to someone moves the
    referral on (and, for MASH, starts the 24-hour clock for the written referral); calls with
    no answer or a message left are kept as they were."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().filter(pk=referral_id).first()
        if referral is None or referral.status not in CALLABLE_STATUSES:
            raise ReferralRefused(_refusal(referral_id, "contact"))
        call = CallAttempt.objects.create(
            referral=referral,
            hub=hub,
            result=result,
            spoke_to=spoke_to,
            reference=reference,
            called_at=called_at,
            by=by,
            recorded_at=timezone.now(),
        )
        spoke = result == CallAttempt.Result.SPOKE_TO
        if spoke and referral.status == Referral.Status.ACKNOWLEDGED:
            _step(
                referral_id,
                "contact",
                status=CONTACTED[hub],
                contacted_at=called_at,
                contacted_by=by,
                contacted_hub=hub,
                hub_reference=reference,
            )
            if hub == Referral.Hub.MASH:
                reminder_schedule_follow_up(concern=referral.concern, contacted_at=called_at)
        elif spoke and reference and hub == referral.contacted_hub and not referral.hub_reference:
            Referral.objects.filter(pk=referral_id).update(hub_reference=reference)
        detail = {"hub": hub, "result": result}
        _audit(_reload(referral_id), "referral.call_recorded", by, request, detail)
    return call


def referral_add_reference(*, referral_id: int, reference: str, by, request=None) -> Referral:
    """The reference MASH (or the EDT, or the police) gave after the call."""
    with transaction.atomic():
        changed = Referral.objects.filter(
            pk=referral_id, hub_reference="", contacted_at__isnull=False
        ).update(hub_reference=reference)
        if changed == 0:
            raise ReferralRefused("The reference has already been added. Nothing was changed.")
        referral = _reload(referral_id)
        _audit(referral, "referral.reference_added", by, request)
    return referral


def referral_record_outcome(
    *, referral_id: int, outcome: Outcome, note: str, filer_note: str = "", by, request=None
) -> Referral:
    """Record what came of the referral. The practitioner who filed is emailed that there is
    an update (no child data) and sees the outcome and `filer_note`; `note` stays with leads."""
    now = timezone.now()
    with transaction.atomic():
        _step(
            referral_id,
            "outcome",
            status=Referral.Status.OUTCOME_RECORDED,
            outcome=outcome,
            outcome_note=note,
            filer_note=filer_note,
            outcome_at=now,
            outcome_by=by,
        )
        referral = _reload(referral_id)
        _remind_now(referral, Reminder.Kind.FILER_UPDATE, now)
        _audit(referral, "referral.outcome_recorded", by, request, {"outcome": outcome.name})
    return referral


def referral_close(*, referral_id: int, by, unsent_reason: str = "", request=None) -> Referral:
    """Close a referral whose outcome is recorded. Its written referral must have gone to MASH,
    or the lead says why not. Closing the referral closes its concern: a concern's status is
    the one definition the dashboard's counts, the status filter and the lists all read."""
    now = timezone.now()
    sent = Q(follow_up_sent_at__isnull=False) if not unsent_reason else Q()
    with transaction.atomic():
        changed = Referral.objects.filter(
            sent, pk=referral_id, status=Referral.Status.OUTCOME_RECORDED
        ).update(
            status=Referral.Status.CLOSED,
            closed_at=now,
            closed_by=by,
            unsent_reason=unsent_reason,
        )
        if changed == 0:
            raise ReferralRefused(_close_refusal(referral_id))
        referral = _reload(referral_id)
        referral_closed.send(Referral, concern_id=referral.concern_id, by=by, at=now)
        _audit(referral, "referral.closed", by, request, {"written_sent": not unsent_reason})
    return referral


WITHDRAWABLE = (*CALLABLE_STATUSES, Referral.Status.AWAITING, Referral.Status.OUTCOME_RECORDED)


def referral_withdraw(*, referral_id: int, reason: str, by, request=None) -> Referral:
    """The referral is no longer needed (for example its band was lowered). Its reminders are
    cancelled and the other leads are told."""
    now = timezone.now()
    with transaction.atomic():
        changed = Referral.objects.filter(pk=referral_id, status__in=WITHDRAWABLE).update(
            status=Referral.Status.WITHDRAWN,
            withdrawn_at=now,
            withdrawn_by=by,
            withdrawn_reason=reason,
        )
        if changed == 0:
            raise ReferralRefused(_withdraw_refusal(referral_id))
        referral = _reload(referral_id)
        referral_withdrawn.send(Referral, concern_id=referral.concern_id, by=by, at=now)
        reminders_cancel(concern_id=referral.concern_id, kinds=REFERRAL_KINDS, at=now)
        _remind_now(referral, Reminder.Kind.WITHDRAWN, now)
        _audit(referral, "referral.withdrawn", by, request)
    return referral


REFERRAL_KINDS = (*ACK_KINDS, Reminder.Kind.URGENT_FILED, Reminder.Kind.FOLLOW_UP)


def _remind_now(referral: Referral, kind: str, now: datetime.datetime) -> None:
    """A message that goes now: a reminder row due now, which the next sweep (every minute)
    delivers, like every other reminder."""
    Reminder.objects.create(kind=kind, concern_id=referral.concern_id, due_at=now)


def prior_contact_record(
    *, concern, hub: str, contacted_at: datetime.datetime | None, reference: str
) -> PriorContact:
    """Called inside the filing transaction: the practitioner had already contacted MASH, the
    EDT or the police."""
    return PriorContact.objects.create(
        concern=concern, hub=hub, contacted_at=contacted_at, reference=reference
    )


# Each step: the statuses it may start from, its place in the referral's life, how to say it.
STEPS = {
    "acknowledge": ((Referral.Status.AWAITING,), 1, "acknowledge this referral", ""),
    "contact": (
        (Referral.Status.ACKNOWLEDGED,),
        2,
        "record a call",
        "acknowledge the referral first",
    ),
    "outcome": (
        (
            Referral.Status.MASH_CONTACTED,
            Referral.Status.EDT_CONTACTED,
            Referral.Status.POLICE_CONTACTED,
        ),
        3,
        "record an outcome",
        "record a call in which you spoke to MASH, the EDT or the police first",
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
    Referral.Status.POLICE_CONTACTED: 2,
    Referral.Status.OUTCOME_RECORDED: 3,
    Referral.Status.CLOSED: 4,
    Referral.Status.WITHDRAWN: 5,
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


def _close_refusal(referral_id: int) -> str:
    referral = referral_with_people(referral_id)
    if referral is not None and referral.status == Referral.Status.OUTCOME_RECORDED:
        return (
            "The written referral has not been sent to MASH. Send it, or say why it was not "
            "sent, before closing the referral."
        )
    return _refusal(referral_id, "close")


def _withdraw_refusal(referral_id: int) -> str:
    referral = referral_with_people(referral_id)
    if referral is None:
        return "This referral no longer exists."
    return f"{latest_step_sentence(referral)} It cannot be withdrawn now."
