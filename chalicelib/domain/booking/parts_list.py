"""Where a booking waiting for parts is listed (docs/product-rules.md#parts-waitlist, decision 0084): on its
store's waiting list while it waits, which every day plan reads whole; once it closes there (cancelled, a no-show,
the parts request ended for an unpaid deposit) on the list of those closed on that day (UTC), which only the
nightly auditor reads, for the days it audits (the deposits' books of a cancelled parts booking, its refund)."""
from __future__ import annotations

from datetime import UTC, date

from .booking import Booking
from .lifecycle import TERMINAL


def closed_on(b: Booking) -> date | None:
    """The UTC day a booking that waited for parts closed without a slot (its closing event's, stable however it
    changes later, e.g. when its refund is confirmed); None while it waits, once it has a slot, for a walk-in."""
    if b.start is not None or b.walk_in_day is not None or b.status not in TERMINAL:
        return None
    closing = [e.at for e in b.events if e.kind == b.status.value]
    moment = closing[0] if closing else b.events[-1].at if b.events else b.created_at
    return moment.astimezone(UTC).date() if moment else None
