"""Chain-wide booking policies that are not a store's to set."""
from __future__ import annotations

from datetime import timedelta

# Upcoming self-service bookings one customer may hold at once: enough for a family's cars, too few to
# hoard a store's slots. Staff bookings do not count.
MAX_ACTIVE_ONLINE_BOOKINGS = 3

# How long an Idempotency-Key is remembered: far longer than any client retries.
IDEMPOTENCY_WINDOW = timedelta(days=7)
