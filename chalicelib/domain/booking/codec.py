"""A booking as a work item carries it: the copy the due index held, so a worker decides without reading it
again. The commit is conditioned on the copy's version, so a stale copy is refused, never acted on."""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from .booking import Booking, Event
from .lifecycle import Status

_WHEN = {"start", "end", "acknowledged_at", "created_at"}


def encode_booking(booking: Booking) -> str:
    raw = asdict(booking)
    for name in _WHEN:
        raw[name] = raw[name].isoformat() if raw[name] else None
    raw["status"] = booking.status.value
    raw["events"] = [{**asdict(e), "at": e.at.isoformat()} for e in booking.events]
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


def decode_booking(text: str) -> Booking:
    raw: dict[str, Any] = json.loads(text)
    known = {f.name for f in fields(Booking)}
    values = {k: v for k, v in raw.items() if k in known}
    for name in _WHEN:
        values[name] = datetime.fromisoformat(values[name]) if values.get(name) else None
    values["status"] = Status(values["status"])
    values["open_tasks"] = tuple((kind, task_id) for kind, task_id in values.get("open_tasks", ()))
    values["events"] = tuple(Event(**{**e, "at": datetime.fromisoformat(e["at"])}) for e in values.get("events", ()))
    return Booking(**values)
