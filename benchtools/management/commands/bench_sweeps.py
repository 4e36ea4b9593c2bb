import signal
import time

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from network.alerts import alerts_sweep
from network.models import Entity, EntityAlert
from network.services import possible_matches_offer


class Command(BaseCommand):
    help = (
        "For make bench: the worker's share of filing, beside the web server while it is "
        "driven, every REMINDER_SWEEP_SECONDS as beat schedules it, until stopped: comparing "
        "the people and places named (network.services.possible_matches_offer) and sending "
        "the alerts filings record (network.alerts.alerts_sweep: their counting, the leads' "
        "emails to the in-memory backend)."
    )

    # Only these sweeps, not a whole worker: the seeded data's backlog of reminders would be
    # sent all at once, which no day at a council looks like. The seed records no alerts, so
    # every alert sent is one the benchmark's own filings made.

    def handle(self, *args, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        compared = alerted = sweeps = 0
        busy = 0.0
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            while not stopping:
                started = time.monotonic()
                compared += possible_matches_offer()
                alerted += alerts_sweep()
                mail.outbox = []
                busy += time.monotonic() - started
                sweeps += 1
                deadline = started + settings.REMINDER_SWEEP_SECONDS
                while not stopping and time.monotonic() < deadline:
                    time.sleep(0.2)
        waiting = Entity.objects.filter(to_compare=True).count()
        unsent = EntityAlert.objects.filter(sent_at=None).count()
        self.stdout.write(
            f"compared {compared} and sent {alerted} alerts in {sweeps} sweeps, "
            f"{busy:.1f} s busy; {waiting} waiting to be compared, {unsent} alerts unsent"
        )
