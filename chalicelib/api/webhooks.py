"""/admin/webhooks... : a chain admin's webhook endpoints, their delivery logs and replays (decision 0035)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from ..domain import validation
from ..domain.errors import ValidationError
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .encoding import json_body, json_response, optional_json_body

webhooks = ApiBlueprint(__name__)


@webhooks.route("/admin/webhooks", methods=["POST"], body="WebhookEndpoint", audience=Audience.CHAIN_ADMIN)
def register_endpoint() -> Response:
    """Register an endpoint for some events; its signing secret is in this answer only."""
    request = webhooks.current_request
    who = access.staff(request)
    body = json_body(request)
    events = body.get("events")
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise ValidationError("events is a list of event names", field="events")
    made = services().webhooks.register(who.chain_id, validation.text(body, "url", max_len=2048), events,
                                        validation.text(body, "description", max_len=200, required=False) or "")
    return json_response(made, 201)


@webhooks.route("/admin/webhooks", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def list_endpoints() -> dict:
    """The chain's endpoints (never their secrets)."""
    who = access.staff(webhooks.current_request)
    return {"endpoints": services().webhooks.endpoints(who.chain_id)}


@webhooks.route("/admin/webhooks/{endpoint_id}", methods=["DELETE"], audience=Audience.CHAIN_ADMIN)
def remove_endpoint(endpoint_id: str) -> Response:
    """Remove an endpoint: nothing more is delivered to it."""
    who = access.staff(webhooks.current_request)
    services().webhooks.remove(who.chain_id, endpoint_id)
    return Response(body="", status_code=204)


@webhooks.route("/admin/webhooks/{endpoint_id}/rotate", methods=["POST"], body="WebhookRotate",
                audience=Audience.CHAIN_ADMIN)
def rotate_secret(endpoint_id: str) -> dict:
    """A new signing secret (in this answer only); the previous one signs too until the overlap ends."""
    request = webhooks.current_request
    who = access.staff(request)
    overlap = optional_json_body(request).get("overlap_hours")
    return services().webhooks.rotate(who.chain_id, endpoint_id, overlap)


@webhooks.route("/admin/webhooks/{endpoint_id}/deliveries", methods=["GET"], audience=Audience.CHAIN_ADMIN)
def delivery_log(endpoint_id: str) -> dict:
    """The endpoint's deliveries, newest first, each with its tries."""
    who = access.staff(webhooks.current_request)
    return {"deliveries": services().webhooks.deliveries(who.chain_id, endpoint_id)}


@webhooks.route("/admin/webhooks/{endpoint_id}/deliveries/{event_id}/replay", methods=["POST"],
                audience=Audience.CHAIN_ADMIN)
def replay_delivery(endpoint_id: str, event_id: str) -> dict:
    """Try a failed delivery again now (the same webhook-id); a delivered one is refused."""
    who = access.staff(webhooks.current_request)
    return services().webhooks.replay(who.chain_id, endpoint_id, event_id)
