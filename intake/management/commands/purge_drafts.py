from django.core.management.base import BaseCommand

from intake.services import drafts_purge_expired


class Command(BaseCommand):
    help = (
        "Delete intake drafts past their expiry (the days set in the admin, counted from the "
        "last save). Celery beat does this every hour; this is for running it by hand. "
        "Prints a count only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show how many drafts would be deleted without deleting any.",
        )

    def handle(self, *args, dry_run=False, **options):
        count = drafts_purge_expired(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} expired draft(s).")
