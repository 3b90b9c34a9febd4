"""What staff say about a job under way (docs/product-rules.md#promised-time): the 70–80 % progress check the
customer hears about with the promised time, and a delay (a reason and a new time, with an apology; the
pick-up notice then follows the new time). Pure: each returns a BookingChange, committed as one transaction
conditioned on the version read."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..booking import progress
from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.promise import CHECKED_EVENT, DELAYED_EVENT
from ..errors import ValidationError
from ..messaging.outbox import booking_message
from ..tenancy.store import Store

# The staff roles that mark a job's progress and announce a delay: the front desk (a chain admin too, as on every
# front-desk route) and the workshop (车间).
PROGRESS_ROLES: tuple[str, ...] = ("chain_admin", "store_manager", "advisor", "workshop")
# The customer's answer to extra work taken on the phone: the front desk, who speaks with the customer.
ANSWER_ROLES: tuple[str, ...] = ("chain_admin", "store_manager", "advisor")


def occurrence(now: datetime, version: int) -> str:
    """What keys a progress note's or a delay's message: the moment and the booking's version the change writes,
    so two in the same second are two messages, and a replay (the same Idempotency-Key) writes none."""
    return f"{now.isoformat()}#v{version}"


def progress_check(booking: Booking, store: Store, now: datetime, by: str, note: str | None) -> BookingChange:
    """The 70–80 % check: the workshop says the job is on time; the customer hears it with the promised time."""
    found = progress.under_way(booking)
    event = Event(at=now, kind=CHECKED_EVENT, by=by, note=note)
    after = replace(booking, events=booking.events + (event,))
    message = booking_message("service_progress", after, store, occurrence=occurrence(now, booking.version + 1),
                              at=found.at)
    return decide(booking, after, store, now, messages=(message,))


def delay(booking: Booking, store: Store, now: datetime, by: str, reason: str, new_time: datetime) -> BookingChange:
    """The job cannot be handed back on time: the reason and the new time are recorded and the customer gets an
    apology with both; the pick-up notice follows the new time."""
    found = progress.under_way(booking)
    if not reason.strip():
        raise ValidationError("a delay needs its reason", field="reason")
    progress.check_time(new_time, now, "promised")
    if new_time <= found.at:
        raise ValidationError(f"the new time must be later than the time promised ({found.at.isoformat()})",
                              field="promised", code="not_later")
    event = Event(at=now, kind=DELAYED_EVENT, by=by, note=f"{new_time.isoformat()} {reason.strip()}")
    after = replace(booking, events=booking.events + (event,))
    message = booking_message("service_delayed", after, store, occurrence=occurrence(now, booking.version + 1), at=new_time,
                              reason=reason.strip())
    return decide(booking, after, store, now, messages=(message,))
