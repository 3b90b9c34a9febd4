"""A store's figures per day and over a range (docs/reports.md): bookings by service type and by source,
arrivals, on-time arrivals, no-shows, cancellations, appointment rate (booked arrivals / all arrivals incl.
walk-ins), kept-appointment rate (arrived bookings / bookings due), confirmation-SLA misses by advisor
(docs/product-rules.md#confirmation-sla), revenue estimate in fen, and the first-service arrival rate."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .. import codec
from ..booking.bill import final_charged_fen
from ..booking.booking import Booking, first_event_at
from ..booking.lifecycle import ARRIVED, Status
from ..followup.agenda import sla_deadline
from ..tenancy.store import Store

UNASSIGNED = "unassigned"  # the advisor key of SLA misses on bookings nobody was assigned to


def sla_missed(booking: Booking, now: datetime, store: Store | None = None) -> bool:
    """The customer did not hear time and price within two hours of booking, or of the parts' arrival for a
    booking waiting for parts (two hours the store is open, given the store:
    docs/product-rules.md#confirmation-sla): no confirmation by the deadline, unless the booking was cancelled
    or the customer arrived before it. Walk-ins have no SLA."""
    deadline = sla_deadline(booking, store)
    if deadline is None:
        return False
    settled = [at for kind in ("confirmed", "arrived", "cancelled") if (at := first_event_at(booking, kind)) is not None]
    if settled and min(settled) <= deadline:
        return False
    return now > deadline


def price_fen(booking: Booking) -> int | None:
    """What the booking is expected to bring in, in fen: a completed job's final bill (docs/product-rules.md#the-bill),
    else its price estimate (quoted from the store's price list when booked or moved, or the advisor's), or None
    when it carries none."""
    final = final_charged_fen(booking)
    return final if final is not None else booking.price_estimate


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


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
    bookings_due: int = 0
    kept: int = 0
    kept_rate: float | None = None
    by_service: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    sla_by_advisor: dict[str, int] = field(default_factory=dict)
    revenue_fen: int = 0
    priced_arrivals: int = 0
    coupon_bookings: int = 0  # bookings made with a coupon, not cancelled (docs/product-rules.md#coupons)
    coupon_fen: int = 0  # what coupons took off the labour of the day's arrivals

    def to_json(self) -> dict[str, Any]:
        figures: dict[str, Any] = codec.builtins(self)  # the day as YYYY-MM-DD
        return figures


def _due(booking: Booking, now: datetime) -> bool:
    """A booking is due once its start has come, unless it was cancelled; walk-ins are never 'due'."""
    return (booking.source != "walk_in" and booking.status is not Status.CANCELLED and booking.start is not None
            and booking.start <= now)


def _on_time(booking: Booking, grace: timedelta) -> bool:
    arrived = first_event_at(booking, "arrived")
    return arrived is not None and booking.start is not None and arrived <= booking.start + grace


def day_figures(day: date, bookings: Iterable[Booking], grace: timedelta, now: datetime, *,
                store: Store | None = None) -> DayFigures:
    """One day's figures; given the store, the confirmation SLA counts its opening hours only."""
    items = list(bookings)
    booked = [b for b in items if b.source != "walk_in"]
    arrivals = [b for b in items if b.status in ARRIVED]
    booked_arrivals = [b for b in arrivals if b.source != "walk_in"]
    due = [b for b in booked if _due(b, now)]
    kept = [b for b in due if b.status in ARRIVED]
    missed = [b for b in booked if sla_missed(b, now, store)]
    prices = [p for b in arrivals if (p := price_fen(b)) is not None]
    return DayFigures(
        day=day,
        bookings=len(booked),
        arrivals=len(arrivals),
        booked_arrivals=len(booked_arrivals),
        walk_ins=len(arrivals) - len(booked_arrivals),
        on_time_arrivals=sum(1 for b in booked_arrivals if _on_time(b, grace)),
        no_shows=sum(1 for b in items if b.status is Status.NO_SHOW),
        cancellations=sum(1 for b in items if b.status is Status.CANCELLED),
        appointment_rate=rate(len(booked_arrivals), len(arrivals)),
        sla_misses=len(missed),
        bookings_due=len(due),
        kept=len(kept),
        kept_rate=rate(len(kept), len(due)),
        by_service=dict(sorted(Counter(b.service_type for b in booked).items())),  # they add up to `bookings`
        by_source=dict(sorted(Counter(b.source for b in booked).items())),
        sla_by_advisor=dict(sorted(Counter(b.advisor_id or b.advisor or UNASSIGNED for b in missed).items())),
        revenue_fen=sum(prices),
        priced_arrivals=len(prices),
        coupon_bookings=sum(1 for b in items if b.coupon_id and b.status is not Status.CANCELLED),
        coupon_fen=sum(b.coupon_fen or 0 for b in arrivals if b.coupon_id),
    )


COUNTS = ("bookings", "arrivals", "booked_arrivals", "walk_ins", "on_time_arrivals", "no_shows", "cancellations",
          "sla_misses", "bookings_due", "kept", "revenue_fen", "priced_arrivals", "coupon_bookings", "coupon_fen")
BREAKDOWNS = ("by_service", "by_source", "sla_by_advisor")


def totals(days: Iterable[DayFigures]) -> dict[str, Any]:
    """A range's figures: counts and breakdowns summed, rates recomputed from the sums."""
    items = list(days)
    summed: dict[str, Any] = {k: sum(getattr(d, k) for d in items) for k in COUNTS}
    for name in BREAKDOWNS:
        merged: Counter[str] = Counter()
        for d in items:
            merged.update(getattr(d, name))
        summed[name] = dict(sorted(merged.items()))
    summed["appointment_rate"] = rate(summed["booked_arrivals"], summed["arrivals"])
    summed["kept_rate"] = rate(summed["kept"], summed["bookings_due"])
    return summed


def combine(ranges: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Several stores' range totals as one (the chain's): counts and breakdowns summed, rates recomputed."""
    items = list(ranges)
    summed: dict[str, Any] = {k: sum(int(r[k]) for r in items) for k in COUNTS}
    for name in BREAKDOWNS:
        merged: Counter[str] = Counter()
        for r in items:
            merged.update(r[name])
        summed[name] = dict(sorted(merged.items()))
    summed["appointment_rate"] = rate(summed["booked_arrivals"], summed["arrivals"])
    summed["kept_rate"] = rate(summed["kept"], summed["bookings_due"])
    for name in ("first_service_due", "first_service_arrived"):
        summed[name] = sum(int(r.get(name, 0)) for r in items)
    summed["first_service_rate"] = rate(summed["first_service_arrived"], summed["first_service_due"])
    return summed


@dataclass(frozen=True)
class FirstServiceDue:
    """A vehicle whose first service (首保) falls due on `due` (3 months after its purchase date on file), and
    the day it came in for a first service, if it did."""

    plate: str
    due: date
    came_in: date | None = None


def first_service(vehicles: Iterable[FirstServiceDue], first: date, last: date) -> dict[str, Any]:
    """首保进场率: of the vehicles whose first service fell due between `first` and `last`, the share that came
    in for it by the due day."""
    due = [v for v in vehicles if first <= v.due <= last]
    arrived = [v for v in due if v.came_in is not None and v.came_in <= v.due]
    return {"first_service_due": len(due), "first_service_arrived": len(arrived),
            "first_service_rate": rate(len(arrived), len(due))}
