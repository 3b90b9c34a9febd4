"""A booking (预约) as the rules and the API see it, with its append-only history."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .. import money
from ..contact_preference import Preferred
from .extra_items import ExtraItem
from .lifecycle import Status
from .payment import Deposit
from .promise import last_check, promise_of

SOURCES = ("mini_program", "phone", "walk_in", "proactive")


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    by: str
    note: str | None = None


@dataclass(frozen=True)
class BookingTrace:
    """What the customer's index holds of a booking: where it was and with whom, without reading the booking."""

    booking_id: str
    store_id: str
    advisor_id: str | None = None


@dataclass(frozen=True)
class Booking:
    booking_id: str
    chain_id: str
    store_id: str
    customer_id: str
    status: Status
    start: datetime | None  # None while waiting for parts: such a booking holds no slot (docs/product-rules.md#parts-waitlist)
    end: datetime | None
    service_type: str
    tier: str
    discount: float
    source: str
    customer_name: str
    customer_phone: str
    plate: str
    vehicle_model: str
    mileage: int
    labour_hours: float
    description: str | None = None
    priority: str | None = None
    advisor: str | None = None
    advisor_id: str | None = None
    price_estimate: int | None = None  # fen, quoted when booked or moved, or the advisor's (docs/product-rules.md#price-list)
    honorific: str | None = None
    parts_status: str | None = None
    acknowledged_at: datetime | None = None
    place_released: bool = False
    events: tuple[Event, ...] = field(default_factory=tuple)
    created_at: datetime | None = None
    walk_in_day: date | None = None  # a walk-in that waited in that day's queue (docs/product-rules.md#walk-in-queue)
    contact_window: Preferred | None = None  # the customer's contact preference, when they gave one
    open_tasks: tuple[tuple[str, str], ...] = ()  # (kind, task_id) of the call tasks it opened that are still open
    parts_expected: str | None = None  # the date the parts are expected (YYYY-MM-DD, the store's)
    parts_estimate_fen: int | None = None
    deposit_fen: int | None = None  # the deposit taken for costly parts (docs/product-rules.md#parts-deposit)
    version: int = 0  # bumped by every committed change; a change is conditioned on the version it read
    segment: str | None = None  # the plan segment whose quota it counts against (its id), when in one
    segment_name: str | None = None  # that segment's name when it was booked or moved
    coupon_id: str | None = None  # the coupon it was booked with (docs/product-rules.md#coupons)
    coupon_fen: int | None = None  # what the coupon took off its labour, fen (the price estimate is net of it)
    payment: Deposit | None = None  # its deposit paid by WeChat Pay (docs/product-rules.md#deposit-payment)
    balance: Deposit | None = None  # its balance paid in the mini-program (docs/product-rules.md#balance-payment)
    extra_work: tuple[ExtraItem, ...] = ()  # extra work (增项) proposed during the job (docs/product-rules.md#extra-work)

    @property
    def slot_key(self) -> str | None:
        return self.start.strftime("%H:%M") if self.start else None

    def to_json(self) -> dict[str, Any]:
        """The booking as the HTTP API answers it."""
        return {
            "booking_id": self.booking_id,
            "store_id": self.store_id,
            "status": self.status.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "service_type": self.service_type,
            "tier": self.tier,
            "discount": self.discount,
            "priority": self.priority,
            "advisor": self.advisor,
            "advisor_id": self.advisor_id,
            "segment": self.segment_name,
            "coupon": {"coupon_id": self.coupon_id, "off": money.yuan(self.coupon_fen or 0)} if self.coupon_id else None,
            "price_estimate": money.yuan(self.price_estimate) if self.price_estimate is not None else None,
            "price": money.yuan(self.price_estimate) if self.price_estimate is not None else None,  # older clients
            "source": self.source,
            "description": self.description,
            "parts_status": self.parts_status,
            "parts": {"expected": self.parts_expected, "estimate_fen": self.parts_estimate_fen,
                      "deposit_fen": self.deposit_fen} if self.parts_status else None,
            "deposit": self.payment.to_json() if self.payment else None,
            "balance_payment": self.balance.receipt_json() if self.balance else None,
            "labour_hours": self.labour_hours,
            "walk_in_day": self.walk_in_day.isoformat() if self.walk_in_day else None,
            "acknowledged_at": self.acknowledged_at.isoformat() if self.acknowledged_at else None,
            "expected_arrival": _expected_arrival(self),
            "promised": _promised(self),
            "extra_work": [item.to_json() for item in self.extra_work],
            "customer": {"name": self.customer_name, "phone": self.customer_phone},
            "vehicle": {"plate": self.plate, "model": self.vehicle_model, "mileage": self.mileage},
            "events": [
                {"at": e.at.isoformat(), "kind": e.kind, "by": e.by, **({"note": e.note} if e.note else {})}
                for e in self.events
            ],
        }


def first_event_at(booking: Booking, kind: str) -> datetime | None:
    return next((e.at for e in booking.events if e.kind == kind), None)


ARRIVAL_EVENT = "arrival_expected"  # a late customer's own arrival time (docs/product-rules.md#late-arrival)


@dataclass(frozen=True)
class ExpectedArrival:
    at: datetime
    held: bool  # the place is held until then plus the grace period (capacity allowed it)

    def note(self) -> str:
        return f"{self.at.isoformat()} {'held' if self.held else 'not_held'}"

    def to_json(self) -> dict[str, object]:
        return {"at": self.at.isoformat(), "held": self.held}


def expected_arrival(booking: Booking) -> ExpectedArrival | None:
    """The last arrival time recorded since the booking got its current time (a move starts again), or None."""
    found = None
    for e in booking.events:
        if e.kind == "rescheduled":
            found = None
        elif e.kind == ARRIVAL_EVENT and e.note:
            when, _, held = e.note.partition(" ")
            found = ExpectedArrival(datetime.fromisoformat(when), held == "held")
    return found


def _expected_arrival(booking: Booking) -> dict[str, object] | None:
    given = expected_arrival(booking)
    return given.to_json() if given else None


def _promised(booking: Booking) -> dict[str, object] | None:
    """The hand-back time promised at check-in and where the job stands (docs/product-rules.md#promised-time)."""
    found = promise_of(booking.events)
    return found.to_json(last_check(booking.events)) if found else None
