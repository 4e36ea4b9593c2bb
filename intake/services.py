"""Writes for the intake: drafts saved section by section, and filing through concern_file."""

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from concerns.models import Concern
from concerns.services import ChildDetails, concern_file

from .models import Draft
from .sections import Filing
from .selectors import draft_keep_days

logger = logging.getLogger(__name__)


def _expires(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=draft_keep_days())


def _unused(token: uuid.UUID | None) -> uuid.UUID:
    """The posted token, unless a draft or a concern already has it (a form sent twice)."""
    if token is None or Draft.objects.filter(submission_token=token).exists():
        return uuid.uuid4()
    return uuid.uuid4() if Concern.objects.filter(submission_token=token).exists() else token


def draft_start(
    *, author, data: dict, done: list[str], token: uuid.UUID | None = None, request=None
) -> Draft:
    with transaction.atomic():
        draft = Draft.objects.create(
            author=author,
            data=data,
            sections_done=done,
            submission_token=_unused(token),
            expires_at=_expires(timezone.now()),
        )
        audit_record(
            action="draft.started", request=request, object_type="draft", object_ref=draft.pk.hex
        )
    return draft


def draft_save_section(
    *, draft: Draft, keys: list[str], values: dict, slug: str, valid: bool
) -> Draft:
    """Replace one section's values (a radio left unchosen posts nothing, so every key of the
    section is cleared first) and note whether the section is now complete."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk, author_id=draft.author_id)
        data = {key: value for key, value in locked.data.items() if key not in keys}
        data.update(values)
        done = [s for s in locked.sections_done if s != slug] + ([slug] if valid else [])
        locked.data, locked.sections_done = data, done
        locked.expires_at = _expires(timezone.now())
        locked.save(update_fields=["data", "sections_done", "expires_at", "updated_at"])
    return locked


def draft_new_token(*, draft: Draft) -> Draft:
    """After a refused filing: the next press of "File this concern" files anew."""
    Draft.objects.filter(pk=draft.pk).update(submission_token=uuid.uuid4())
    draft.refresh_from_db()
    return draft


def draft_discard(*, draft: Draft, request=None) -> None:
    with transaction.atomic():
        Draft.objects.filter(pk=draft.pk, author_id=draft.author_id).delete()
        audit_record(
            action="draft.discarded", request=request, object_type="draft", object_ref=draft.pk.hex
        )


def draft_file(*, draft: Draft, filing: Filing, indicators, request=None) -> Concern:
    """File the draft and delete it, in one transaction: a concern and no draft, or neither."""
    with transaction.atomic():
        concern = intake_file(
            user=draft.author,
            filing=filing,
            token=draft.submission_token,
            indicators=indicators,
            request=request,
        )
        Draft.objects.filter(pk=draft.pk).delete()
    return concern


def intake_file(*, user, filing: Filing, token: uuid.UUID, indicators, request=None) -> Concern:
    return concern_file(
        filed_by=user,
        child=ChildDetails(**filing.child),
        answers=filing.answers,
        disclosure=filing.disclosure,
        immediate_risk=filing.immediate_risk,
        narrative=filing.narrative,
        submission_token=token,
        request=request,
        indicators=indicators,
        details=filing.details,
        after_file=filing.run_after_file,
    )


def drafts_purge_expired(*, now: datetime.datetime | None = None, dry_run=False) -> int:
    """Delete drafts past their expiry. Returns how many there were."""
    expired = Draft.objects.filter(expires_at__lte=now or timezone.now())
    if dry_run:
        return expired.count()
    with transaction.atomic():
        count, _ = expired.delete()
        if count:
            audit_record(action="draft.purged", object_type="draft", detail={"count": count})
    logger.info("drafts purged count=%s", count)
    return count
