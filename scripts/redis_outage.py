#!/usr/bin/env python3
"""Measure the site with Redis frozen: throughput of a mixed load, and how soon urgent emails
leave once Redis answers again. A developer's tool (issue 11, item 10), not part of the app.

Starts its own redis-server on a spare port (the one it freezes with SIGSTOP: never a shared
one), an SMTP sink, gunicorn (2 sync workers), a Celery worker and beat, all on a fresh
PostgreSQL database seeded by `seed_bench`. Then, for PHASE seconds each: the mixed load with
Redis answering; the same with Redis frozen; then Redis resumed, timing until every urgent
email due has been taken by the mail server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python scripts/redis_outage.py --phase 30
"""

import argparse
import os
import secrets
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import database, server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "var" / "redis-outage"
HIGH = {"missing": "yes", "cars": "yes", "older_friend": "yes", "gifts": "yes", "phone": "yes"}
KEYS: list[str] = []  # the active indicators' keys, read once the database is seeded


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take a message and count it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.received = 0


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        in_data = False
        for raw in self.rfile:
            line = raw.rstrip(b"\r\n")
            if in_data:
                if line == b".":
                    in_data = False
                    self.server.received += 1
                    self.wfile.write(b"250 ok\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"DATA":
                in_data = True
                self.wfile.write(b"354 go\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def start_redis(port: int) -> subprocess.Popen:
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return redis


def filing(token: str) -> dict:
    data = {
        "submission_token": token,
        "first_name": "Outage",
        "last_name": "Test",
        "date_of_birth_0": "1",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2012",
        "approximate_age": "",
        "gender": "",
        "school": "",
        "area": "",
        "learning_disability": "no",
        "looked_after": "no",
        "disclosure": "no",
        "immediate_risk": "no",
        "narrative": "Measuring the site with the broker frozen.",
    }
    for key in KEYS:
        data[f"answer_{key}"] = HIGH.get(key, "no")
        data[f"note_{key}"] = ""
    return data


class Load:
    """Client threads, each its own signed-in user, counting finished requests."""

    def __init__(self, port: int, users: list[tuple[str, list[str], bool]]):
        self.port = port
        self.users = users
        self.done = 0
        self.filed = 0
        self.errors = 0
        self.lock = threading.Lock()

    def run(self, seconds: float) -> tuple[int, int, int]:
        self.done = self.filed = self.errors = 0
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=self._client, args=(user, stop)) for user in self.users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.done, self.filed, self.errors

    def _client(self, user, stop: float) -> None:
        session, paths, files = user
        count = 0
        while time.monotonic() < stop:
            count += 1
            if files and count % 5 == 0:
                status, _, body = session.post_form("/concerns/new/", filing(str(uuid.uuid4())))
                ok, filed = status == 302, 1
                if not ok:
                    (LOGS / "refused-filing.html").write_bytes(body)
            else:
                status, _, body = session.request("GET", paths[count % len(paths)])
                ok, filed = status == 200, 0
                if not ok:
                    (LOGS / f"refused-{status}.html").write_bytes(body)
            with self.lock:
                self.done += 1
                self.filed += filed if ok else 0
                self.errors += 0 if ok else 1


def urgent_unsent(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM referrals_reminder WHERE kind = 'urgent_filed' "
            "AND sent_at IS NULL AND cancelled_at IS NULL"
        ).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", type=int, default=20, help="seconds per load phase")
    parser.add_argument("--concerns", type=int, default=2000)
    args = parser.parse_args()
    LOGS.mkdir(parents=True, exist_ok=True)
    url = database.bench_database_url("cse_faults_bench_outage")
    redis_port, web_port = server.free_port(), server.free_port()
    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_portal.settings.bench",
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.server_address[1]),
        "EMAIL_USE_TLS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    redis = start_redis(redis_port)
    processes = []
    try:
        database.recreate(url)
        database.migrate_and_seed(env, args.concerns)
        with psycopg.connect(url) as conn:
            KEYS.extend(
                key for (key,) in conn.execute("SELECT key FROM indicators_indicator WHERE active")
            )
        web = server.Gunicorn(env, web_port, 2, LOGS / "gunicorn.log")
        processes.append(web.process)
        celery = [str(Path(sys.executable).parent / "celery"), "-A", "cse_portal"]
        for role in ("worker", "beat"):
            extra = ["--pool=solo"] if role == "worker" else ["-s", str(LOGS / "beat-schedule")]
            log = (LOGS / f"{role}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [*celery, role, "--loglevel=INFO", *extra],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        web.wait_ready()
        users = []
        for number in range(1, 4):
            practitioner = server.Http(web_port)
            practitioner.sign_in(f"bench-practitioner-{number:05d}", "bench-only-not-a-secret")
            users.append((practitioner, ["/concerns/", "/concerns/new/"], True))
        for number in range(1, 3):
            lead = server.Http(web_port)
            lead.sign_in(f"bench-lead-{number:05d}", "bench-only-not-a-secret")
            users.append((lead, ["/triage/", "/referrals/"], False))
        load = Load(web_port, users)
        time.sleep(12)  # beat's first sweeps send what seeding left due
        print(f"Mixed load, {len(users)} clients, {args.phase} s a phase")
        done, filed, errors = load.run(args.phase)
        print(f"  Redis answering: {done / args.phase:.1f} req/s, {filed} filed, {errors} errors")
        redis.send_signal(signal.SIGSTOP)
        done_frozen, filed, errors = load.run(args.phase)
        print(
            f"  Redis frozen:    {done_frozen / args.phase:.1f} req/s, {filed} filed, "
            f"{errors} errors ({done_frozen / max(done, 1):.0%} of normal)"
        )
        waiting = urgent_unsent(url)
        received = sink.received
        redis.send_signal(signal.SIGCONT)
        resumed = time.monotonic()
        while urgent_unsent(url) and time.monotonic() - resumed < 180:
            time.sleep(0.5)
        took = time.monotonic() - resumed
        print(
            f"  Redis resumed: {waiting} urgent emails waiting; all sent {took:.1f} s later "
            f"({sink.received - received} messages taken by the mail server)"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.send_signal(signal.SIGCONT)
        redis.terminate()
        sink.shutdown()


if __name__ == "__main__":
    main()
