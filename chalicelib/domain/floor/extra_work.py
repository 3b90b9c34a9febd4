"""Staff propose extra work (增项) found during a job (docs/product-rules.md#extra-work): what, why, labour hours,
parts, price in fen and how much later the car is handed back. The customer is told at once (a service notice
that opens the booking's page in the mini-program, where they answer each item); nothing joins the job until
they answer yes (domain/booking/extra_work.py). Pure: returns the BookingChange."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.extra_items import MAX_ITEMS, ExtraItem
from ..booking.promise import IN_PROGRESS
from ..errors import Conflict, ValidationError
from ..messaging.outbox import booking_message
from ..tenancy.store import Store
from ..validation import number, required_text, text

PROPOSED_EVENT = "extra_work_proposed"  # note: the item id and what


@dataclass(frozen=True)
class ExtraInput:
    what: str
    why: str
    labour_hours: float
    parts: str
    price_fen: int
    minutes: int


def extra_input(body: Mapping[str, Any]) -> ExtraInput:
    """A proposal as staff send it; the price in fen (an integer), the time impact in minutes."""
    price = body.get("price_fen")
    if not isinstance(price, int) or isinstance(price, bool) or not 0 < price <= 10_000_000:
        raise ValidationError("price_fen is a whole number of fen, more than 0", field="price_fen")
    minutes = body.get("minutes", 0)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 14 * 24 * 60:
        raise ValidationError("minutes is a whole number from 0 to 14 days", field="minutes")
    return ExtraInput(what=required_text(body, "what", max_len=60), why=required_text(body, "why", max_len=200),
                      labour_hours=number(body.get("labour_hours", 0), "labour_hours", low=0, high=200),
                      parts=text(body, "parts", max_len=200, required=False) or "", price_fen=price, minutes=minutes)


def propose(booking: Booking, store: Store, now: datetime, by: str, given: ExtraInput) -> BookingChange:
    """One more item on the job under way, waiting for the customer's answer; the customer is told at once."""
    if booking.status not in IN_PROGRESS:
        raise Conflict(f"the job is not under way (the booking is {booking.status.value})", field="status",
                       code="illegal_transition", current_status=booking.status.value)
    if len(booking.extra_work) >= MAX_ITEMS:
        raise Conflict(f"a job takes at most {MAX_ITEMS} extra-work items", field="extra_work", code="too_many_items")
    item = ExtraItem(item_id=f"x{len(booking.extra_work) + 1}", what=given.what, why=given.why,
                     labour_hours=given.labour_hours, parts=given.parts, price_fen=given.price_fen,
                     minutes=given.minutes, proposed_at=now, proposed_by=by)
    event = Event(at=now, kind=PROPOSED_EVENT, by=by, note=f"{item.item_id} {item.what}")
    after = replace(booking, extra_work=booking.extra_work + (item,), events=booking.events + (event,))
    told = booking_message("extra_work_proposed", after, store, occurrence=item.item_id, amount=item.price_fen)
    return decide(booking, after, store, now, messages=(told,))
