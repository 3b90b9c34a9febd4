"""Erasure of a customer's personal data (PIPL: the right to have it deleted), booking by booking.

A booking keeps what anonymous statistics need (store, day and time, service type, source, status, tier,
labour hours, price) and loses everything that points at a person: name, phone, plate, vehicle model,
mileage, the fault description, the notes of its history (a feedback comment is the customer's own
words) and its link to the customer. An open booking is cancelled first, so its place goes back and the
store's plan shows the cancellation. Pure: `forget` decides the change; the unit of work commits it.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.lifecycle import MOVABLE, Status
from ..followup.agenda import ERASED_EVENT
from ..tenancy.store import Store

CANCEL_NOTE = "customer erased their personal data"
ERASED_PREFIX = "erased#"


def erased_id(booking_id: str) -> str:
    """The anonymous owner an erased booking is filed under: one per booking, so erased bookings neither
    share an index key nor can be listed together as one person's."""
    return f"{ERASED_PREFIX}{booking_id}"


def is_erased(booking: Booking) -> bool:
    return booking.customer_id.startswith(ERASED_PREFIX)


def _anonymous(event: Event, customer_id: str) -> Event:
    """The event without its note, and "customer" for whichever way it named the customer."""
    by = "customer" if customer_id in event.by else event.by
    return Event(at=event.at, kind=event.kind, by=by)


def forget(booking: Booking, store: Store, now: datetime) -> BookingChange | None:
    """The booking without its personal data (cancelled first when still open); None when already done."""
    if is_erased(booking):
        return None
    events = booking.events
    status = booking.status
    if status in MOVABLE:
        status = Status.CANCELLED
        events += (Event(at=now, kind=Status.CANCELLED.value, by="customer", note=CANCEL_NOTE),)
    kept = tuple(_anonymous(e, booking.customer_id) if e.note != CANCEL_NOTE else e for e in events)
    after = replace(
        booking, status=status, customer_id=erased_id(booking.booking_id), customer_name="", customer_phone="",
        plate="", vehicle_model="", mileage=0, description=None, honorific=None,
        events=kept + (Event(at=now, kind=ERASED_EVENT, by="customer"),),
        open_tasks=(),  # its call tasks were closed and emptied by the erasure itself
    )
    return decide(booking, after, store, now)


def scrub_row(row: dict[str, object], phones: frozenset[str], plates: frozenset[str]) -> dict[str, object] | None:
    """A stored report row (the preparation digest) without the person, or None when it was not theirs."""
    if row.get("phone") not in phones and row.get("plate") not in plates:
        return None
    return {**row, "customer": "", "phone": "", "plate": ""}


def scrub_rows(rows: list[dict[str, Any]], phones: frozenset[str], plates: frozenset[str]) -> list[dict[str, Any]] | None:
    """The rows with the person's blanked, or None when none of them named the person (nothing to write)."""
    scrubbed = [scrub_row(row, phones, plates) for row in rows]
    if all(new is None for new in scrubbed):
        return None
    return [new if new is not None else old for new, old in zip(scrubbed, rows, strict=True)]
