"""What the workshop and parts desks plan a store-day from (docs/product-rules.md#workshop-and-parts): each
booking's labour hours by workshop trade, the parts it needs and its parts checks, the day's hours per trade and
the store's labour hours per category against the day's capacity. Pure: counted from the day's bookings."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from ..booking.booking import Booking
from ..booking.change import holds_hours
from ..service_types import SERVICE_TYPES, LabourCategory
from ..tenancy.store import Store
from . import parts_desk


class Trade(StrEnum):
    """The workshop's trades (工种): who does the hours."""

    MAINTENANCE = "maintenance"  # 保养
    MECHANICAL = "mechanical"  # 机电
    BODY = "body"  # 钣金
    PAINT = "paint"  # 喷漆
    DETAILING = "detailing"  # 美容


TRADE_NAMES: dict[Trade, str] = {Trade.MAINTENANCE: "保养", Trade.MECHANICAL: "机电", Trade.BODY: "钣金",
                                 Trade.PAINT: "喷漆", Trade.DETAILING: "美容"}
CATEGORY_NAMES: dict[LabourCategory, str] = {LabourCategory.PERIODIC_MAINTENANCE: "保养类",
                                             LabourCategory.GENERAL_REPAIR: "维修类"}

# a service type's hours, shared out to the trades (the shares add up to 1)
TRADE_SHARES: dict[str, tuple[tuple[Trade, float], ...]] = {
    "maintenance": ((Trade.MAINTENANCE, 1.0),),
    "first_service": ((Trade.MAINTENANCE, 1.0),),
    "inspection": ((Trade.MECHANICAL, 1.0),),
    "beauty": ((Trade.DETAILING, 1.0),),
    "repair": ((Trade.MECHANICAL, 1.0),),
    "warranty": ((Trade.MECHANICAL, 1.0),),
    "recall": ((Trade.MECHANICAL, 1.0),),
    "rework": ((Trade.MECHANICAL, 1.0),),
    "accident": ((Trade.BODY, 0.5), (Trade.PAINT, 0.5)),
}


def trade_hours(booking: Booking) -> dict[Trade, float]:
    """The booking's labour hours per trade; none for a booking that holds no hours (cancelled, a no-show)."""
    if holds_hours(booking) is None:
        return {}
    shares = TRADE_SHARES.get(booking.service_type, ((Trade.MECHANICAL, 1.0),))
    return {trade: round(booking.labour_hours * share, 2) for trade, share in shares}


def parts_needed(booking: Booking) -> dict[str, object] | None:
    """The parts section a booking that waited for parts carries (state, expected date, estimate, deposit)."""
    if booking.parts_status is None:
        return None
    return {"status": booking.parts_status, "expected": booking.parts_expected,
            "estimate_fen": booking.parts_estimate_fen, "deposit_fen": booking.deposit_fen}


@dataclass(frozen=True)
class Job:
    booking: Booking
    now: datetime
    store: Store

    def to_json(self) -> dict[str, object]:
        b = self.booking
        return {
            "booking_id": b.booking_id, "start": b.start.isoformat() if b.start else None, "status": b.status.value,
            "service_type": b.service_type, "service": SERVICE_TYPES[b.service_type].name_zh
            if b.service_type in SERVICE_TYPES else b.service_type,
            "plate": b.plate, "model": b.vehicle_model, "advisor": b.advisor, "priority": b.priority,
            "description": b.description, "labour_hours": b.labour_hours,
            "hours": {trade.value: hours for trade, hours in trade_hours(b).items()},
            "parts": parts_needed(b), **parts_desk.states_json(b, self.now, self.store),
        }


@dataclass(frozen=True)
class WorkshopDay:
    store: Store
    day: date
    jobs: list[Job]
    today: date  # the store's, for the screen's "tomorrow"

    def trades(self) -> list[dict[str, object]]:
        totals = dict.fromkeys(Trade, 0.0)
        for job in self.jobs:
            for trade, hours in trade_hours(job.booking).items():
                totals[trade] += hours
        return [{"trade": t.value, "name": TRADE_NAMES[t], "hours": round(h, 2)} for t, h in totals.items()]

    def capacity(self) -> list[dict[str, object]]:
        """The store's labour hours per category: booked (as the counters count them) against the day's limit."""
        booked = dict.fromkeys(LabourCategory, 0.0)
        for job in self.jobs:
            held = holds_hours(job.booking)
            if held is not None:
                booked[LabourCategory(held[1])] += held[2]
        return [{"category": c.value, "name": CATEGORY_NAMES[c], "booked": round(booked[c], 2),
                 "limit": self.store.labour_hours.get(c.value)} for c in LabourCategory]

    def to_json(self) -> dict[str, object]:
        return {"store_id": self.store.store_id, "date": self.day.isoformat(), "today": self.today.isoformat(),
                "trades": self.trades(),
                "capacity": self.capacity(), "bookings": [j.to_json() for j in self.jobs]}


def workshop_day(store: Store, day: date, bookings: Iterable[Booking], now: datetime) -> WorkshopDay:
    """The store-day's bookings that have a time, in time order."""
    shown = sorted((b for b in bookings if b.start is not None), key=lambda b: (b.start, b.booking_id))
    return WorkshopDay(store, day, [Job(b, now, store) for b in shown], now.astimezone(store.tz).date())
