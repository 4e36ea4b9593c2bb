"""Health probes for /healthz, each bounded so the check answers whatever hangs.

A frozen database or broker accepts connections and never answers; a statement timeout never
fires then (the server enforces it). So each probe runs in its own thread on its own fresh
connection, and the check waits for them at most HEALTHZ_SECONDS. A probe still hanging from
an earlier check means "down" at once, without starting another: hung probes never pile up."""

import copy
import logging
import threading
import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend
from kombu import Connection

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2
_hanging: dict[str, threading.Thread] = {}
_hanging_lock = threading.Lock()


def probes_run(checks: dict[str, Callable[[], bool]], *, seconds: float) -> dict[str, bool]:
    """Run each check at once in its own thread; whichever has not answered in `seconds` is
    down."""
    answers: dict[str, bool] = {}
    started = {}
    with _hanging_lock:
        for name, check in checks.items():
            if name in _hanging and _hanging[name].is_alive():
                continue
            thread = threading.Thread(
                target=_answer, args=(name, check, answers), name=f"healthz-{name}", daemon=True
            )
            started[name] = thread
            thread.start()
    deadline = time.monotonic() + seconds
    for thread in started.values():
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = {name for name, thread in started.items() if thread.is_alive()}
    with _hanging_lock:
        for name in stuck:
            _hanging[name] = started[name]
            logger.warning("healthz: %s did not answer in %s s", name, seconds)
    return {
        name: name in started and name not in stuck and answers.get(name, False) for name in checks
    }


def _answer(name: str, check: Callable[[], bool], answers: dict) -> None:
    try:
        answers[name] = bool(check())
    except Exception as exc:
        logger.warning("healthz: %s unreachable (%s)", name, type(exc).__name__)
        answers[name] = False


def database_is_up() -> bool:
    """A fresh connection of its own (never the request's), closed afterwards."""
    database = copy.deepcopy(settings.DATABASES["default"])
    database = connections.configure_settings({"default": database})["default"]
    if "postgresql" in database["ENGINE"]:
        database["OPTIONS"]["connect_timeout"] = TIMEOUT_SECONDS  # libpq's least
    probe = load_backend(database["ENGINE"]).DatabaseWrapper(database, "healthz")
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    finally:
        probe.close()


def broker_is_up() -> bool:
    url = settings.CELERY_BROKER_URL
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
