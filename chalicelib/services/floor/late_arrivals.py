"""Staff record the arrival time a late customer gives on the phone (docs/product-rules.md#late-arrival)."""
from __future__ import annotations

from datetime import datetime

from ...domain.booking import capacity
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.floor import late_arrivals
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps


class LateArrivals:
    def __init__(self, bookings: BookingStore, changes: BookingChanges, clock: Clock) -> None:
        self._bookings, self._changes, self._clock = bookings, changes, clock

    def record(self, who: StaffAccess, booking_id: str, expected: datetime) -> Booking:
        """One read of the booking, one of the counter of the slot the customer will arrive in (whether it has a
        place for them: "capacity allows"), one transaction."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            late_arrivals.check(booking, expected)
            return late_arrivals.record(booking, store, self._clock.now(), who.actor, expected,
                                        self._room_then(booking, store, expected))

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def _room_then(self, booking: Booking, store: Store, expected: datetime) -> bool:
        """The slot holding the arrival time is the booking's own, or has a place free (the walk-in reserve too:
        the customer has a booking)."""
        local = expected.astimezone(store.tz)
        minute = (local.hour * 60 + local.minute) // store.slot_minutes * store.slot_minutes
        slot = local.replace(hour=minute // 60, minute=minute % 60, second=0, microsecond=0)
        key = slot.strftime("%H:%M")
        if booking.start is not None and slot == booking.start.astimezone(store.tz):
            return True
        taken = self._bookings.counts(store.chain_id, store.store_id, local.date(), (key,)).get(key, 0)
        return capacity.available(store, int(taken), may_use_reserve=True) > 0
