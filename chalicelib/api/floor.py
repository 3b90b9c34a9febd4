"""/staff/... on the store floor: the walk-in queue and a booking's advisor."""
from __future__ import annotations

from chalice import Response

from ..container import services
from ..domain import staff_requests, validation
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response, query
from .staff_intents import once, same

floor = ApiBlueprint(__name__)


@floor.route("/staff/stores/{store_id}/walk-ins", methods=["POST"], body="WalkIn", audience=Audience.STAFF)
def walk_in(store_id: str) -> Response:
    """Take a walk-in: seated when a place is free in the slot under way, otherwise queued (never refused)."""
    request = floor.current_request
    who = access.staff(request)
    body = json_body(request)
    req = staff_requests.staff_booking_request({**body, "source": "walk_in", "waiting_for_parts": False})
    (booking, seated), fresh = once(request, who, ("walk-in", store_id),
                                    lambda: services().staff_ops.walk_ins.arrive(who, store_id, req),
                                    lambda b: (b, b.start is not None))
    return json_response({**booking.to_json(), "seated": seated}, 201 if fresh else 200)


@floor.route("/staff/stores/{store_id}/walk-ins", methods=["GET"], audience=Audience.STAFF)
def walk_in_queue(store_id: str) -> dict:
    """The day's walk-in queue, head first, with estimated waits."""
    request = floor.current_request
    who = access.staff(request)
    params = query(request)
    day = validation.day(params["date"], "date") if params.get("date") else None
    return services().staff_ops.walk_ins.queue(who, store_id, day).to_json()


@floor.route("/staff/stores/{store_id}/walk-ins/seat", methods=["POST"], audience=Audience.STAFF)
def seat_next(store_id: str) -> dict:
    """Seat the head of the walk-in queue in the slot under way, if a place is free there."""
    request = floor.current_request
    who = access.staff(request)
    ops = services().staff_ops
    return once(request, who, ("seat-next", store_id),
                lambda: ops.walk_ins.seat_next(who, store_id, ops.visible_to(who)), same)[0].to_json()


@floor.route("/staff/bookings/{booking_id}/seat", methods=["POST"], audience=Audience.STAFF)
def seat(booking_id: str) -> dict:
    """Seat one queued walk-in in the slot under way, if a place is free there."""
    request = floor.current_request
    who = access.staff(request)
    ops = services().staff_ops
    return once(request, who, ("seat", booking_id),
                lambda: ops.walk_ins.seat(who, booking_id, ops.visible_to(who)), same)[0].to_json()


@floor.route("/staff/bookings/{booking_id}/advisor", methods=["POST"], body="AdvisorChange", audience=Audience.STAFF)
def change_advisor(booking_id: str) -> dict:
    """Give a booking another advisor of its store."""
    request = floor.current_request
    who = access.staff(request)
    username = json_body(request).get("username")
    return once(request, who, ("advisor", booking_id),
                lambda: services().staff_ops.change_advisor(who, booking_id, username), same)[0].to_json()
