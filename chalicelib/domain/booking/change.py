"""A booking change, decided and not yet done: the booking before (as read, with its version) and after,
the counters it moves, what it does to the customer and the vehicle, the messages and tasks it causes.

The domain decides a change; one unit of work (a port) commits all of it at once, conditioned on the
version that was read, so a change decided on a stale read is refused as a whole and decided again.
Counter moves are derived from the two states, never written by hand: whatever the transition, the slot
and labour-hour counters keep counting exactly the bookings that hold them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from ..errors import Conflict, NotFound, SlotFull, StaleBooking
from ..floor.task_rules import moot
from ..floor.tasks import CallTask
from ..followup.agenda import Step, next_step
from ..messaging.outbox import OutboxRecord
from ..service_types import SERVICE_TYPES
from ..tenancy.plan import SEGMENT_PREFIX, segment_counter
from ..tenancy.store import Store
from . import capacity
from .booking import Booking
from .capacity import HOURS_PREFIX
from .coupons import CouponUse
from .lifecycle import Status

RELEASED = frozenset({Status.CANCELLED, Status.NO_SHOW})


class IdempotentReplay(Exception):
    """The Idempotency-Key of a new booking was used before: the booking it made, and its request's hash."""

    def __init__(self, booking_id: str, request_hash: str) -> None:
        super().__init__(booking_id)
        self.booking_id, self.request_hash = booking_id, request_hash


@dataclass(frozen=True)
class CounterMove:
    """One counter of a store-day moved by `delta`: a reception slot's places ("HH:MM"), a labour
    category's hours ("DAY#<category>") or a plan segment's bookings ("SEG#<segment id>"). An increment
    carries the most the counter may hold after it."""

    chain_id: str
    store_id: str
    day: date
    counter: str
    delta: float
    limit: float | None = None

    @property
    def is_hours(self) -> bool:
        return self.counter.startswith(HOURS_PREFIX)

    @property
    def kind(self) -> str:
        """Which condition a refusal names: "slot", "hours" or "segment"."""
        if self.is_hours:
            return "hours"
        return "segment" if self.counter.startswith(SEGMENT_PREFIX) else "slot"


@dataclass(frozen=True)
class CustomerChange:
    """What a booking change does to its customer's record (None: left as it is)."""

    name: str | None = None
    phone: str | None = None
    preferred_channel: str | None = None
    create_if_missing: bool = False  # staff bookings: a phone customer may be new to the chain
    cap: int | None = None  # with active_delta +1: the customer's upcoming self-service bookings stay under this
    active_delta: int = 0
    last_visit: str | None = None
    rebook_priority: bool | None = None  # False also forgets the rebooking task
    rebook_task: str | None = None  # "store_id|task_id": the rebooking call the customer's next booking closes
    new_time_task: str | None = None  # "store_id|task_id": the call to agree a new time; "" forgets it
    home_store: str | None = None
    last_plate: str | None = None
    lapse_at: datetime | None = None  # a visit restarts the lapse stages from "invite"

    @property
    def is_empty(self) -> bool:
        return self == CustomerChange()


@dataclass(frozen=True)
class VehicleChange:
    plate: str
    model: str | None = None
    mileage: int | None = None
    last_service_date: str | None = None
    last_service_mileage: int | None = None
    store_id: str | None = None
    purchase_date: str | None = None
    prev_service_date: str | None = None
    prev_service_mileage: int | None = None
    next_due: str | None = None
    due: tuple[str, datetime] | None = None  # (kind, invite at): replaces any invitation ahead
    first_due: tuple[str, datetime] | None = None  # set only when no invitation is ahead yet
    first_service_due: str | None = None  # ISO date the first service falls due (from the purchase date)
    first_service_at: str | None = None  # ISO date it checked in for its first service


@dataclass(frozen=True)
class TaskClosure:
    """A task closed by a change: by a person (an outcome of tasks.OUTCOMES and a note) or by the system
    (its outcome the reason that went away)."""

    chain_id: str
    store_id: str
    task_id: str
    reason: str  # the outcome
    day: date  # the store-local day it is closed on (the day's list of closed tasks)
    by: str = "system"
    note: str | None = None


@dataclass(frozen=True)
class Idempotency:
    key: str
    request_hash: str
    owner: str | None = None  # whose key it is: the booking's customer unless a member of staff ("staff:<username>")

    def owner_of(self, after: Booking) -> str:
        return self.owner or after.customer_id


@dataclass(frozen=True)
class Agenda:
    """The booking's next scheduled step, and the hour it is filed under in the due index: never an hour
    before the write itself, which the checks' watermark may already have passed."""

    step: Step
    filed_at: datetime


@dataclass(frozen=True)
class BookingChange:
    before: Booking | None  # None: a new booking
    after: Booking  # its version is the one the commit writes
    at: datetime
    counters: tuple[CounterMove, ...] = ()
    agenda: Agenda | None = None
    customer: CustomerChange | None = None
    vehicle: VehicleChange | None = None
    messages: tuple[OutboxRecord, ...] = ()
    open_tasks: tuple[CallTask, ...] = ()
    close_tasks: tuple[TaskClosure, ...] = ()
    idempotency: Idempotency | None = None
    coupon: CouponUse | None = None  # one more use of the customer's claim, within its limit (coupons.py)

    @property
    def expected_version(self) -> int | None:
        return None if self.before is None else self.before.version


def holds_place(b: Booking | None) -> tuple[date, str] | None:
    """The slot a booking holds a place in: it has a time, is not cancelled or a no-show, and its place was
    not given to walk-ins after the grace period."""
    if b is None or b.start is None or b.slot_key is None or b.status in RELEASED or b.place_released:
        return None
    return b.start.date(), b.slot_key


def holds_hours(b: Booking | None) -> tuple[date, str, float] | None:
    """The labour hours a booking draws on: those of its day and category until cancelled or a no-show."""
    if b is None or b.start is None or b.status in RELEASED:
        return None
    return b.start.date(), SERVICE_TYPES[b.service_type].category.value, b.labour_hours


def holds_segment(b: Booking | None) -> tuple[date, str] | None:
    """The plan segment whose quota a booking counts against: that of the place it holds (a place given to
    walk-ins frees its share of the quota with it)."""
    place = holds_place(b)
    if place is None or b is None or b.segment is None:
        return None
    return place[0], segment_counter(b.segment)


def labour_counter(category: str) -> str:
    return f"{HOURS_PREFIX}{category}"


def _quota(store: Store, counter: str) -> float | None:
    """A segment's quota in the store's plan as it is now; a segment since removed limits nothing."""
    segment_id = counter.removeprefix(SEGMENT_PREFIX)
    found = next((s for s in store.plan if s.segment_id == segment_id), None)
    return float(found.quota) if found is not None and found.quota is not None else None


def _shift(totals: dict[tuple[date, str], float], limits: dict[tuple[date, str], float | None],
           held: tuple[date, str] | None, holds: tuple[date, str] | None, amount: tuple[float, float],
           limit: float | None) -> None:
    """Take `amount[0]` off the counter `held` and add `amount[1]` to `holds`, the latter under `limit`."""
    if held is not None:
        totals[held] = totals.get(held, 0) - amount[0]
    if holds is not None:
        totals[holds] = totals.get(holds, 0) + amount[1]
        limits[holds] = limit


def counter_moves(before: Booking | None, after: Booking, store: Store, *, may_use_reserve: bool) -> tuple[CounterMove, ...]:
    """The counter moves that take `before`'s holdings to `after`'s, merged per counter (a transaction
    touches an item once) and without the ones that cancel out."""
    totals: dict[tuple[date, str], float] = {}
    limits: dict[tuple[date, str], float | None] = {}
    place_before, place_after = holds_place(before), holds_place(after)
    if place_before != place_after:
        _shift(totals, limits, place_before, place_after, (1, 1),
               capacity.limit_for(store, may_use_reserve=may_use_reserve))
    hours_before, hours_after = holds_hours(before), holds_hours(after)
    _shift(totals, limits,
           (hours_before[0], labour_counter(hours_before[1])) if hours_before else None,
           (hours_after[0], labour_counter(hours_after[1])) if hours_after else None,
           (hours_before[2] if hours_before else 0, hours_after[2] if hours_after else 0),
           store.labour_hours.get(hours_after[1]) if hours_after else None)
    segment_before, segment_after = holds_segment(before), holds_segment(after)
    if segment_before != segment_after:
        _shift(totals, limits, segment_before, segment_after, (1, 1),
               _quota(store, segment_after[1]) if segment_after else None)
    return tuple(
        CounterMove(after.chain_id, after.store_id, day, counter, delta, limits.get((day, counter)) if delta > 0 else None)
        for (day, counter), delta in sorted(totals.items())
        if abs(delta) > 1e-9
    )


def agenda_of(after: Booking, store: Store) -> Agenda | None:
    step = next_step(after, store)
    if step is None:
        return None
    written = max((e.at for e in after.events), default=step.at)
    return Agenda(step, max(step.at, written))


def decide(
    before: Booking | None,
    after: Booking,
    store: Store,
    at: datetime,
    *,
    may_use_reserve: bool = True,
    customer: CustomerChange | None = None,
    vehicle: VehicleChange | None = None,
    messages: tuple[OutboxRecord, ...] = (),
    open_tasks: tuple[CallTask, ...] = (),
    close_tasks: tuple[TaskClosure, ...] = (),
    idempotency: Idempotency | None = None,
) -> BookingChange:
    """The whole change from `before` to `after`: the next version, the counters and the agenda derived, and
    the booking's open tasks brought up to date: those the change makes moot are closed with it."""
    close_tasks = close_tasks + _moot_tasks(before, after, {c.task_id for c in close_tasks}, at.astimezone(store.tz).date())
    closed = {c.task_id for c in close_tasks}
    still_open = tuple(ref for ref in after.open_tasks if ref[1] not in closed)
    opened = tuple((t.kind, t.task_id) for t in open_tasks if t.booking_id == after.booking_id)
    written = replace(after, version=(before.version if before else 0) + 1, open_tasks=still_open + opened)
    return BookingChange(
        before=before,
        after=written,
        at=at,
        counters=counter_moves(before, written, store, may_use_reserve=may_use_reserve),
        agenda=agenda_of(written, store),
        customer=customer if customer is not None and not customer.is_empty else None,
        vehicle=vehicle,
        messages=messages,
        open_tasks=open_tasks,
        close_tasks=close_tasks,
        idempotency=idempotency,
    )


def _moot_tasks(before: Booking | None, after: Booking, closing: set[str], day: date) -> tuple[TaskClosure, ...]:
    if before is None:
        return ()
    found = []
    for kind, task_id in after.open_tasks:
        reason = moot(kind, before, after)
        if reason is not None and task_id not in closing:
            found.append(TaskClosure(after.chain_id, after.store_id, task_id, reason, day))
    return tuple(found)


def refusal(change: BookingChange, failed: list[str], *, replay: tuple[str, str] | None,
            customer_exists: bool) -> Exception:
    """What a unit of work raises when the conditions named by `failed` did not hold: `replay` is the booking
    an Idempotency-Key already made, `customer_exists` whether the customer's record is there at all."""
    if "idempotency" in failed and replay is not None:
        return IdempotentReplay(*replay)
    if "booking" in failed or "close_task" in failed:  # a task closed meanwhile: decide again on a fresh read
        return StaleBooking("the booking changed meanwhile; reload and try again", field="status")
    if "slot" in failed:
        return SlotFull("that time is fully booked; please choose another slot", field="start")
    if "hours" in failed:
        return SlotFull("the workshop has no labour hours left for this service that day; please choose another day",
                        field="start", code="day_full")
    if "segment" in failed:
        return SlotFull("the store takes no more bookings in that part of the day; please choose another time",
                        field="start", code="segment_full")
    if "coupon" in failed:
        return Conflict("the coupon is not claimed, or used as often as it may be", field="coupon_id",
                        code="coupon_used_up")
    if "customer" in failed and change.customer is not None:
        if change.customer.cap is not None and customer_exists:
            return Conflict(f"you already have {change.customer.cap} upcoming bookings; cancel one or call the store",
                            field="start", code="too_many_bookings")
        return NotFound("no such customer; sign in again", field="customer", code="customer_not_found")
    return Conflict(f"write refused ({', '.join(failed)})", code="write_conflict")
