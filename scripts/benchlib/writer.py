"""The writes and sign-ins going on during the second scenario, in a process of their own:
a practitioner files a concern every second through the real form (the form's page first,
then the POST with its CSRF token, as a browser does), and someone signs in every five
seconds. Run by drive.Writes as `python scripts/benchlib/writer.py SPEC RESULT`; it stops on
SIGTERM and writes what it did to RESULT.

SPEC (JSON): port, password, filer (username), sign_ins (usernames, in turn), form (the
filing's fields, with __TOKEN__ and __NAME__ replaced for each filing)."""

import json
import random
import signal
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchlib.server import Http  # noqa: E402

FILE_EVERY, SIGN_IN_EVERY = 1.0, 5.0


class Writer:
    def __init__(self, spec: dict):
        self.spec = spec
        self.port = spec["port"]
        self.filer = Http(self.port)
        self.filer.sign_in(spec["filer"], spec["password"])
        self.done = {"filed": 0, "filing_failed": 0, "signed_in": 0, "sign_in_failed": 0}
        self.started = time.monotonic()
        self.turn = 0

    def file(self) -> None:
        status, _, _ = self.filer.request("GET", self.spec["path"])
        name = "".join(random.choice("bdfgklmnprstvz" + "aeiou") for _ in range(7)).capitalize()
        form = {
            key: value.replace("__TOKEN__", str(uuid.uuid4())).replace("__NAME__", name)
            for key, value in self.spec["form"].items()
        }
        status, headers, _ = self.filer.post_form(self.spec["path"], form)
        filed = status == 302 and "/filed/" in headers.get("Location", "")
        self.done["filed" if filed else "filing_failed"] += 1

    def sign_in(self) -> None:
        users = self.spec["sign_ins"]
        username = users[self.turn % len(users)]
        self.turn += 1
        try:
            Http(self.port).sign_in(username, self.spec["password"])
        except SystemExit:
            self.done["sign_in_failed"] += 1
        else:
            self.done["signed_in"] += 1

    def run(self, stopping) -> None:
        """On a fixed beat: when a request is slow the beat is kept, not made up in a burst."""
        next_filing = next_sign_in = time.monotonic()
        while not stopping():
            now = time.monotonic()
            if now >= next_filing:
                self.file()
                next_filing = max(next_filing + FILE_EVERY, time.monotonic())
            if now >= next_sign_in:
                self.sign_in()
                next_sign_in = max(next_sign_in + SIGN_IN_EVERY, time.monotonic())
            time.sleep(max(0.0, min(next_filing, next_sign_in) - time.monotonic()))


def main() -> int:
    spec = json.loads(Path(sys.argv[1]).read_text())
    result = Path(sys.argv[2])
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    writer = Writer(spec)
    result.write_text(json.dumps({**writer.done, "seconds": 0}))
    try:
        writer.run(lambda: bool(stop))
    finally:
        seconds = time.monotonic() - writer.started
        result.write_text(json.dumps({**writer.done, "seconds": round(seconds, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
