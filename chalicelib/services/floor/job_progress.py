"""Staff mark a job's progress and announce a delay (docs/product-rules.md#promised-time): one read of the
booking, one transaction conditioned on its version, the customer's message in the same write."""
from __future__ import annotations

from datetime import datetime

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.floor import job_progress
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps


class JobProgress:
    def __init__(self, changes: BookingChanges, clock: Clock) -> None:
        self._changes, self._clock = changes, clock

    def check(self, who: StaffAccess, booking_id: str, note: str | None) -> Booking:
        """The 70–80 % check: on time; the customer hears the promised time again."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            return job_progress.progress_check(booking, store, self._clock.now(), who.actor, note)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))

    def delay(self, who: StaffAccess, booking_id: str, reason: str, new_time: datetime) -> Booking:
        """A delay with its reason and new time; the customer gets an apology with both."""

        def decide(booking: Booking, store: Store) -> BookingChange:
            return job_progress.delay(booking, store, self._clock.now(), who.actor, reason, new_time)

        return self._changes.apply(booking_id, decide, StaffOps.visible_to(who))
