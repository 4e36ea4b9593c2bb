"""What a referral tells the apps built on it. Referrals sit below concerns (concerns files a
concern and opens its referral), so referrals never import concerns: when a referral ends,
it says so here and concerns moves its concern on (concerns/receivers.py).

Both are sent inside the transaction that ends the referral, so what a receiver writes commits
or rolls back with it."""

from django.dispatch import Signal

# Keyword arguments: concern_id, by (the lead), at (when).
referral_closed = Signal()
referral_withdrawn = Signal()
