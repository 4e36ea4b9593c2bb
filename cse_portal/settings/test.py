"""Tests: real PostgreSQL and Redis; Django's in-memory email (SMTP is outside the system)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .env import env_int, env_str

# The benchmark's seeding is tested too (tests/test_bench_seed.py); never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "benchtools"]

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]

import dj_database_url  # noqa: E402

from common.db_limits import bounded  # noqa: E402

# Bounded as in production, but more loosely: on a machine shared by parallel runs, creating,
# flushing and dropping test databases can wait on locks for longer than a page should.
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 60)
DATABASES = {
    "default": bounded(
        dj_database_url.parse(
            env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cse_portal"),
            conn_max_age=0,
        ),
        connect_seconds=DB_CONNECT_TIMEOUT,  # noqa: F405
        statement_seconds=DB_STATEMENT_TIMEOUT,
    )
}
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
# Only for the embedded test worker's ping check; the application's tasks ignore results.
CELERY_RESULT_BACKEND = REDIS_URL
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LIVE_REFERRALS_SECONDS = 1  # browser tests see the live update at once
AXES_ENABLED = True
