"""Staff record the arrival time a late customer gives on the phone (docs/product-rules.md#late-arrival): an
event in the booking's history, which moves its lateness steps (domain/booking/late_arrival.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.late_arrival import EVENT, LATEST, ExpectedArrival
from ..booking.lifecycle import Status
from ..errors import Conflict, ValidationError
from ..tenancy.store import Store


def check(booking: Booking, expected: datetime) -> None:
    """A pending or confirmed booking with a time; the time given after its start, at most LATEST after it."""
    if booking.status not in (Status.PENDING, Status.CONFIRMED) or booking.start is None:
        raise Conflict("only a booking still expected today can take an arrival time", field="status",
                       code="arrival_not_expected")
    if expected <= booking.start:
        raise ValidationError("the arrival time must be after the booking's start", field="expected",
                              code="arrival_before_start")
    if expected > booking.start + LATEST:
        raise ValidationError("an arrival more than 60 minutes late: move the booking instead", field="expected",
                              code="arrival_too_late")


def record(booking: Booking, store: Store, now: datetime, by: str, expected: datetime,
           room_then: bool) -> BookingChange:
    """The time given; the place is held until it (plus the grace period) when `room_then` (the slot they will
    arrive in has a place for them) and the place has not been released already."""
    check(booking, expected)
    given = ExpectedArrival(expected.astimezone(store.tz), held=room_then and not booking.place_released)
    after = replace(booking, events=booking.events + (Event(at=now, kind=EVENT, by=by, note=given.note()),))
    return decide(booking, after, store, now)
