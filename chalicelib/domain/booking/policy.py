"""Chain-wide booking policies that are not a store's to set."""
from __future__ import annotations

from datetime import timedelta

# Upcoming self-service bookings one customer may hold at once: enough for a family's cars, too few to
# hoard a store's slots. Staff bookings do not count.
MAX_ACTIVE_ONLINE_BOOKINGS = 3

# How long an Idempotency-Key is remembered: far longer than any client retries.
IDEMPOTENCY_WINDOW = timedelta(days=7)

# How long a booking is kept after its appointment (or its last change, without one): the store report
# compares a month with the same month a year before; reminders and follow-ups end within weeks; a vehicle's
# service history and a customer's lapse clock live on their own records (docs/product-rules.md#retention).
BOOKING_RETENTION = timedelta(days=400)
