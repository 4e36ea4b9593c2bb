from django.core.management.base import BaseCommand
from django.utils import timezone

from concerns.retention import concerns_purge_expired


class Command(BaseCommand):
    help = (
        "Delete closed concerns not changed for longer than the retention period set in the "
        "admin, with their answers, addenda, overrides, referral and reminders, and children "
        "left with no concern. The run is audited. Prints references only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be deleted without deleting anything.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = concerns_purge_expired(now=timezone.now(), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        cutoff = timezone.localtime(report.cutoff)
        self.stdout.write(
            f"Retention period: {report.retention_days} days "
            f"(closed concerns last changed before {cutoff:%d %B %Y %H:%M})."
        )
        if not report.references:
            self.stdout.write("Nothing is past its retention period.")
            return
        self.stdout.write(f"{verb} {len(report.references)} closed concern(s):")
        for reference in report.references:
            self.stdout.write(f"  {reference}")
        for label, count in sorted(report.counts.items()):
            self.stdout.write(f"  {label}: {count}")
