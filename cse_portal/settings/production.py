"""Production: every secret from the environment, no defaults, HTTPS everywhere."""

import os

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

SECRET_KEY = env_str("SECRET_KEY")
if "DATABASE_URL" not in os.environ:
    raise RuntimeError("Set the DATABASE_URL environment variable.")
if "REDIS_URL" not in os.environ:
    raise RuntimeError("Set the REDIS_URL environment variable.")

DEBUG = False
REQUIRE_2FA = env_bool("REQUIRE_2FA", True)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one TLS-terminating proxy that sets X-Forwarded-For; without this every
# request would seem to come from the proxy, and ten failed sign-ins would lock out everyone.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
