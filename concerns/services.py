"""Writes to concerns. Filing is one transaction: concern, answers, score, referral, audit."""

import datetime
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from audit.services import audit_record
from indicators.models import Indicator
from indicators.scoring import Band, ChildFacts, score
from indicators.selectors import active_indicators, current_policy

from .child_services import ChildIdentity, child_match_or_create
from .children import match_key
from .models import Addendum, Answer, BandOverride, Child, Concern, ReferenceCounter

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChildDetails:
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    age_years: int
    age_is_approximate: bool
    gender: str = ""
    school: str = ""
    area: str = ""
    learning_disability: bool = False
    looked_after: bool = False
    gender_description: str = ""
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    address: str = ""
    carers: tuple = ()  # ({"name", "relationship", "phone"}, ...)
    ethnicity: str = ""
    known_to_social_care: str = ""
    other_agencies: tuple = ()

    def identity(self) -> ChildIdentity:
        return ChildIdentity(
            first_name=self.first_name,
            last_name=self.last_name,
            date_of_birth=self.date_of_birth,
            age_years=self.age_years,
            gender=self.gender,
            gender_description=self.gender_description,
            nhs_number=self.nhs_number,
            upn=self.upn,
            postcode=self.postcode,
            address=self.address,
            carers=[dict(carer) for carer in self.carers],
            ethnicity=self.ethnicity,
            known_to_social_care=self.known_to_social_care,
            other_agencies=list(self.other_agencies),
            school=self.school,
        )

    def as_reported(self) -> dict:
        """The identity as typed, kept on the concern (JSON: the date as ISO text)."""
        reported = self.identity().__dict__.copy()
        reported.pop("age_years")
        reported.pop("school")
        dob = reported["date_of_birth"]
        reported["date_of_birth"] = dob.isoformat() if dob else ""
        return reported


# The concern's own fields a filing may give through `details`.
CONCERN_DETAILS = (
    "incident_when",
    "incident_where",
    "people_present",
    "others_aware",
    "reporter_organisation",
    "reporter_phone",
)


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    note: str = ""


class SubmissionRefused(Exception):
    """The form's submission token has filed a concern already, with other content or by
    someone else: nothing was filed. `own_reference` names the filer's own concern from that
    form; it is empty when the token is not theirs (whose it is, is never said)."""

    def __init__(self, own_reference: str = ""):
        super().__init__(own_reference or "token used by someone else")
        self.own_reference = own_reference


def concern_file(
    *,
    filed_by,
    child: ChildDetails,
    answers: dict[str, AnswerInput],
    disclosure: bool,
    immediate_risk: bool,
    narrative: str,
    submission_token: uuid.UUID,
    request=None,
    indicators: list[Indicator] | None = None,
    details: dict | None = None,
    after_file: Callable[[Concern], dict | None] | None = None,
) -> Concern:
    """File a concern. The same form sent again gives back the same concern; the same token
    with other content, or someone else's token, raises SubmissionRefused.
    `indicators`: the active indicators the form was built from, if the caller has them.
    `details`: more of the concern's own fields (what happened, about the filer).
    `after_file`: runs inside the filing's transaction, only when the concern is new; what it
    returns is recorded in the filing's audit event (one event for the whole filing)."""
    given = {
        "child": child,
        "answers": answers,
        "disclosure": disclosure,
        "immediate_risk": immediate_risk,
        "narrative": narrative,
    }
    # No look for the token first: a resubmitted form is rare, and the unique token refuses it.
    try:
        with transaction.atomic():
            return _file(
                filed_by=filed_by,
                **given,
                submission_token=submission_token,
                request=request,
                indicators=indicators,
                details=details or {},
                after_file=after_file,
            )
    except IntegrityError:
        # A second submit of the same form, or one racing the first: the first one won.
        existing = Concern.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        if existing.filed_by_id != filed_by.pk:
            raise SubmissionRefused() from None
        if not _same_submission(existing, **given):
            raise SubmissionRefused(existing.reference) from None
        return existing


def _same_child_as_typed(concern: Concern, child: ChildDetails) -> bool:
    if concern.reported:
        return concern.reported == child.as_reported()
    typed = match_key(child.first_name, child.last_name, child.date_of_birth)
    return concern.child.match_key == typed


def _same_submission(concern: Concern, *, child, answers, disclosure, immediate_risk, narrative):
    """Whether what was sent is what the concern holds (the form sent twice)."""
    filed = {a.key: (a.answer, a.note) for a in concern.answers.all()}
    sent = {key: (a.answer, a.note) for key, a in answers.items()}
    unanswered = ("no", "")
    return (
        concern.narrative == narrative
        and concern.disclosure == disclosure
        and concern.immediate_risk == immediate_risk
        and _same_child_as_typed(concern, child)
        and (concern.school, concern.area) == (child.school, child.area)
        and all(sent.get(key, unanswered) == pair for key, pair in filed.items())
        and set(sent) <= set(filed)
    )


def _file(
    *,
    filed_by,
    child,
    answers,
    disclosure,
    immediate_risk,
    narrative,
    submission_token,
    request,
    indicators,
    details,
    after_file,
) -> Concern:
    from referrals.services import referral_open_for_new_concern

    now = timezone.now()  # for scoring; the filing time is taken under the counter's lock
    policy_row = current_policy()
    indicators = indicators if indicators is not None else active_indicators()
    child_row = child_match_or_create(details=child.identity(), today=timezone.localdate(now))
    recent = _recent_concern_count(child_row, now, policy_row.repeat_days)
    result = score(
        items=[indicator.as_item() for indicator in indicators],
        answers={key: value.answer for key, value in answers.items()},
        child=ChildFacts(
            age_years=child.age_years,
            learning_disability=child.learning_disability,
            looked_after=child.looked_after,
        ),
        disclosure=disclosure,
        immediate_risk=immediate_risk,
        recent_concerns=recent,
        policy=policy_row.as_policy(),
    )
    reference, now = _next_reference(now)
    concern = Concern.objects.create(
        reference=reference,
        submission_token=submission_token,
        child=child_row,
        filed_by=filed_by,
        filed_at=now,
        age_years=child.age_years,
        age_is_approximate=child.age_is_approximate,
        school=child.school,
        area=child.area,
        learning_disability=child.learning_disability,
        looked_after=child.looked_after,
        reported=child.as_reported(),
        disclosure=disclosure,
        immediate_risk=immediate_risk,
        narrative=narrative,
        total=result.total,
        scored_band=result.band,
        band=result.band,
        explanation=result.as_dict(),
        policy=policy_row,
        status=Concern.Status.REFERRED if result.band >= Band.HIGH else Concern.Status.NEW,
        **{name: details[name] for name in CONCERN_DETAILS if name in details},
    )
    _save_answers(concern, indicators, answers)
    added = after_file(concern) if after_file is not None else None
    audit_record(
        action="concern.filed",
        actor=filed_by,
        request=request,
        obj=concern,
        detail={"band": result.band.label, **(added or {})},
    )
    referral_open_for_new_concern(concern=concern, at=now)
    logger.info("concern filed ref=%s band=%s", concern.reference, result.band.label)
    return concern


def _recent_concern_count(child: Child, now: datetime.datetime, days: int) -> int:
    since = now - datetime.timedelta(days=days)
    return Concern.objects.filter(child=child, filed_at__gte=since).count()


def _next_reference(now: datetime.datetime) -> tuple[str, datetime.datetime]:
    """The next reference and the filing time. One statement creates the year's counter or adds
    one to it, and returns the number. Its row lock lasts until the filing commits, so two
    filings can never take the same number; the time is read once the lock is held, so a later
    reference never has an earlier time (newest first and reference order agree)."""
    year = timezone.localtime(now).year
    table = ReferenceCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) ON CONFLICT (year) "  # noqa: S608
            f"DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    # At midnight on New Year's Eve the clock may pass into the year after the reference's: the
    # time is then held at the year's last moment, so the two still agree.
    return f"CSE-{year}-{number:06d}", min(timezone.now(), _last_moment_of(year))


def _last_moment_of(year: int) -> datetime.datetime:
    local_new_year = datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    return local_new_year - datetime.timedelta(microseconds=1)


def _save_answers(concern: Concern, indicators: list[Indicator], answers) -> None:
    rows = []
    for order, indicator in enumerate(indicators):
        given = answers.get(indicator.key, AnswerInput(answer="no"))
        rows.append(
            Answer(
                concern=concern,
                indicator=indicator,
                indicator_version=indicator.version,
                key=indicator.key,
                kind=indicator.kind,
                text=indicator.text,
                weight=indicator.weight,
                answer=given.answer,
                note=given.note,
                order=order,
            )
        )
    Answer.objects.bulk_create(rows)


def addendum_add(*, concern: Concern, author, text: str, request=None) -> Addendum:
    with transaction.atomic():
        addendum = Addendum.objects.create(concern=concern, author=author, text=text)
        audit_record(
            action="addendum.added",
            actor=author,
            request=request,
            obj=concern,
            detail={"addendum_id": addendum.pk},
        )
    return addendum


# --- a safeguarding lead's decisions --------------------------------------------------------
#
# Each decision is one conditional UPDATE on the state the lead saw; when no row changes,
# someone else decided first and the lead is told who.

REVIEWABLE = (Concern.Status.NEW, Concern.Status.MONITORING)


class DecisionRefused(Exception):
    """A decision that was not recorded, with a plain-English message for the lead."""


def concern_monitor(
    *, concern_id: int, from_status: str, review_date: datetime.date, reason: str, by, request=None
) -> Concern:
    """Keep a non-urgent concern under review until `review_date`."""
    with transaction.atomic():
        concern = _decide(
            concern_id,
            from_status,
            Concern.Status.MONITORING,
            reason,
            by,
            review_date=review_date,
        )
        _schedule_review(concern, review_date)
        _audit_decision(concern, by, request, {"review_date": review_date.isoformat()})
    return concern


def _schedule_review(concern: Concern, review_date: datetime.date) -> None:
    from referrals.models import Reminder
    from referrals.services import reminder_schedule_monitoring_review

    try:
        with transaction.atomic():
            reminder_schedule_monitoring_review(concern=concern, review_date=review_date)
    except IntegrityError:
        # Monitoring again with the same review date: bring back the reminder just cancelled.
        Reminder.objects.filter(
            concern=concern,
            kind=Reminder.Kind.MONITORING_REVIEW,
            due_at__date=review_date,
            sent_at__isnull=True,
        ).update(cancelled_at=None)


def concern_close_no_further_action(
    *, concern_id: int, from_status: str, reason: str, by, request=None
) -> Concern:
    with transaction.atomic():
        concern = _decide(concern_id, from_status, Concern.Status.CLOSED, reason, by)
        _audit_decision(concern, by, request)
    return concern


def concern_refer(*, concern_id: int, from_status: str, reason: str, by, request=None):
    """Turn a non-urgent concern into a referral to MASH."""
    from referrals.services import referral_open_by_lead

    with transaction.atomic():
        concern = _decide(concern_id, from_status, Concern.Status.REFERRED, reason, by)
        # _decide has just set status_changed_at, so it is never None here.
        referral_open_by_lead(concern=concern, at=concern.status_changed_at)  # type: ignore[arg-type]
        _audit_decision(concern, by, request)
    return concern


def _decide(concern_id, from_status, to_status, reason, by, review_date=None) -> Concern:
    from referrals.models import Reminder
    from referrals.services import reminders_cancel

    now = timezone.now()
    if from_status not in REVIEWABLE:
        raise DecisionRefused(_decided_already(concern_id))
    changed = Concern.objects.filter(pk=concern_id, status=from_status).update(
        status=to_status,
        status_reason=reason,
        status_changed_at=now,
        status_changed_by=by,
        reviewed_at=now,
        review_date=review_date,
    )
    if changed == 0:
        raise DecisionRefused(_decided_already(concern_id))
    reminders_cancel(
        concern_id=concern_id,
        kinds=[Reminder.Kind.REVIEW_DUE, Reminder.Kind.MONITORING_REVIEW],
        at=now,
    )
    return Concern.objects.select_related("child").get(pk=concern_id)


def _audit_decision(concern, by, request, detail: dict | None = None) -> None:
    audit_record(
        action=f"concern.{concern.status}",
        actor=by,
        request=request,
        obj=concern,
        detail={"status": concern.status, **(detail or {})},
    )


def _decided_already(concern_id: int) -> str:
    concern = Concern.objects.select_related("status_changed_by").filter(pk=concern_id).first()
    if concern is None:
        return "This concern no longer exists."
    status = concern.get_status_display().lower()
    if concern.status_changed_by is None:
        return f"This concern is {status}: a decision is not needed. Nothing was changed."
    who = _person(concern.status_changed_by)
    when = _when(concern.status_changed_at)
    return f"{who} already recorded a decision at {when}: {status}. Nothing was changed."


def concern_override_band(
    *, concern_id: int, from_band: int, to_band: int, reason: str, by, request=None
) -> BandOverride:
    """A lead changes the band in force. The score as filed is kept; the override, who and
    why are recorded. Raising an unreferred concern to High or above refers it."""
    if to_band == from_band:
        raise DecisionRefused("The band is already that. Choose a different band.")
    with transaction.atomic():
        changed = Concern.objects.filter(pk=concern_id, band=from_band).update(band=to_band)
        if changed == 0:
            raise DecisionRefused(_band_changed_already(concern_id))
        concern = Concern.objects.get(pk=concern_id)
        override = BandOverride.objects.create(
            concern=concern, from_band=from_band, to_band=to_band, reason=reason, by=by
        )
        referred = _refer_if_now_urgent(concern, reason, by)
        audit_record(
            action="concern.band_overridden",
            actor=by,
            request=request,
            obj=concern,
            detail={
                "from": Band(from_band).label,
                "to": Band(to_band).label,
                "referral_created": referred,
            },
        )
    return override


def _refer_if_now_urgent(concern: Concern, reason: str, by) -> bool:
    """The band update above holds the concern's row lock, so this check cannot race an
    escalation of the same concern."""
    from referrals.models import Referral
    from referrals.services import referral_open_by_lead

    if concern.band < Band.HIGH or Referral.objects.filter(concern=concern).exists():
        return False
    now = timezone.now()
    Concern.objects.filter(pk=concern.pk).update(
        status=Concern.Status.REFERRED,
        status_reason=reason,
        status_changed_at=now,
        status_changed_by=by,
        reviewed_at=now,
        review_date=None,
    )
    referral_open_by_lead(concern=concern, at=now)
    return True


def _band_changed_already(concern_id: int) -> str:
    latest = BandOverride.objects.select_related("by").filter(concern_id=concern_id).last()
    if latest is None:
        return "The band has changed since you opened this page. Nothing was changed."
    return (
        f"{_person(latest.by)} changed the band to {latest.get_to_band_display()} at "
        f"{_when(latest.at)}. Nothing was changed: look again before you change it."
    )


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "H:i \\o\\n j F Y")
