"""What lead pages drew, and the lookups every page makes, kept until what they show changes.

The database keeps three numbers, the data versions, that triggers change in the same
transaction as any write to the tables behind them (migration cse_portal 0005): one for case
work (children, concerns, referrals), one for people and roles, one for configuration
(indicators, scoring policy, contacts, office hours, reminder timings, outcomes). A thing is
cached under the versions it was made from, so the first request after a change makes it
afresh: nothing stale is served, however the change was made (a form, the admin, a bulk
update, SQL). Parts that depend on the clock are also keyed by the minute.

The cache is each web process's own memory (the "pages" cache in settings), never Redis:
what it holds includes children's names, which must not leave the process that read them.

On SQLite (the embedded default) there are no triggers, so there are no versions and nothing
is cached: every page is drawn afresh, as its data is small.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

CACHE = "pages"
SECONDS = 10 * 60
CONTENT, PEOPLE, CONFIGURATION = 1, 2, 3
# Statements that cannot change a version: reads, and writes to tables no cache depends on.
HARMLESS = (
    "SELECT",
    'INSERT INTO "cse_portal_auditevent"',
    'UPDATE "django_session"',
    'INSERT INTO "django_session"',
)

_request_memo: ContextVar[dict | None] = ContextVar("data_versions_memo", default=None)


@dataclass(frozen=True)
class Versions:
    content: int
    people: int
    configuration: int

    @property
    def all(self) -> str:
        return f"{self.content}.{self.people}.{self.configuration}"


def versions() -> Versions | None:
    """The current versions, or None where there are none (then nothing may be cached). Read
    once per request, and again after the request writes anything that could change them."""
    if connection.vendor != "postgresql":
        return None
    memo = _request_memo.get()
    if memo is not None and "versions" in memo:
        return memo["versions"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, version FROM cse_portal_dataversion")
        found = dict(cursor.fetchall())
    current = None
    if all(kind in found for kind in (CONTENT, PEOPLE, CONFIGURATION)):
        current = Versions(found[CONTENT], found[PEOPLE], found[CONFIGURATION])
    if memo is not None:
        memo["versions"] = current
    return current


def fragment_context() -> dict:
    """What a template's `{% cache %}` tags need: how long to keep a fragment (0: not at all),
    the versions to key it by, and the current minute for parts that depend on the clock."""
    current = versions()
    return {
        "cache_seconds": SECONDS if current is not None else 0,
        "data_version": current.all if current is not None else "",
        "this_minute": timezone.now().strftime("%Y%m%d%H%M"),
    }


def remembered(key: str, compute, *, depends_on: str = "all"):
    """`compute()`, kept under `key` until the versions it `depends_on` change: "all", or
    "content", "people" or "configuration" alone."""
    current = versions()
    if current is None:
        return compute()
    cache = caches[CACHE]
    full_key = f"{key}:{depends_on}:{getattr(current, depends_on)}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, SECONDS)
    return value


def clear() -> None:
    caches[CACHE].clear()


class DataVersionMiddleware:
    """Remembers the versions for the length of a request, forgetting them as soon as the
    request sends the database anything but a read (or an audit or session write)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memo = {}
        token = _request_memo.set(memo)
        try:
            with connection.execute_wrapper(partial(_forget_on_write, memo)):
                return self.get_response(request)
        finally:
            _request_memo.reset(token)


def _forget_on_write(memo, execute, sql, params, many, context):
    if not sql.lstrip().startswith(HARMLESS):
        memo.clear()
    return execute(sql, params, many, context)
