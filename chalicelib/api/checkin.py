"""QR check-in: the store's mini-program code and its poster for the staff console, and the customer's
arrival (`POST /mp/checkin`) from the page the code opens (docs/product-rules.md#qr-check-in)."""
from __future__ import annotations

import base64
from typing import Any

from ..container import services
from ..domain import staff_requests, validation
from ..domain.errors import ValidationError
from ..domain.floor.arrivals import CHECKIN_PAGE
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body

checkin = ApiBlueprint(__name__)


@checkin.route("/staff/stores/{store_id}/checkin-code", methods=["GET"], audience=Audience.STAFF,
               roles=("chain_admin", "store_manager"))
def store_code(store_id: str) -> dict:
    """The store's check-in code (the scene its mini-program code carries) and the lobby board's code now"""
    who = access.staff(checkin.current_request)
    code = services().arrivals.store_code(who, store_id)
    return {"store_id": store_id, "scene": code.code, "page": CHECKIN_PAGE,
            "lobby_code": services().arrivals.lobby_code(who.chain_id, store_id)}


@checkin.route("/staff/stores/{store_id}/checkin-poster", methods=["GET"], audience=Audience.STAFF,
               roles=("chain_admin", "store_manager"))
def poster(store_id: str) -> dict:
    """The store's mini-program code image (PNG, base64) for the reception poster"""
    who = access.staff(checkin.current_request)
    image = services().arrivals.poster(who, store_id)
    return {"store_id": store_id, "content_type": "image/png", "filename": f"checkin-{store_id}.png",
            "image": base64.b64encode(image).decode()}


def _location(body: dict[str, Any]) -> tuple[float, float] | None:
    raw = body.get("location")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValidationError("location is {lat, lng}", field="location")
    return (validation.number(raw.get("lat"), "location.lat", low=-90, high=90),
            validation.number(raw.get("lng"), "location.lng", low=-180, high=180))


@checkin.route("/mp/checkin", methods=["POST"], body="CheckIn", audience=Audience.CUSTOMER)
def arrive() -> dict:
    """Check in on arrival with the store's code: today's booking, or the walk-in queue"""
    request = checkin.current_request
    who = access.customer(request)
    body = json_body(request)
    scene = validation.text(body, "scene", max_len=32)
    lobby = validation.text(body, "lobby_code", max_len=8, required=False)
    raw_walk_in = body.get("walk_in")
    walk_in = staff_requests.staff_booking_request({**raw_walk_in, "source": "walk_in"}) if isinstance(raw_walk_in, dict) \
        else None
    return services().arrivals.arrive(who, scene, _location(body), lobby, walk_in).to_json()
