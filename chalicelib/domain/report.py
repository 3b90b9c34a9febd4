"""A store's figures per day (docs/product-rules.md#daily-report): bookings, arrivals, on-time arrivals,
no-shows, cancellations, appointment rate (booked arrivals / all arrivals incl. walk-ins) and
confirmation-SLA misses (docs/product-rules.md#confirmation-sla)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .booking import Booking, first_event_at
from .lifecycle import Status

CONFIRMATION_SLA = timedelta(hours=2)
ARRIVED = frozenset({Status.ARRIVED, Status.IN_SERVICE, Status.COMPLETED})


def sla_missed(booking: Booking, now: datetime) -> bool:
    """The customer did not hear time and price within two hours of booking: no confirmation by
    the deadline, unless the booking was cancelled or the customer arrived before it. Walk-ins have no SLA."""
    if booking.source == "walk_in":
        return False
    booked = first_event_at(booking, "booked")
    if booked is None:
        return False
    deadline = booked + CONFIRMATION_SLA
    settled = [at for kind in ("confirmed", "arrived", "cancelled") if (at := first_event_at(booking, kind)) is not None]
    if settled and min(settled) <= deadline:
        return False
    return now > deadline


@dataclass(frozen=True)
class DayFigures:
    day: date
    bookings: int
    arrivals: int
    booked_arrivals: int
    walk_ins: int
    on_time_arrivals: int
    no_shows: int
    cancellations: int
    appointment_rate: float | None
    sla_misses: int

    def to_json(self) -> dict[str, Any]:
        figures = asdict(self)
        figures["day"] = self.day.isoformat()
        return figures


def day_figures(day: date, bookings: Iterable[Booking], grace: timedelta, now: datetime) -> DayFigures:
    items = list(bookings)
    booked = [b for b in items if b.source != "walk_in"]
    arrivals = [b for b in items if b.status in ARRIVED]
    booked_arrivals = [b for b in arrivals if b.source != "walk_in"]
    on_time = [
        b for b in booked_arrivals
        if (arrived := first_event_at(b, "arrived")) is not None and b.start is not None and arrived <= b.start + grace
    ]
    return DayFigures(
        day=day,
        bookings=len(booked),
        arrivals=len(arrivals),
        booked_arrivals=len(booked_arrivals),
        walk_ins=len(arrivals) - len(booked_arrivals),
        on_time_arrivals=len(on_time),
        no_shows=sum(1 for b in items if b.status is Status.NO_SHOW),
        cancellations=sum(1 for b in items if b.status is Status.CANCELLED),
        appointment_rate=round(len(booked_arrivals) / len(arrivals), 4) if arrivals else None,
        sla_misses=sum(1 for b in booked if sla_missed(b, now)),
    )


def totals(days: list[DayFigures]) -> dict[str, Any]:
    keys = ("bookings", "arrivals", "booked_arrivals", "walk_ins", "on_time_arrivals", "no_shows", "cancellations", "sla_misses")
    summed = {k: sum(getattr(d, k) for d in days) for k in keys}
    summed["appointment_rate"] = round(summed["booked_arrivals"] / summed["arrivals"], 4) if summed["arrivals"] else None
    return summed
