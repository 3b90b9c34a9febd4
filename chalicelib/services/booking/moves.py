"""Moving a booking to another time, for customers and staff alike: the new slot is located and its load
read afresh on every decision, so a retried move never takes a place on a stale count."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...domain.booking import capacity, decisions, tiers
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.errors import SlotFull, ValidationError
from ...domain.ports import Clock
from ...domain.tenancy import calendar
from ...domain.tenancy.calendar import Slot
from ...domain.tenancy.store import Store
from .changes import BookingChanges


@dataclass(frozen=True)
class SlotSeen:
    """A slot's counters as read, and the tier, segment and discount they give it."""

    taken: int
    tier: tiers.SlotTier


def slot_seen(bookings: BookingStore, store: Store, slot: Slot) -> SlotSeen:
    """One consistent read of the slot's counter and, when the slot falls in a plan segment, the segment's."""
    counts = bookings.counts(store.chain_id, store.store_id, slot.start.date(), tiers.counters_for(store, slot.start))
    return SlotSeen(int(counts.get(slot.key, 0)), tiers.for_slot(store, slot.start, counts))


def ensure_room(store: Store, seen: SlotSeen, *, may_use_reserve: bool = False) -> None:
    """Refuse before writing when the counters as read leave no place (the write's conditions decide races)."""
    if capacity.available(store, seen.taken, may_use_reserve=may_use_reserve) <= 0:
        raise SlotFull("that time is fully booked; please choose another slot", field="start")
    if seen.tier.segment_left == 0:
        raise SlotFull("the store takes no more bookings in that part of the day; please choose another time",
                       field="start", code="segment_full")


class Moves:
    def __init__(self, bookings: BookingStore, changes: BookingChanges, clock: Clock) -> None:
        self._bookings, self._changes, self._clock = bookings, changes, clock

    def move(self, booking_id: str, new_start: datetime, by: str, *, may_use_reserve: Callable[[Booking], bool],
             enforce_window: bool = True,
             guard: Callable[[Booking], None] | None = None, check: Callable[[Booking, Store], None] | None = None,
             fields: Callable[[Booking], dict[str, Any]] | None = None, confirm: bool = False) -> Booking:
        """Staff may move a booking inside the lead time (enforce_window=False), never into the past; who may
        use the walk-in reserve is decided on the booking as read. `confirm`: the mover agreed the time with the
        customer, so a parts booking's first slot confirms it (domain/booking/decisions.py:move)."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            if check is not None:
                check(booking, store)
            now = self._clock.now()
            slot = calendar.locate_slot(store, new_start, now, enforce_window=enforce_window)
            if not enforce_window and slot.end <= now:
                raise ValidationError("that time has already passed", field="start", code="in_the_past")
            if slot.start == booking.start:
                raise ValidationError("the booking is already at that time", field="start", code="same_slot")
            seen = slot_seen(self._bookings, store, slot)
            return decisions.move(booking, store, slot, seen.tier, now, by, may_use_reserve=may_use_reserve(booking),
                                  fields=fields(booking) if fields else None, confirm=confirm)

        return self._changes.apply(booking_id, decide, guard)
