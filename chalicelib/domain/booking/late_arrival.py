"""The lateness moments a late customer's own arrival time moves (docs/product-rules.md#late-arrival); the time
itself is an event of the booking's history (booking.py: expected_arrival)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .booking import ARRIVAL_EVENT, Booking, ExpectedArrival, expected_arrival

__all__ = ["EVENT", "LATEST", "ExpectedArrival", "expected_arrival", "lateness_times"]

EVENT = ARRIVAL_EVENT
LATEST = timedelta(minutes=60)  # the latest arrival staff may record, after the start


def lateness_times(booking: Booking, grace: timedelta, late_after: timedelta,
                   no_show_after: timedelta) -> dict[str, datetime]:
    """When the place is released, the late message and call go, and the booking becomes a no-show: from the
    start, or, when the customer gave a time, not before that time plus the grace period (the release only
    when the place is held)."""
    assert booking.start is not None
    times = {"release": booking.start + grace, "late": booking.start + late_after,
             "no_show": booking.start + no_show_after}
    given = expected_arrival(booking)
    if given is not None:
        until = given.at + grace
        times = {name: max(at, until) if name != "release" or given.held else at for name, at in times.items()}
    return times
