"""A customer message as the outbox keeps it: written with the change that causes it, sent once later."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .. import codec
from ..booking.booking import Booking
from ..contact_preference import preference_text
from ..service_types import SERVICE_TYPES
from ..tenancy.store import Store

# How long a message's record is kept after it was queued: retries end within hours, a customer asking
# "did you text me?" asks within days (docs/product-rules.md#retention).
OUTBOX_RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class OutboxRecord:
    dedupe_key: str  # "<chain>#<booking or customer>#<kind>#<occurrence>": one message per event
    chain_id: str
    customer_id: str
    kind: str
    context: dict[str, Any]  # what the message mentions, rendered per channel at send time
    store_id: str | None = None
    booking_id: str | None = None
    status: str = "pending"  # pending | sending | sent | retry | failed | dropped (no use any more: contact hours)
    attempts: int = 0
    channel: str | None = None
    provider_id: str | None = None
    error: str | None = None
    created_at: str | None = None  # ISO, when it was queued (the store sets it): the outbox age metric
    held_until: str | None = None  # ISO, the moment contact hours last put it off to (docs/product-rules.md#contact-hours)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = codec.builtins(self)
        return record


def quoted_price_fen(booking: Booking) -> int | None:
    """The price quoted with the booking (or the advisor's estimate), in fen."""
    return booking.price_estimate


def booking_message(kind: str, booking: Booking, store: Store, *, occurrence: str,
                    reason: str | None = None, variant: str | None = None, amount: int | None = None,
                    days_ahead: int | None = None, due: str | None = None, at: datetime | None = None) -> OutboxRecord:
    """The outbox record of a message about a booking; `occurrence` makes its dedupe key (e.g. the event
    time, or the step and start of a reminder), so the same event never makes two messages. `due` is a date
    the message names (YYYY-MM-DD, e.g. when the parts are expected); `at` the moment it names instead of the
    booking's start (e.g. by when the store manager calls back about a complaint)."""
    moment = at or booking.start
    start = moment.astimezone(store.tz).isoformat() if moment else None
    kind_of_service = SERVICE_TYPES.get(booking.service_type)
    context = {
        "customer_name": booking.customer_name,
        "honorific": booking.honorific,
        "store_name": store.name,
        "store_phone": store.phone,
        "service": kind_of_service.name_zh if kind_of_service else booking.service_type,
        "plate": booking.plate,
        "start": start,
        "reason": reason,
        "variant": variant,
        "phone": booking.customer_phone,
        "address": store.address or None,
        "parking": store.parking or None,
        "advisor": booking.advisor,
        "price_estimate": booking.price_estimate,  # fen, as quoted (docs/product-rules.md#price-list)
        "discount": booking.discount or None,  # the share off labour the booking earned
        "hold_minutes": store.grace_minutes or None,
        "acknowledged": True if booking.acknowledged_at else None,
        "amount": amount,
        "days_ahead": days_ahead,
        "due": due,
        "contact_window": preference_text(booking.contact_window),  # the customer's preference it was booked with
    }
    return OutboxRecord(
        dedupe_key=f"{booking.chain_id}#{booking.booking_id}#{kind}#{occurrence}",
        chain_id=booking.chain_id,
        customer_id=booking.customer_id,
        kind=kind,
        context={k: v for k, v in context.items() if v is not None},
        store_id=booking.store_id,
        booking_id=booking.booking_id,
    )
