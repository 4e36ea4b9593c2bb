"""Settings shared by every environment. Environment-specific modules import from here."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from common.db_limits import bounded

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "common",
    "audit",
    "accounts",
    "cse_portal",
    "indicators",
    "concerns",
    "referrals",
    "intake",
    "network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.sessions.RenewingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cse_portal.security.RejectNulBytesMiddleware",
    "cse_portal.security.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cse_portal.security.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "cse_portal.security.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cse_portal.urls"
WSGI_APPLICATION = "cse_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "cse_portal.context_processors.user_roles",
            ],
        },
    },
]

# Every PostgreSQL connection is bounded (common.db_limits): connecting gives up after
# DB_CONNECT_TIMEOUT seconds and a statement after DB_STATEMENT_TIMEOUT (0: none). The export
# and the purge allow their own statements longer.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 15)
EXPORT_STATEMENT_TIMEOUT = env_int("EXPORT_STATEMENT_TIMEOUT", 120)
PURGE_STATEMENT_TIMEOUT = env_int("PURGE_STATEMENT_TIMEOUT", 900)
DATABASES = {
    "default": bounded(
        dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        connect_seconds=DB_CONNECT_TIMEOUT,
        statement_seconds=DB_STATEMENT_TIMEOUT,
    )
}
# /healthz answers within this, whatever hangs (cse_portal.health).
HEALTHZ_SECONDS = 2.5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "config": configuration and permissions (common.config_cache), in each process's memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "config": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "config"},
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserPermissionsBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: idle timeout enforced by SESSION_COOKIE_AGE, renewed at most once a minute
# (accounts.sessions), the absolute limit by cse_portal.security.SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cse_portal.views.csrf_failure"
# Django's default, stated: the largest real form is well under 1 MB; anything bigger gets the
# 400 page ("There is a problem with what was sent"), never a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Lockout (django-axes, policy in accounts.lockout): ten failures for a username from one
# address, or thirty from anywhere, lock that username for 15 minutes, doubling with each
# further failure. A sign-in resets only that username's failures.
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
# A failure while locked is refused without being counted, so the lock ends when the page said.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Sign-ins and sign-outs are on the audit trail already; axes' own access log would keep a
# second copy of every address and browser forever, with nothing to purge it.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor authentication for leads and admins (django-otp).
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Wiltshire CSE Concern Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # admins never see a user's secret key or backup codes

# "From where" on the audit trail and for lockouts. Behind reverse proxies, set how many: the
# client address is then read from X-Forwarded-For (audit.services.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Security headers. HTTPS-only settings are switched on in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# How often the referral queue and the dashboard ask for new urgent referrals.
LIVE_REFERRALS_SECONDS = env_int("LIVE_REFERRALS_SECONDS", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cse-portal@wiltshire.gov.uk")
# A hung mail server must not hold a worker forever; the reminder is retried by the sweep.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Celery, configured from Django settings (namespace CELERY_).
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Bounded waits for whatever does talk to the broker (beat, the worker, /healthz; no web
# request publishes). Measured with these
# settings (tests/test_broker_outage.py checks the bound): a refused connection fails a publish
# at once; a broker that accepts connections but never answers (or was paused or stopped after
# we connected) fails it after one socket_timeout, about 3 s. No publish retries: redis-py
# already reconnects once by itself after a Redis restart, and each retry against a hung broker
# only adds another socket_timeout (9 s measured with one retry). The pool wait covers a pool
# whose connections are all stuck. A failed publish loses nothing: the reminder rows are in the
# database and the sweep sends them.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_POOL_ACQUIRE_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
# The most a web request may wait on the broker: pool wait + one socket timeout, with margin.
BROKER_MAX_WAIT_SECONDS = 10
# The sweep is the only sender: no request publishes to the broker (a frozen Redis held each
# urgent filing for a socket_timeout and queued every other request behind it). Every 10 s
# keeps urgent news within seconds; each run is one indexed query when nothing is due.
REMINDER_SWEEP_SECONDS = env_int("REMINDER_SWEEP_SECONDS", 10)
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {
        "task": "referrals.tasks.sweep_reminders",
        "schedule": float(REMINDER_SWEEP_SECONDS),
    },
    # Records that may be the same child, made before matching or missed at filing.
    "find-possible-duplicates": {
        "task": "concerns.tasks.find_possible_duplicates",
        "schedule": crontab(hour=2, minute=30),
    },
    # Expired sessions are deleted hourly (`manage.py clearsessions`, on the schedule).
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": 3600.0,
    },
    "purge-expired-drafts": {"task": "intake.tasks.purge_expired_drafts", "schedule": 3600.0},
    # Entity alerts, like urgent reminders, are sent only by a sweep (never from a request).
    "sweep-entity-alerts": {
        "task": "network.tasks.sweep_entity_alerts",
        "schedule": float(REMINDER_SWEEP_SECONDS),
    },
    # People and places named since are compared with those filed before them, in batches.
    "offer-possible-matches": {
        "task": "network.tasks.offer_possible_matches",
        "schedule": float(REMINDER_SWEEP_SECONDS),
    },
}

# Logs carry ids and references only; never child data. The formatter withholds exception
# messages and the filter drops request objects and query strings (see cse_portal.log_privacy).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "drop_request_data": {"()": "cse_portal.log_privacy.DropRequestData"},
        "no_client_error_traceback": {"()": "cse_portal.log_privacy.NoTracebackForClientErrors"},
    },
    "formatters": {
        "plain": {
            "()": "cse_portal.log_privacy.PrivacyFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["drop_request_data", "no_client_error_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Replace Django's own handlers (its DEBUG console, the error emails with request
        # bodies to ADMINS, the runserver request log) with ours.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Form bodies must never be logged; Django's request logger stays at WARNING.
        "django.request": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}
