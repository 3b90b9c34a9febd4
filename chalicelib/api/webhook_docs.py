"""The `webhooks` section of GET /openapi.json: what a chain's endpoint receives for each event
(domain/booking/events.py), signed with the Standard Webhooks headers (decision 0035)."""
from __future__ import annotations

from typing import Any

from ..domain.booking.events import EVENT_TYPES

_STR = {"type": "string"}
_NULLABLE = {"type": ["string", "null"]}
_BOOKING = {"type": "object", "properties": {
    "booking_id": _STR, "store_id": _STR, "status": _STR, "start": _NULLABLE, "end": _NULLABLE,
    "service_type": _STR, "plate": _STR, "advisor_id": _NULLABLE, "source": _STR, "parts_status": _NULLABLE,
    "version": {"type": "integer"}}, "required": ["booking_id", "store_id", "status", "version"]}
_TASK = {"type": "object", "properties": {"task_id": _STR, "store_id": _STR, "kind": _STR, "booking_id": _NULLABLE,
                                          "due_at": _STR, "outcome": _STR, "by": _STR},
         "required": ["task_id", "store_id"]}
_HEADERS = {
    "webhook-id": "the event's id (ev_…): the same at every try and replay; deduplicate on it",
    "webhook-timestamp": "seconds since the epoch (UTC) of this try; refuse one more than 5 minutes off",
    "webhook-signature": "space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body>, one per secret in force "
                         "(two during a rotation's overlap)",
}


def _data(event_type: str) -> dict[str, Any]:
    if event_type.startswith("booking."):
        return _BOOKING
    if event_type.startswith("task."):
        return _TASK
    return {"type": "object", "description": "declared for receivers; not sent by this release"}


def webhook_items() -> dict[str, Any]:
    return {event_type: {"post": {
        "summary": f"{event_type} (Standard Webhooks)",
        "parameters": [{"name": name, "in": "header", "required": True, "description": text, "schema": _STR}
                       for name, text in _HEADERS.items()],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["type", "timestamp", "data"],
            "properties": {"type": {"const": event_type}, "timestamp": {"type": "string", "format": "date-time"},
                           "data": _data(event_type)}}}}},
        "responses": {"2XX": {"description": "received; any other answer (or none within 5 s) is tried again "
                                             "after 1, 5, 30 min, 2 h and 8 h, then parked for a replay"}},
    }} for event_type in EVENT_TYPES}
