"""`make run`: the web server, a Celery worker and beat together. Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = os.environ.get("PORT", "8000")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "cse_portal.settings.local", "PYTHONUNBUFFERED": "1"}
# Links in reminder emails point at this server unless SITE_URL says otherwise.
ENV.setdefault("SITE_URL", f"http://127.0.0.1:{PORT}")

COMMANDS = {
    "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}"],
    "worker": [str(BIN / "celery"), "-A", "cse_portal", "worker", "--pool=solo", "--loglevel=INFO"],
    "beat": [str(BIN / "celery"), "-A", "cse_portal", "beat", "--loglevel=INFO"],
}


def main() -> int:
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=ENV) for name, cmd in COMMANDS.items()}
    print(f"CSE Concern Portal on http://127.0.0.1:{PORT} (web, worker and beat). Ctrl-C stops.")
    try:
        while all(process.poll() is None for process in processes.values()):
            time.sleep(0.5)
        stopped = [name for name, process in processes.items() if process.poll() is not None]
        print(f"Stopped unexpectedly: {', '.join(stopped)}. Stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
