"""When each benchmark concern is filed, and about which child.

Filing times are spread evenly over the five years. A concern beyond each child's first goes
to one of the repeat children whose 18-month window covers its time, so a child's concerns
cluster as real ones do (and trigger the repeat floor) without piling up in recent months."""

import bisect
import datetime
import random

from .people import SeedChild
from .plan import CHILD_WINDOW_DAYS, YEARS


def concern_times(
    children: list[SeedChild], count: int, rng: random.Random, now: datetime.datetime
) -> dict[int, list[datetime.datetime]]:
    start, span = now - datetime.timedelta(days=YEARS * 365), datetime.timedelta(days=YEARS * 365)
    window = datetime.timedelta(days=CHILD_WINDOW_DAYS)
    times = {child.id: [_in_window(child, start, now, rng)] for child in children}
    repeat = sorted((c for c in children if c.window_days), key=lambda c: c.first_at)
    starts = [child.first_at for child in repeat]
    for _ in range(count - len(children)):
        at = start + rng.random() * span
        low, high = bisect.bisect_left(starts, at - window), bisect.bisect_right(starts, at)
        if low < high:
            child = repeat[rng.randrange(low, high)]
        else:  # no window covers this moment (only in small data sets): any repeat child
            child = rng.choice(repeat)
            at = _in_window(child, start, now, rng)
        times[child.id].append(at)
    return times


def _in_window(child: SeedChild, start, now, rng: random.Random) -> datetime.datetime:
    if not child.window_days:
        return child.first_at
    low = max(child.first_at, start)
    high = min(child.first_at + datetime.timedelta(days=child.window_days), now)
    return low + rng.random() * (high - low)
