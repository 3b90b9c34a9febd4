"""Extra work (增项) on a job under way (docs/product-rules.md#extra-work): staff propose items; the customer
answers each in the mini-program, or the advisor records a phone answer. Each is one read of the booking and one
transaction conditioned on its version; the customer's notice goes in the same write."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ...domain.booking import extra_work as answers
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.extra_items import ExtraItem
from ...domain.booking.ports import BookingStore
from ...domain.errors import NotFound
from ...domain.floor import extra_work
from ...domain.people.principal import Principal
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps


def _owned_by(who: Principal) -> Callable[[Booking], None]:
    """The customer's own booking; anyone else's is reported as missing."""

    def guard(booking: Booking) -> None:
        if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")

    return guard


class ExtraWork:
    def __init__(self, bookings: BookingStore, changes: BookingChanges, clock: Clock) -> None:
        self._bookings, self._changes, self._clock = bookings, changes, clock

    def propose(self, who: StaffAccess, booking_id: str, given: extra_work.ExtraInput) -> Booking:
        def decide(booking: Booking, store: Store) -> BookingChange:
            return extra_work.propose(booking, store, self._clock.now(), who.actor, given)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def phone_answer(self, who: StaffAccess, booking_id: str, item_id: str, approve: bool, said: str,
                     told_at: datetime | None) -> Booking:
        """The advisor records the customer's answer on the phone: who said what, and when they were told."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            return answers.answer(booking, store, self._clock.now(), item_id, approve, who.actor, said=said,
                                  told_at=told_at)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def items(self, who: Principal, booking_id: str) -> tuple[ExtraItem, ...]:
        """The customer's view: every item of their booking, answered or not."""
        booking = self._bookings.get(booking_id)
        _owned_by(who)(booking)
        return booking.extra_work

    def answer(self, who: Principal, booking_id: str, item_id: str, approve: bool) -> Booking:
        """The customer's own yes or no in the mini-program."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            return answers.answer(booking, store, self._clock.now(), item_id, approve, f"customer:{who.subject}")

        return self._changes.apply(booking_id, decide, _owned_by(who))
