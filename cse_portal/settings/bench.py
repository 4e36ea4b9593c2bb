"""For `make bench` only: production settings, relaxed just enough to serve plain HTTP on
localhost. Never deploy with these: cookies lose `Secure` and the `__Host-` prefix, there is
no HTTPS redirect and no two-factor step, and a trivial view is routed at /bench/ok.

Everything else (DEBUG off, CONN_MAX_AGE, the middleware, password hashing, logging) is
production's, so the numbers say something about production."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchtools"]  # development only: seeding, trivial views

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
REQUIRE_2FA = False
BENCH_VIEWS = True
# Seeding a million concerns runs statements far longer than a page's bound.
DATABASES["default"].get("OPTIONS", {}).pop("options", None)  # noqa: F405
