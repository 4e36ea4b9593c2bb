"""The application under test: gunicorn with production-like settings, and a small HTTP
client that keeps cookies, for signing in and warming pages up."""

import http.client
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


APP = "cse_portal.wsgi"
# The bare Django yardstick: the same gunicorn command, benchtools.bare_settings, one view.
BARE_APP, BARE_SETTINGS, BARE_PATH = (
    "django.core.wsgi:get_wsgi_application()",
    "benchtools.bare_settings",
    "/bench/bare",
)


class Gunicorn:
    """`gunicorn cse_portal.wsgi -w 2`: sync workers, one per core."""

    def __init__(
        self, env: dict, port: int, workers: int, log: Path, app: str = APP, ready: str = ""
    ):
        self.port = port
        self.ready_path = ready or "/report-cse/"
        self.log = log.open("w")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), app, "-w", str(workers), "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log.name}")
            try:
                status, _, _ = Http(self.port).request("GET", self.ready_path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        terminate(self.process, timeout=15)
        self.log.close()


def terminate(process: subprocess.Popen, *, timeout: float) -> None:
    """SIGTERM, then SIGKILL if it has not stopped within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()


class Sweeps:
    """The worker's share of filing beside gunicorn (benchtools' bench_sweeps command): the
    comparison of people and places named, and the alerts' counting and sending, which
    filing leaves to the worker."""

    def __init__(self, env: dict, log: Path):
        self.log_path = log
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "bench_sweeps"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> str:
        """Its last line: how much it compared and sent, in how long, and what was left."""
        terminate(self.process, timeout=60)  # a sweep under way finishes its batch
        self.log.close()
        lines = self.log_path.read_text().strip().splitlines()
        return lines[-1] if lines else "no report"


class Http:
    """One browser's worth of cookies against 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        body = None
        if self.cookies:
            headers["Cookie"] = self.cookie_header
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, data

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    @property
    def csrf_token(self) -> str:
        return self.cookies.get("csrftoken", "")

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf_token}
        status, headers, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Could not sign in as {username} (HTTP {status}).")

    def post_form(self, path: str, form: dict):
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": self.csrf_token})


def bare_gunicorn(env: dict, workers: int, log: Path) -> Gunicorn:
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": BARE_SETTINGS}
    return Gunicorn(bare_env, free_port(), workers, log, app=BARE_APP, ready=BARE_PATH)
