"""The workshop and parts desks (docs/product-rules.md#workshop-and-parts): the store-day's jobs for planning,
the parts check the day before and the readiness confirmed from T-1h."""
from __future__ import annotations

from typing import Any

from ..container import services
from ..domain import validation
from ..domain.booking.booking import Booking
from ..services.floor.workshop_desk import CHECKERS, READERS
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, query
from .staff_intents import once, same

workshop = ApiBlueprint(__name__)


def _staff_json(booking: Booking) -> dict[str, Any]:
    return {"booking_id": booking.booking_id, "status": booking.status.value, **services().workshop_desk.states(booking)}


@workshop.route("/staff/stores/{store_id}/workshop", methods=["GET"], audience=Audience.STAFF,
                roles=tuple(r.value for r in READERS))
def workshop_day(store_id: str) -> dict:
    """The store-day's jobs: hours by trade, parts and their checks; totals against the day (one Query)"""
    request = workshop.current_request
    who = access.staff(request)
    params = query(request)
    day = validation.day(params["date"], "date") if params.get("date") else None
    return services().workshop_desk.day(who, store_id, day).to_json()


@workshop.route("/staff/bookings/{booking_id}/parts-check", methods=["POST"], body="PartsCheck",
                audience=Audience.STAFF, roles=tuple(r.value for r in CHECKERS))
def parts_check(booking_id: str) -> dict:
    """The parts check the day before: ready, or short with a note and the date expected (one per Idempotency-Key)"""
    request = workshop.current_request
    who = access.staff(request)
    body = json_body(request)
    state = validation.text(body, "state", max_len=10)
    note = validation.text(body, "note", max_len=200, required=False)
    expected = validation.day(body["expected"], "expected") if body.get("expected") else None
    return _staff_json(once(request, who, ("parts-check", booking_id),
                            lambda: services().workshop_desk.check(who, booking_id, state, note, expected), same)[0])


@workshop.route("/staff/bookings/{booking_id}/parts-ready", methods=["POST"], audience=Audience.STAFF,
                roles=tuple(r.value for r in CHECKERS))
def parts_ready(booking_id: str) -> dict:
    """The parts at hand, confirmed from an hour before the booking (one per Idempotency-Key)"""
    request = workshop.current_request
    who = access.staff(request)
    return _staff_json(once(request, who, ("parts-ready", booking_id),
                            lambda: services().workshop_desk.confirm_ready(who, booking_id), same)[0])
