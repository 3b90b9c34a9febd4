"""The workshop and parts desks (docs/product-rules.md#workshop-and-parts): the store-day's jobs with their labour
hours by trade and parts, and the parts desk's two checks of a booking."""
from __future__ import annotations

from datetime import date

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.floor import parts_desk, workshop
from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps

READERS = (Role.CHAIN_ADMIN, Role.STORE_MANAGER, Role.ADVISOR, Role.WORKSHOP, Role.PARTS)
CHECKERS = (Role.CHAIN_ADMIN, Role.STORE_MANAGER, Role.PARTS)


class WorkshopDesk:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, clock: Clock) -> None:
        self._stores, self._bookings, self._changes, self._clock = stores, bookings, changes, clock

    def day(self, who: StaffAccess, store_id: str, day: date | None = None) -> workshop.WorkshopDay:
        """One Query: the store-day's bookings (the store itself comes from the catalogue's cache)."""
        who.ensure_role(*READERS)
        who.ensure_store(store_id)
        store = self._stores.get(who.chain_id, store_id)
        now = self._clock.now()
        day = day or now.astimezone(store.tz).date()
        return workshop.workshop_day(store, day, self._bookings.for_store_day(who.chain_id, store_id, day), now)

    def check(self, who: StaffAccess, booking_id: str, state: str, note: str | None, expected: date | None) -> Booking:
        """The parts check the day before: one read of the booking, one transaction."""
        who.ensure_role(*CHECKERS)

        def decide(booking: Booking, store: Store) -> BookingChange:
            return parts_desk.check(booking, store, self._clock.now(), who.actor, state, note, expected)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def confirm_ready(self, who: StaffAccess, booking_id: str) -> Booking:
        """The readiness confirmed from T-1h: one read of the booking, one transaction."""
        who.ensure_role(*CHECKERS)

        def decide(booking: Booking, store: Store) -> BookingChange:
            return parts_desk.confirm_ready(booking, store, self._clock.now(), who.actor)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def states(self, booking: Booking) -> dict[str, object]:
        """The booking's two parts checks as the desks and the day plan show them now."""
        return parts_desk.states_json(booking, self._clock.now(), self._stores.get(booking.chain_id, booking.store_id))
