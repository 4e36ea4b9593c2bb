"""Reads of concerns, always scoped to what the user may see."""

from django.db.models import Prefetch
from django.http import Http404

from accounts import roles
from audit.services import audit_record
from indicators.scoring import Band

from .models import ANSWER_CHOICES, Answer, Child, Concern


def concerns_visible_to(user):
    if roles.is_lead(user):
        return Concern.objects.all()
    if roles.can_file(user):
        return Concern.objects.filter(filed_by=user)
    return Concern.objects.none()


# Everything the concern page draws of the concern itself, read with it in one query.
FULL = ("child", "filed_by", "policy", "referral", "referral__outcome", "status_changed_by")


def concern_get_for_user(*, user, reference: str, request=None) -> Concern:
    """The concern, with FULL, or a 404 identical to a missing one. A refused attempt is
    audited."""
    visible = concerns_visible_to(user).filter(reference=reference).select_related(*FULL)
    concern = visible.first()
    if concern is None:
        audit_record(
            action="concern.denied",
            actor=user,
            request=request,
            object_type="concern",
            object_ref=reference[:32],
            detail={"exists": Concern.objects.filter(reference=reference).exists()},
        )
        raise Http404("No concern found")
    return concern


def concern_page_rows(*, concern: Concern) -> dict:
    """The answers as given and the additions, as plain values, read here rather than lazily
    as the concern page's template draws them (two queries)."""
    labels = dict(ANSWER_CHOICES)
    answers = concern.answers.order_by("order").values_list("text", "answer", "note")
    return {
        "answers": [
            {"text": text, "answer": labels.get(answer, answer), "note": note}
            for text, answer, note in answers
        ],
        "addenda": list(concern.addenda.values("created_at", "text", "author__username")),
    }


def concern_band_changes(*, concern: Concern) -> list[dict]:
    """Each band override on the concern, oldest first, as the lead's record shows it."""
    overrides = concern.overrides.values(
        "at", "from_band", "to_band", "reason", "by__username", "by__first_name", "by__last_name"
    )
    return [
        {
            "at": row["at"],
            "who": _name(row["by__first_name"], row["by__last_name"], row["by__username"]),
            "from_band": Band(row["from_band"]).label,
            "to_band": Band(row["to_band"]).label,
            "reason": row["reason"],
        }
        for row in overrides
    ]


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def concerns_filed_by(*, user):
    return (
        Concern.objects.filter(filed_by=user)
        .select_related("child", "referral", "referral__outcome")
        .defer("narrative", "explanation")  # the list shows neither; they are most of a row
        .order_by("-filed_at", "-id")
    )


def child_get(*, child_id: int) -> Child | None:
    return Child.objects.filter(pk=child_id).first()


def child_chronology(*, child: Child) -> dict:
    """Every concern about a child, oldest first, each with its filer's role, and a grid of the
    signs answered Yes or Possible each time. Three queries however many concerns there are."""
    concerns = list(
        Concern.objects.filter(child=child)
        .select_related("filed_by", "referral", "referral__outcome")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.order_by("order")), "filed_by__groups"
        )
        .order_by("filed_at", "id")
    )
    for concern in concerns:
        concern.filer_role = filer_role(concern.filed_by)  # type: ignore[attr-defined]
    return {"concerns": concerns, **_indicator_grid(concerns)}


def _indicator_grid(concerns: list[Concern]) -> dict:
    """Rows: each sign answered Yes or Possible at least once, worded as most recently asked.
    Cells: the answer on each concern ("" where it was No or not asked)."""
    wording: dict[str, str] = {}
    order: dict[str, tuple[bool, int]] = {}
    answered: dict[str, dict[int, str]] = {}
    for column, concern in enumerate(concerns):
        for answer in concern.answers.all():
            wording[answer.key] = answer.text
            order[answer.key] = (answer.kind != "indicator", answer.order)
            if answer.answer != "no":
                answered.setdefault(answer.key, {})[column] = answer.get_answer_display()
    columns = range(len(concerns))
    rows = [
        {"key": key, "text": wording[key], "cells": [cells.get(i, "") for i in columns]}
        for key, cells in sorted(answered.items(), key=lambda item: order[item[0]])
    ]
    return {"grid": rows, "never_present": len(wording) - len(rows)}


def filer_role(user) -> str:
    """The filer's role, from groups already prefetched."""
    names = {group.name for group in user.groups.all()}
    for role in (roles.LEAD, roles.PRACTITIONER, roles.ADMIN):
        if role in names:
            return role
    return "No role"


def concern_for_submission(*, user, token) -> Concern | None:
    """The concern this user filed with this submission token, if any."""
    return Concern.objects.filter(submission_token=token, filed_by=user).first()
