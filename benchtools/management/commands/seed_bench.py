from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchtools.seed import seed_bench
from indicators.scoring import Band


class Command(BaseCommand):
    help = (
        "Add a large, realistic, invented data set for benchmarking (default 100,000 concerns). "
        "Refuses any database whose name does not say it is for benchmarks or tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concerns", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be added and stop"
        )

    def handle(self, *args, concerns, seed, dry_run, **options):
        name = settings.DATABASES["default"]["NAME"]
        if "bench" not in name and not name.startswith("test"):
            raise CommandError(f"Refusing to seed {name!r}: use a database named for benchmarks.")
        if concerns < 1:
            raise CommandError("--concerns must be at least 1.")
        from benchtools.plan import Plan

        plan = Plan.for_concerns(concerns)
        self.stdout.write(
            f"Seeding {plan.concerns:,} concerns about {plan.children:,} children from "
            f"{plan.practitioners:,} practitioners ({plan.leads} leads, "
            f"{plan.due_reminders:,} reminders due now) into {name}"
        )
        if dry_run:
            return
        report = seed_bench(concerns=concerns, seed=seed, log=self.stdout.write)
        mix = ", ".join(
            f"{Band(band).label} {count / plan.concerns:.0%}"
            for band, count in sorted(report.bands.items())
        )
        self.stdout.write(f"Bands: {mix}. Done in {report.seconds:.1f} s.")
