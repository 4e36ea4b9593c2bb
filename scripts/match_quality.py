"""Measure matching at filing on a labelled set of made-up children (a developer's tool).

    .venv/bin/python scripts/match_quality.py [--records 10000] [--seed 13]

Builds a fresh SQLite database under var/ (never the one `make run` uses), files each record's
child through the real matching, and prints precision and recall of the automatic links and of
the "Possible same child" pairs. The figures are in the README."""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    database = ROOT / "var" / "match_quality.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_portal.settings.local")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from scripts.matchlib.evaluate import evaluate
    from scripts.matchlib.labelled import labelled_records

    call_command("migrate", verbosity=0)
    records = labelled_records(args.records, seed=args.seed)
    started = time.monotonic()
    with transaction.atomic():  # one commit: SQLite syncs the disk on every commit
        figures = evaluate(records)
    print(figures.report())
    print(f"({args.records} records in {time.monotonic() - started:.0f} s)")
    database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
