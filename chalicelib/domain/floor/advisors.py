"""Which service advisor a new booking gets (docs/product-rules.md#advisor): the customer's previous advisor
when on duty that day, otherwise the least-loaded advisor of the store that day. Pure."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from ..booking.booking import Booking, BookingTrace, Event
from ..booking.change import RELEASED, BookingChange, decide
from ..booking.lifecycle import TERMINAL
from ..errors import Conflict
from ..people.staff import Role
from ..people.staff_member import StaffMember
from ..tenancy.store import WEEKDAYS, Store

Advisor = tuple[str, str]  # (username, display name)


def on_duty(member: StaffMember, store_id: str, day: date) -> bool:
    """An advisor of the store, not disabled, and neither the weekday nor the date among their days off."""
    return (member.role is Role.ADVISOR and store_id in member.store_ids and not member.disabled
            and WEEKDAYS[day.weekday()] not in member.days_off and day.isoformat() not in member.days_off)


def loads(day_bookings: Iterable[Booking]) -> Counter[str]:
    """Bookings per advisor username among the day's live bookings (cancelled and no-shows left out)."""
    return Counter(b.advisor_id for b in day_bookings if b.advisor_id and b.status not in RELEASED)


def previous_advisor(history: Sequence[Booking | BookingTrace]) -> str | None:
    """The advisor of the customer's most recent booking that had one (history newest first, any store)."""
    return next((b.advisor_id for b in history if b.advisor_id), None)


def choose(members: Iterable[StaffMember], store_id: str, day: date, previous: str | None,
           day_bookings: Iterable[Booking]) -> StaffMember | None:
    """The previous advisor if on duty, else the on-duty advisor with the fewest bookings that day (ties by
    username, so the choice is stable); None when nobody is on duty (staff assign one later)."""
    duty = sorted((m for m in members if on_duty(m, store_id, day)), key=lambda m: m.username)
    if not duty:
        return None
    for member in duty:
        if member.username == previous:
            return member
    counted = loads(day_bookings)
    return min(duty, key=lambda m: (counted[m.username], m.username))


def reassign(booking: Booking, store: Store, now: datetime, by: str, advisor: Advisor) -> BookingChange | None:
    """Staff give the booking another advisor; None when it already has that one."""
    if booking.status in TERMINAL:
        raise Conflict(f"cannot change the advisor of a booking that is {booking.status.value}", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    if booking.advisor_id == advisor[0]:
        return None
    event = Event(at=now, kind="advisor_changed", by=by, note=f"{booking.advisor_id or '-'} -> {advisor[0]}")
    after = replace(booking, advisor_id=advisor[0], advisor=advisor[1], events=booking.events + (event,))
    return decide(booking, after, store, now)
