"""Walk-ins (docs/product-rules.md#walk-in-queue): a customer who came without a booking is always taken into
the store's walk-in queue. They get a place in the slot under way only when one is free (the walk-in reserve,
a place released by a late customer); otherwise they wait holding no place, so no slot ever holds more than
its capacity, and staff seat the head of the queue when a place frees. Pure."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from ..booking import capacity, progress
from ..booking.booking import Booking, Event
from ..booking.capacity import DayLoad
from ..booking.change import BookingChange, decide
from ..booking.coupons import Coupon
from ..booking.decisions import requote
from ..booking.lifecycle import Status
from ..booking.new_booking import by_staff
from ..booking.tiers import SlotTier
from ..errors import Conflict, SlotFull
from ..staff_requests import StaffBookingRequest
from ..tenancy import calendar
from ..tenancy.calendar import Slot
from ..tenancy.store import Store


def is_queued(b: Booking) -> bool:
    """Waiting in the walk-in queue: a walk-in with no slot yet, not gone."""
    return b.walk_in_day is not None and b.start is None and b.status is Status.PENDING


def has_place(store: Store, taken: int, seen: SlotTier | None = None) -> bool:
    """A place is free in the slot (the reserve included), and its plan segment, if any, still takes one."""
    return capacity.available(store, taken, may_use_reserve=True) > 0 and (seen is None or seen.segment_left != 0)


def seated(req: StaffBookingRequest, store: Store, slot: Slot, seen: SlotTier, now: datetime, by: str, booking_id: str,
           advisor: tuple[str | None, str | None], customer_id: str | None = None, *,
           coupon: Coupon | None = None) -> BookingChange:
    """The walk-in takes a free place of the slot under way (the reserve included) and is checked in; with a
    coupon, `customer_id` is whoever claimed it (docs/product-rules.md#coupons)."""
    return by_staff(req, store, slot, seen, now, by, booking_id, advisor, customer_id, coupon=coupon)


def queued(req: StaffBookingRequest, store: Store, now: datetime, by: str, booking_id: str,
           advisor: tuple[str | None, str | None], customer_id: str | None = None, *,
           coupon: Coupon | None = None) -> BookingChange:
    """No place is free now: the walk-in waits in today's queue holding no place and no labour hours.
    `customer_id`: a mini-program customer who joined the queue themselves (QR check-in) or who claimed the
    `coupon` it uses; else the phone's."""
    change = by_staff(replace(req, waiting_for_parts=False), store, None, None, now, by, booking_id, advisor,
                      customer_id, coupon=coupon)
    today = now.astimezone(store.tz).date()
    events = (Event(at=now, kind="booked", by=by, note="walk_in"), Event(at=now, kind="queued", by=by))
    after = replace(change.after, status=Status.PENDING, events=events, walk_in_day=today)
    return replace(decide(None, after, store, now, customer=change.customer, vehicle=change.vehicle),
                   coupon=change.coupon)


def seat(booking: Booking, store: Store, slot: Slot, taken: int, seen: SlotTier, now: datetime,
         by: str) -> BookingChange:
    """Staff seat a queued walk-in in the slot under way; refused unless a place is free (the unit of work
    checks it again against the counters, so two seatings can never overfill the slot)."""
    if not is_queued(booking):
        raise Conflict("this booking is not waiting in the walk-in queue", field="booking_id", code="not_queued")
    if not has_place(store, taken, seen):
        raise SlotFull("no place is free in this slot yet; the walk-in keeps waiting", field="start", code="slot_full")
    events = booking.events + (Event(at=now, kind="seated", by=by), Event(at=now, kind=Status.ARRIVED.value, by=by),
                               progress.promised_event(booking, store, now, by, None))  # as at check-in (#promised-time)
    after = replace(booking, status=Status.ARRIVED, start=slot.start, end=slot.end, **requote(booking, store, seen),
                    events=events)
    return decide(booking, after, store, now, may_use_reserve=True)


@dataclass(frozen=True)
class Wait:
    """A queued walk-in's estimate: when a place should free up for them (None: not today), and when their
    service should be done."""

    booking: Booking
    position: int  # 1: the head of the queue
    seat_at: datetime | None
    done_at: datetime | None

    def to_json(self, now: datetime) -> dict[str, Any]:
        minutes = None if self.seat_at is None else max(0, int((self.seat_at - now).total_seconds() // 60))
        return {**self.booking.to_json(), "position": self.position, "estimated_wait_minutes": minutes,
                "estimated_seat_at": self.seat_at.isoformat() if self.seat_at else None,
                "estimated_done_at": self.done_at.isoformat() if self.done_at else None}


def estimate(store: Store, day: date, queue: list[Booking], load: DayLoad, now: datetime) -> list[Wait]:
    """The queue in arrival order, each given the next free place from the slot under way on (places free per
    slot from the day's counters, the reserve included), and their service's hours from then."""
    places: list[datetime] = []
    for slot in calendar.slots_on(store, day):
        if slot.end <= now:
            continue
        free = capacity.available(store, load.taken.get(slot.key, 0), may_use_reserve=True)
        places += [max(slot.start, now)] * free
    waits = []
    for position, booking in enumerate(queue, start=1):
        seat_at = places[position - 1] if position <= len(places) else None
        done_at = seat_at + timedelta(hours=booking.labour_hours) if seat_at else None
        waits.append(Wait(booking, position, seat_at, done_at))
    return waits


def queue_order(b: Booking) -> tuple[bool, float, str]:
    """Priority walk-ins (rework, recall, warranty, emergency, VIP, rebooking) first, then by arrival."""
    return (b.priority is None, b.created_at.timestamp() if b.created_at else 0.0, b.booking_id)
