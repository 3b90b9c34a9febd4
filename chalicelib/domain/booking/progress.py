"""The hand-back time promised at check-in (docs/product-rules.md#promised-time): given by the advisor, or
computed from the job's labour hours over the store's opening hours. The progress check and a delay are staff
decisions (domain/floor/job_progress.py); the pick-up notice is a step of the agenda (domain/followup)."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..errors import Conflict, ValidationError
from ..tenancy.store import Store
from ..tenancy.store_hours import add_store_hours
from .booking import Booking, Event
from .promise import IN_PROGRESS, PROMISED_EVENT, Promise, promise_of

MIN_JOB = timedelta(minutes=30)  # the shortest span a computed promise gives
MAX_AHEAD = timedelta(days=60)  # a promise further out is a typing error


def computed(booking: Booking, store: Store, now: datetime) -> datetime:
    """The hand-back time the job's labour hours give, counted over the store's opening hours from now."""
    return add_store_hours(store, now, max(timedelta(hours=booking.labour_hours or 0), MIN_JOB))


def check_time(at: datetime, now: datetime, field: str) -> None:
    if at.tzinfo is None:
        raise ValidationError(f"{field} needs a time zone", field=field)
    if at <= now:
        raise ValidationError(f"{field} must be later than now", field=field, code="in_the_past")
    if at > now + MAX_AHEAD:
        raise ValidationError(f"{field} is more than 60 days ahead", field=field)


def promised_event(booking: Booking, store: Store, now: datetime, by: str, given: datetime | None) -> Event:
    """At check-in: the time the advisor gives, else the computed one (the advisor accepted it)."""
    if given is not None:
        check_time(given, now, "promised")
        return Event(at=now, kind=PROMISED_EVENT, by=by, note=f"{given.isoformat()} given")
    return Event(at=now, kind=PROMISED_EVENT, by=by, note=f"{computed(booking, store, now).isoformat()} computed")


def under_way(booking: Booking) -> Promise:
    """The promise of a job under way; a refusal when the job is not under way or nothing was promised."""
    if booking.status not in IN_PROGRESS:
        raise Conflict(f"the job is not under way (the booking is {booking.status.value})", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    found = promise_of(booking.events)
    if found is None:
        raise Conflict("no hand-back time was promised at check-in", field="promised", code="no_promise")
    return found
