"""Shared by the reminder tests: a child with details that must never reach an email, the people
who receive reminders, and a way to point the Celery app at another broker."""

import contextlib
import datetime
import signal
import socket
import subprocess
import threading
import time

import celery.contrib.testing.tasks  # noqa: F401 (registers celery.ping for the ping check)
import kombu.pools
import redis
from celery.contrib.testing.worker import start_worker

from cse_portal import celery_app
from referrals.tasks import sweep_reminders

from .factories import child_details

NARRATIVE = "Seen at the Quillfeather bus station with a man in a grey van."
CHILD = child_details(
    first_name="Zebedee",
    last_name="Quartermaine",
    date_of_birth=datetime.date(2012, 3, 14),
    age_years=14,
    school="Hollowmere Academy",
    area="Trowbridge",
)
CHILD_DATA = [
    "Zebedee",
    "Quartermaine",
    "2012-03-14",
    "14 March 2012",
    "14/03/2012",
    "Hollowmere",
    "Trowbridge",
    "Quillfeather",
    "grey van",
]


def assert_no_child_data(message) -> None:
    parts = [message.subject, message.body] + [body for body, _ in message.alternatives]
    for text in parts:
        for detail in CHILD_DATA:
            assert detail.lower() not in text.lower(), f"{detail!r} appeared in a reminder"


def html_of(message) -> str:
    return next(body for body, mimetype in message.alternatives if mimetype == "text/html")


def recipients(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def reset_broker_connections() -> None:
    """Celery keeps its connection pool, and kombu a process-wide pool per broker URL; close
    and forget them so the next publish connects to whatever `broker_url` says now. (Celery has
    no public call for this that does not also deregister the app.)"""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()


@contextlib.contextmanager
def broker_at(url: str):
    """Point the Celery app at another broker for the duration, then put it back."""
    original = celery_app.conf.broker_url
    reset_broker_connections()
    celery_app.conf.broker_url = url
    try:
        yield
    finally:
        reset_broker_connections()
        celery_app.conf.broker_url = original


class RedisServer:
    """A redis-server of our own on a spare port, to stop and start at will."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(50):
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def freeze(self) -> None:
        """Stop the process without closing its sockets: connections open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class SilentBroker:
    """A TCP server that accepts connections and never answers: a hung broker."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.held: list[socket.socket] = []
        self._stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.server.settimeout(0.2)
        while not self._stopped.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopped.set()
        self.thread.join(timeout=5)
        for connection in self.held:
            connection.close()
        self.server.close()


def wait_for(condition, seconds: float = 20.0) -> bool:
    """Poll until the worker thread has done its part (or give up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@contextlib.contextmanager
def running_worker():
    # The ping check reads a result; the application's own tasks store none.
    ping = celery_app.tasks["celery.ping"]
    ping.ignore_result = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=True) as worker:
            yield worker
    finally:
        ping.ignore_result = True


def sweep_and_wait() -> int:
    """Run the sweep on the worker and return how many reminders it sent."""
    return sweep_reminders.apply_async(ignore_result=False).get(timeout=30)
