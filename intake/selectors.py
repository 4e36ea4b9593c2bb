"""Reads of drafts: a draft is its author's alone."""

from django.http import Http404
from django.utils import timezone

from .models import Draft, DraftPolicy


def draft_get_for_author(*, draft_id, user) -> Draft:
    """The draft, if this user wrote it and it has not expired; otherwise 404, the same
    answer whether or not it exists."""
    draft = Draft.objects.filter(pk=draft_id, author=user, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise Http404
    return draft


def drafts_of(*, user):
    return Draft.objects.filter(author=user, expires_at__gt=timezone.now()).only(
        "id", "created_at", "updated_at", "expires_at", "sections_done"
    )


def draft_keep_days() -> int:
    policy = DraftPolicy.objects.first()
    return (
        policy.keep_days if policy is not None else DraftPolicy._meta.get_field("keep_days").default
    )
