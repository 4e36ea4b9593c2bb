"""Ending sessions: expired ones on a schedule, and every session of a deactivated user.

Session rows can hold what a user was doing (a pending two-factor secret, a search key), so
they are deleted, not left to lapse: a reactivated account must not bring an old cookie back.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_clear_expired() -> None:
    """What `manage.py clearsessions` does, for the beat schedule."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def user_sessions_end(*, user, keep: str | None = None) -> int:
    """Delete every live session signed in as `user`, except the one keyed `keep` (the
    request's own, which its middleware still has to save). Returns how many were deleted.
    Sessions are few (30 minutes idle, purged on a schedule), so reading each is cheap."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    ended = [
        session.pk
        for session in live.iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
