"""Invitations that make sense (docs/product-rules.md#invitations): none for what the customer has already
booked. A first-service invitation is moot while a first service of that car is booked; a maintenance-due one
while a maintenance (or first service) of it is; a lapse invitation once the customer has any booking open."""
from __future__ import annotations

from collections.abc import Iterable

from ..booking.booking import Booking
from ..booking.lifecycle import Status

OPEN = frozenset({Status.PENDING, Status.CONFIRMED, Status.ARRIVED, Status.IN_SERVICE})
# which booked services answer which invitation (None: any service)
ANSWERED_BY: dict[str, frozenset[str] | None] = {
    "first_service_due": frozenset({"first_service"}),
    "maintenance_due": frozenset({"maintenance", "first_service"}),
    "lapse_invitation": None,
}


def answered(kind: str, bookings: Iterable[Booking], plate: str | None = None) -> bool:
    """Whether an open booking already does what the invitation would ask (for that car, when one is named)."""
    services = ANSWERED_BY.get(kind)
    for booking in bookings:
        if booking.status not in OPEN or (plate and booking.plate != plate):
            continue
        if services is None or booking.service_type in services:
            return True
    return False


def first_service_invited(service_type: str) -> bool:
    """A booking that is itself the first service leaves nothing to invite the car to."""
    return service_type != "first_service"
