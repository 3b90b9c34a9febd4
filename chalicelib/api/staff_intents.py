"""The staff write routes' Idempotency-Key: read from the header, fingerprinted with what was asked, and the
write run once per intent (services/booking/intents.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..container import services
from ..domain.booking.booking import Booking
from ..domain.people.staff import StaffAccess
from ..services.booking.intents import intent
from .encoding import optional_json_body

T = TypeVar("T")
HEADER = "idempotency-key"


def once(request: Any, who: StaffAccess, what: tuple[str, ...], work: Callable[[], T],
         replay: Callable[[Booking], T]) -> tuple[T, bool]:
    """`work` once per Idempotency-Key sent (every time when none is sent): its answer and True, or the replay
    of the first write's booking and False."""
    asked = intent(who.chain_id, who.actor, request.headers.get(HEADER), what, optional_json_body(request))
    return services().staff_ops.intents.once(asked, work, replay)


def same(booking: Booking) -> Booking:
    return booking
