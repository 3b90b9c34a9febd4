"""What the test believes, kept apart from the system's own records: the bookings made and the status each
should have (the lifecycle table of docs/product-rules.md#lifecycle written out again), how full each slot and
day should be, which messages each action should have queued, and what customers granted and agreed to. The
rules compare the system's answers with it; the properties recount from it."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.service_types import SERVICE_TYPES

from .world import CAPACITY, CHAIN, LABOUR, SHANGHAI

# action (as staff send it) -> (the statuses it may start from, the status it leads to)
LIFECYCLE: dict[str, tuple[frozenset[str], str]] = {
    "confirm": (frozenset({"pending"}), "confirmed"),
    "check-in": (frozenset({"pending", "confirmed"}), "arrived"),
    "start": (frozenset({"arrived"}), "in_service"),
    "complete": (frozenset({"in_service"}), "completed"),
    "cancel": (frozenset({"pending", "confirmed"}), "cancelled"),
    "no-show": (frozenset({"pending", "confirmed"}), "no_show"),
}
LIVE = frozenset({"pending", "confirmed"})  # still to come: movable, cancellable, reminded
ARRIVED = frozenset({"arrived", "in_service", "completed"})
RELEASED = frozenset({"cancelled", "no_show"})
# what the customer hears when staff act on a booking (docs/product-rules.md#message-kinds); check-in says nothing
STAFF_MESSAGE = {"confirm": "booking_confirmed", "start": "service_started", "complete": "ready_for_pickup",
                 "cancel": "booking_cancelled", "no-show": "no_show", "parts-arrived": "parts_arrived"}
LATE_FOR_NO_SHOW = timedelta(minutes=60)


@dataclass
class Tracked:
    """A booking as the test believes it is."""

    booking_id: str
    source: str
    service_type: str
    status: str
    start: datetime | None
    labour_hours: float
    customer_id: str
    since: datetime  # made, or last given a time
    plate: str = ""
    booked_for: str = ""  # the customer it was made for (phone linking may move it to another)
    parts: str | None = None  # waiting, arrived, scheduled
    queued_on: date | None = None  # a walk-in waiting without a place, in that day's queue
    completed_at: datetime | None = None
    feedback: bool = False
    window: tuple[time, time] | None = None  # the customer's contact hours it was made with

    @property
    def day(self) -> date | None:
        return self.start.astimezone(SHANGHAI).date() if self.start else None

    @property
    def category(self) -> str:
        return SERVICE_TYPES[self.service_type].category.value


@dataclass
class Model:
    bookings: dict[str, Tracked] = field(default_factory=dict)
    days: set[date] = field(default_factory=set)  # every day a booking ever had its time on
    expected: dict[str, str] = field(default_factory=dict)  # outbox key an action queued -> the action
    grants: Counter[tuple[str, str]] = field(default_factory=Counter)  # (customer id, kind) -> subscribe grants
    consent: dict[str, bool] = field(default_factory=dict)  # customer id -> agreed to invitations
    windows: dict[str, tuple[time, time] | None] = field(default_factory=dict)  # customer id -> contact hours
    staff_bookings: list[tuple[str, str, datetime]] = field(default_factory=list)  # (booking, customer, when)
    phone_customers: set[str] = field(default_factory=set)  # phone-only customers staff bookings created
    merged: dict[str, str] = field(default_factory=dict)  # phone-only customer -> the WeChat customer who took it
    injected: int = 0  # channel failures queued on the fake channels
    keys: int = 0

    def track(self, b: Booking) -> Tracked:
        tracked = Tracked(b.booking_id, b.source, b.service_type, b.status.value, b.start, b.labour_hours,
                          b.customer_id, b.created_at or b.events[0].at, b.plate, b.customer_id, parts=b.parts_status,
                          queued_on=b.walk_in_day if b.start is None else None, window=b.contact_window)
        self.bookings[b.booking_id] = tracked
        if tracked.day:
            self.days.add(tracked.day)
        return tracked

    def moved(self, booking_id: str, start: datetime, at: datetime) -> None:
        tracked = self.bookings[booking_id]
        tracked.start, tracked.since, tracked.queued_on = start, at, None
        self.days.add(start.astimezone(SHANGHAI).date())

    def expect(self, booking_id: str, kind: str, at: datetime, action: str) -> None:
        """An action's message: one outbox record, keyed by the booking, the kind and the moment."""
        occasion = "" if "#" in kind else f"#{at.isoformat()}"  # "kind#occasion" names its own occasion
        self.expected[f"{CHAIN}#{booking_id}#{kind}{occasion}"] = action

    def idempotency_key(self) -> str:
        self.keys += 1
        return f"key-{self.keys}"

    # --- what should be refused ----------------------------------------------------------------------
    def places_taken(self, start: datetime, released: set[str]) -> int:
        """Bookings holding a place in the slot (`released`: those whose place went to walk-ins after the grace)."""
        return sum(1 for t in self.bookings.values() if t.start == start and t.status not in RELEASED
                   and t.booking_id not in released)

    def hours_used(self, day: date, category: str) -> float:
        return sum(t.labour_hours for t in self.bookings.values()
                   if t.day == day and t.status not in RELEASED and t.category == category)

    def full(self, start: datetime, service_type: str, released: set[str], hours: float | None = None) -> str | None:
        """slot_full or day_full when the slot or the day's labour hours have no room, else None."""
        if self.places_taken(start, released) >= CAPACITY:
            return "slot_full"
        category = SERVICE_TYPES[service_type].category.value
        needed = hours if hours is not None else SERVICE_TYPES[service_type].default_hours
        if self.hours_used(start.astimezone(SHANGHAI).date(), category) + needed > LABOUR[category] + 1e-9:
            return "day_full"
        return None

    def upcoming_online(self, customer_id: str) -> int:
        return sum(1 for t in self.bookings.values()
                   if t.customer_id == customer_id and t.source == "mini_program" and t.status in LIVE)

    def illegal(self, booking_id: str, action: str) -> bool:
        allowed, _ = LIFECYCLE[action]
        return self.bookings[booking_id].status not in allowed
