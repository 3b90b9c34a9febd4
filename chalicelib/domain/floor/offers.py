"""The actions a member of staff may take on a booking now, so that a screen offers only what the rules allow:
each is asked of the very decision the action runs (domain/booking/decisions.py, floor/advisors.py), and an
action whose decision refuses is not offered (check-in on tomorrow's booking, start before check-in)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ..booking import decisions
from ..booking.booking import Booking
from ..booking.lifecycle import ensure_movable
from ..errors import Conflict, DomainError
from ..tenancy.store import Store
from . import advisors

PROBE = "staff:offer"  # the actor of a decision made only to see whether it is allowed, never committed
Probe = Callable[[Booking, Store, datetime], object]


def _advance(action: str) -> Probe:
    return lambda b, store, now: decisions.advance(b, store, now, action, PROBE, decisions.StaffStep())


def _release(action: str) -> Probe:
    def probe(b: Booking, store: Store, now: datetime) -> object:
        if action == "no_show" and b.start is None:
            raise Conflict("a booking waiting for parts has no time to miss", field="status", code="no_slot_yet")
        return decisions.release(b, store, now, action, PROBE)

    return probe


def _reschedule(b: Booking, store: Store, now: datetime) -> object:
    if b.parts_status == "waiting":
        raise Conflict("the parts have not arrived yet", field="parts_status", code="parts_not_arrived")
    ensure_movable(b.status)
    return None


# URL action (as the staff routes name them) -> the decision it runs, in the order a screen shows them
OFFERS: dict[str, Probe] = {
    "confirm": _advance("confirm"),
    "check-in": _advance("check_in"),
    "start": _advance("start"),
    "complete": _advance("complete"),
    "parts-arrived": lambda b, store, now: decisions.parts_arrived(b, store, now, PROBE, None),
    "reschedule": _reschedule,
    "advisor": lambda b, store, now: advisors.reassign(b, store, now, PROBE, ("", "")),
    "cancel": _release("cancel"),
    "no-show": _release("no_show"),
}


def actions_now(booking: Booking, store: Store, now: datetime) -> list[str]:
    """The actions the rules allow on `booking` at `now`, in display order."""
    allowed = []
    for action, probe in OFFERS.items():
        try:
            probe(booking, store, now)
        except DomainError:
            continue
        allowed.append(action)
    return allowed
