"""Invitations that make sense (docs/product-rules.md#invitations): none for what the customer has already
booked. A first-service invitation (and its chase) is moot while a maintenance service of that car (a first
service or a maintenance) is booked; a maintenance-due one likewise; a lapse invitation once the customer has
any booking open."""
from __future__ import annotations

from collections.abc import Iterable

from ..booking.booking import Booking
from ..booking.lifecycle import Status
from .maintenance import FIRST_SERVICE, FIRST_SERVICE_CHASE, MAINTENANCE_SERVICES

OPEN = frozenset({Status.PENDING, Status.CONFIRMED, Status.ARRIVED, Status.IN_SERVICE})
# which booked services answer which invitation (None: any service)
ANSWERED_BY: dict[str, frozenset[str] | None] = {
    FIRST_SERVICE: MAINTENANCE_SERVICES,
    FIRST_SERVICE_CHASE: MAINTENANCE_SERVICES,
    "maintenance_due": MAINTENANCE_SERVICES,
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


def honorific_of(bookings: Iterable[Booking]) -> str | None:
    """The honorific (先生 / 女士) the customer's latest booking gave, for an invitation's greeting."""
    given = [(b.created_at, b.honorific) for b in bookings if b.honorific and b.created_at is not None]
    return max(given)[1] if given else None
