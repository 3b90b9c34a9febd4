"""Advisor assignment (docs/product-rules.md#advisor): who a new booking gets, and staff changing it."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore
from ...domain.errors import ValidationError
from ...domain.floor import advisors, booking_notices
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.staff_messages import report_link
from ...domain.people.ports import StaffStore
from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .roster import Roster

HISTORY = 10  # the customer's most recent bookings looked at for their previous advisor
NOBODY: tuple[str | None, str | None] = (None, None)


class AdvisorDesk:
    def __init__(self, bookings: BookingStore, staff: StaffStore, changes: BookingChanges, clock: Clock, *,
                 link_root: str = "") -> None:
        self._bookings, self._staff, self._changes, self._clock = bookings, staff, changes, clock
        self.link_root = link_root  # the staff console's root, for the links in staff notices
        self._roster = Roster(staff, clock).of_chain

    def pick(self, chain_id: str, store_id: str, day: date, customer_id: str) -> tuple[str | None, str | None]:
        """(username, display name) of the advisor a new booking gets, or (None, None) when nobody is on duty.

        Cost: up to three Queries: the chain's staff (cached for a minute), the customer's latest bookings, and
        the store-day's bookings only when the previous advisor is not on duty."""
        members = [m for m in self._roster(chain_id) if advisors.on_duty(m, store_id, day)]
        if not members:
            return NOBODY
        previous = advisors.previous_advisor(self._bookings.traces(chain_id, customer_id, limit=HISTORY))
        if previous not in {m.username for m in members}:
            previous = None
        day_bookings = [] if previous else self._bookings.for_store_day(chain_id, store_id, day)
        chosen = advisors.choose(members, store_id, day, previous, day_bookings)
        return (chosen.username, chosen.display_name) if chosen else NOBODY

    def booking_notices(self, booking: Booking, store: Store) -> tuple[OutboxRecord, ...]:
        """The new booking's notice to its advisor, when linked to WeCom and wanting it (from the cached roster)."""
        member = next((m for m in self._roster(booking.chain_id) if m.username == booking.advisor_id), None)
        if member is None or not booking_notices.wants_booking_notice(member) or booking.start is None:
            return ()
        day = booking.start.astimezone(store.tz).date()
        link = report_link(self.link_root, store.store_id, day, "plan")
        return (booking_notices.booking_notice(booking, store, member, self._clock.now(), link),)

    def named(self, who: StaffAccess, store_id: str, username: str, field: str = "username") -> advisors.Advisor:
        """A staff-chosen advisor: an advisor or store manager of the store, not disabled."""
        member = self._staff.get(who.chain_id, username)
        if (member is None or member.disabled or member.role not in (Role.ADVISOR, Role.STORE_MANAGER)
                or store_id not in member.store_ids):
            raise ValidationError(f"'{username}' is not an advisor of this store", field=field, code="unknown_advisor")
        return member.username, member.display_name

    def reassign(self, who: StaffAccess, booking_id: str, username: object, guard: Callable[[Booking], None]) -> Booking:
        """Give a booking another advisor of its store, through the unit of work; `username` as sent, checked
        once the caller is known to reach the booking."""

        def decide(booking: Booking, store: Store) -> BookingChange | None:
            if not isinstance(username, str) or not username.strip() or len(username) > 41:
                raise ValidationError("username is the advisor's staff username", field="username", code="required")
            advisor = self.named(who, booking.store_id, username.strip())
            return advisors.reassign(booking, store, self._clock.now(), who.actor, advisor)

        return self._changes.apply(booking_id, decide, guard)
