"""Writes to concerns. Filing is one transaction: concern, answers, score, referral, audit."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cse_portal.audit import audit_record
from indicators.models import Indicator
from indicators.scoring import Band, ChildFacts, score
from indicators.selectors import active_indicators, current_policy

from .children import match_key
from .models import Addendum, Answer, Child, Concern, ReferenceCounter

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


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    note: str = ""


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
) -> Concern:
    """File a concern. The same submission token always gives back the same concern.
    `indicators`: the active indicators the form was built from, if the caller has them."""
    existing = _concern_for_token(filed_by, submission_token)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _file(
                filed_by=filed_by,
                child=child,
                answers=answers,
                disclosure=disclosure,
                immediate_risk=immediate_risk,
                narrative=narrative,
                submission_token=submission_token,
                request=request,
                indicators=indicators,
            )
    except IntegrityError:
        # A second submit of the same form raced the first one: the first one won.
        existing = _concern_for_token(filed_by, submission_token)
        if existing is None:
            raise
        return existing


def _concern_for_token(filed_by, token) -> Concern | None:
    return Concern.objects.filter(submission_token=token, filed_by=filed_by).first()


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
) -> Concern:
    from referrals.services import referral_open_for_new_concern

    now = timezone.now()
    policy_row = current_policy()
    indicators = indicators if indicators is not None else active_indicators()
    child_row = _child_match_or_create(child)
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
    concern = Concern.objects.create(
        reference=_next_reference(now),
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
        disclosure=disclosure,
        immediate_risk=immediate_risk,
        narrative=narrative,
        total=result.total,
        scored_band=result.band,
        band=result.band,
        explanation=result.as_dict(),
        policy=policy_row,
        status=Concern.Status.REFERRED if result.band >= Band.HIGH else Concern.Status.NEW,
    )
    _save_answers(concern, indicators, answers)
    audit_record(
        action="concern.filed",
        actor=filed_by,
        request=request,
        obj=concern,
        detail={"band": result.band.label},
    )
    referral_open_for_new_concern(concern=concern, at=now)
    logger.info("concern filed ref=%s band=%s", concern.reference, result.band.label)
    return concern


def _child_match_or_create(details: ChildDetails) -> Child:
    key = match_key(details.first_name, details.last_name, details.date_of_birth)
    if details.date_of_birth is not None:
        existing = Child.objects.filter(match_key=key).order_by("id").first()
        if existing is not None:
            return existing
    return Child.objects.create(
        first_name=details.first_name,
        last_name=details.last_name,
        date_of_birth=details.date_of_birth,
        gender=details.gender,
        match_key=key,
    )


def _recent_concern_count(child: Child, now: datetime.datetime, days: int) -> int:
    since = now - datetime.timedelta(days=days)
    return Concern.objects.filter(child=child, filed_at__gte=since).count()


def _next_reference(now: datetime.datetime) -> str:
    """One statement creates the year's counter or adds one to it, and returns the number. Its
    row lock lasts until the filing commits, so two filings can never take the same number."""
    year = timezone.localtime(now).year
    table = ReferenceCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) ON CONFLICT (year) "  # noqa: S608
            f"DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        number = cursor.fetchone()[0]
    return f"CSE-{year}-{number:06d}"


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
