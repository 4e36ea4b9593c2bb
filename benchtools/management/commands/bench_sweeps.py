import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from network.models import Entity
from network.services import possible_matches_offer


class Command(BaseCommand):
    help = (
        "For make bench: the worker's share of filing, beside the web server while it is "
        "driven. Compares the people and places named (network.services.possible_matches_offer) "
        "every REMINDER_SWEEP_SECONDS, as beat schedules it, until stopped."
    )

    # Only this sweep, not a whole worker: the seeded data's backlog of reminders and alerts
    # would be sent all at once, which no day at a council looks like.

    def handle(self, *args, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        compared = sweeps = 0
        busy = 0.0
        while not stopping:
            started = time.monotonic()
            compared += possible_matches_offer()
            busy += time.monotonic() - started
            sweeps += 1
            deadline = started + settings.REMINDER_SWEEP_SECONDS
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)
        waiting = Entity.objects.filter(to_compare=True).count()
        self.stdout.write(
            f"compared {compared} in {sweeps} sweeps, {busy:.1f} s busy; {waiting} waiting"
        )
