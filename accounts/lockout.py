"""Sign-in lockout policy, on django-axes' database handler.

- Failures are counted for a username from one address (the pair), and for the username from
  anywhere. Ten failures for the pair, or thirty for the username, lock that username: other
  people behind the same school or council address can still sign in.
- A lock lasts 15 minutes. Each further failure once the count is reached locks again for
  twice as long (15, 30, 60 minutes, … at most 12 hours). Failures are forgotten 24 hours
  after the last one, or as soon as that username signs in.
- A username that names no account is kept only as a keyed digest: people type passwords into
  the username box. It is counted like any other username, so a lockout never tells an
  attacker which usernames exist.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import dateformat, timezone

PAIR_LIMIT = 10
USERNAME_LIMIT = 30
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(hours=12)
FORGET_AFTER = timedelta(hours=24)
UNKNOWN_PREFIX = "unknown:"


def lockout_username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username axes stores and counts."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username")
    if not isinstance(typed, str) or not typed:
        return None
    if "\x00" not in typed and get_user_model()._default_manager.filter(username=typed).exists():
        return typed
    digest = hmac.new(settings.SECRET_KEY.encode(), typed.encode(), hashlib.sha256).hexdigest()
    return UNKNOWN_PREFIX + digest[:32]


def lock_length(failures_past_limit: int) -> timedelta:
    """How long a lock lasts: 15 minutes for the failure that reaches the limit, doubling
    with each failure after it."""
    return min(FIRST_LOCK * 2 ** min(failures_past_limit, 16), LONGEST_LOCK)


def _locked_until(attempts, limit: int, now: datetime) -> datetime | None:
    counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = counted["failures"] or 0
    if failures < limit:
        return None
    until = counted["last"] + lock_length(failures - limit)
    return until if until > now else None


def locked_until(request, credentials=None) -> datetime | None:
    """When the username being signed in with may try again, or None if it is not locked."""
    username = get_client_username(request, credentials)
    if username is None:
        return None
    now = timezone.now()
    by_pair = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    )
    by_username = AccessAttempt.objects.filter(username=username)
    ends = [
        end
        for end in (
            _locked_until(by_pair, PAIR_LIMIT, now),
            _locked_until(by_username, USERNAME_LIMIT, now),
        )
        if end is not None
    ]
    return max(ends, default=None)


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER. axes records each failure and asks `get_failures` whether the count has
    reached AXES_FAILURE_LIMIT: the answer reaches it exactly while a lock is in force."""

    def get_failures(self, request, credentials=None) -> int:
        return settings.AXES_FAILURE_LIMIT if locked_until(request, credentials) else 0

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        # axes would forget failures one cool-off after the last; we keep them a day, so that
        # the next lock can be longer.
        count, _ = AccessAttempt.objects.filter(
            attempt_time__lte=timezone.now() - FORGET_AFTER
        ).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page saying when to try again."""
    until = locked_until(request, credentials) or timezone.now() + FIRST_LOCK
    context = {"try_again_at": when_text(until)}
    return render(request, "registration/locked_out.html", context, status=429)


def when_text(moment: datetime) -> str:
    """GOV.UK style: "2:35pm", or "9:05am on Wednesday 2 December" when it is not today."""
    local = timezone.localtime(moment)
    text = dateformat.format(local, "g:i") + ("am" if local.hour < 12 else "pm")
    if local.date() != timezone.localdate():
        text += " on " + dateformat.format(local, "l j F")
    return text
