"""Broker reachability, with a short bound so a dead broker cannot hang a request."""

import logging

import redis
from django.conf import settings
from kombu import Connection

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2


def broker_is_up() -> bool:
    url = settings.CELERY_BROKER_URL
    try:
        if url.startswith(("redis://", "rediss://")):
            client = redis.Redis.from_url(
                url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
            )
            try:
                return bool(client.ping())
            finally:
                client.close()
        with Connection(url, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        return True
    except Exception:
        logger.warning("healthz: broker unreachable")
        return False
