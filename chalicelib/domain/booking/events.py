"""What a booking change tells other systems (the chain's webhooks, docs/product-rules.md#webhooks): its
events, derived from the change itself (before and after, the tasks it opens and closes) and written in the
change's own transaction, like its messages (decision 0035). Never written anywhere else: a change that is
refused writes no event, and a committed one always has its events.

An event's id is the change's UTC moment and a hash of the booking, the version the change writes and the
event's type (the task, for task events): the same change can never make two, and a receiver deduplicates
on it (`webhook-id`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .lifecycle import Status

if TYPE_CHECKING:
    from .booking import Booking
    from .change import BookingChange

# the product's event list (docs/product-rules.md#webhooks); payment.* from the deposit's change (decision 0062)
EVENT_TYPES: tuple[str, ...] = (
    "booking.created", "booking.changed", "booking.cancelled", "booking.arrived", "booking.completed",
    "booking.no_show", "extra_work.decided", "payment.succeeded", "payment.refunded", "task.opened", "task.closed",
)
_BY_STATUS: dict[Status, str] = {
    Status.CANCELLED: "booking.cancelled",
    Status.ARRIVED: "booking.arrived",
    Status.COMPLETED: "booking.completed",
    Status.NO_SHOW: "booking.no_show",
}
# what a receiver may see of a booking: no name or phone (PIPL: the least that serves)
_CHANGED_FIELDS = ("status", "start", "store_id", "advisor_id", "service_type", "plate", "parts_status")


@dataclass(frozen=True)
class WebhookEvent:
    event_id: str
    chain_id: str
    type: str
    at: datetime
    data: dict[str, Any]

    def payload(self) -> dict[str, Any]:
        """The body sent, in the Standard Webhooks shape: type, timestamp, data."""
        return {"type": self.type, "timestamp": self.at.isoformat(), "data": self.data}


def event_id(at: datetime, *parts: str) -> str:
    """"ev_<UTC moment>_<hash>": ids sort by the moment of their change (the delivery log's order)."""
    return f"ev_{at.astimezone(UTC):%Y%m%dT%H%M%S}_" + hashlib.sha256("#".join(parts).encode()).hexdigest()[:24]


def booking_data(b: Booking) -> dict[str, Any]:
    return {
        "booking_id": b.booking_id, "store_id": b.store_id, "status": b.status.value,
        "start": b.start.isoformat() if b.start else None, "end": b.end.isoformat() if b.end else None,
        "service_type": b.service_type, "plate": b.plate, "advisor_id": b.advisor_id, "source": b.source,
        "parts_status": b.parts_status, "version": b.version,
    }


def _booking_type(before: Booking | None, after: Booking) -> str | None:
    if before is None:
        return "booking.created"
    if before.status != after.status and after.status in _BY_STATUS:
        return _BY_STATUS[after.status]
    old, new = booking_data(before), booking_data(after)
    if any(old[name] != new[name] for name in _CHANGED_FIELDS):
        return "booking.changed"
    return None  # a step that changes nothing a receiver sees (a reminder sent, a note): no event


def events_of(change: BookingChange) -> tuple[WebhookEvent, ...]:
    after, version = change.after, str(change.after.version)
    found: list[WebhookEvent] = []
    kind = _booking_type(change.before, after)
    if kind is not None:
        found.append(WebhookEvent(event_id(change.at, after.booking_id, version, kind), after.chain_id, kind, change.at,
                                  booking_data(after)))
    found += _payment_events(change)
    found += _extra_work_events(change)
    for task in change.open_tasks:
        found.append(WebhookEvent(event_id(change.at, task.task_id, "task.opened"), task.chain_id, "task.opened", change.at,
                                  {"task_id": task.task_id, "store_id": task.store_id, "kind": task.kind,
                                   "booking_id": task.booking_id, "due_at": task.due_at.isoformat()}))
    for closure in change.close_tasks:
        found.append(WebhookEvent(event_id(change.at, closure.task_id, "task.closed"), closure.chain_id, "task.closed",
                                  change.at, {"task_id": closure.task_id, "store_id": closure.store_id,
                                              "outcome": closure.reason, "by": closure.by}))
    return tuple(found)


def _payment_events(change: BookingChange) -> list[WebhookEvent]:
    """A deposit or a balance collected (payment.succeeded) or a refund WeChat Pay confirmed (payment.refunded) by
    this change; `payment` says which ("deposit" or "balance", decision 0077)."""
    found = []
    for which, before, after in (
            ("deposit", change.before.payment if change.before is not None else None, change.after.payment),
            ("balance", change.before.balance if change.before is not None else None, change.after.balance)):
        if after is None:
            continue
        was_paid, was_refunded = (before.paid_fen, before.refunded_fen) if before is not None else (0, 0)
        data = {"booking_id": change.after.booking_id, "store_id": change.after.store_id, "payment": which,
                "order_no": after.order_no, "paid_fen": after.paid_fen, "refunded_fen": after.refunded_fen}
        for kind, moved in (("payment.succeeded", after.paid_fen > was_paid),
                            ("payment.refunded", after.refunded_fen > was_refunded)):
            if moved:
                extra = () if which == "deposit" else (which,)
                found.append(WebhookEvent(event_id(change.at, change.after.booking_id, str(change.after.version), kind,
                                                   *extra), change.after.chain_id, kind, change.at, data))
    return found


def _extra_work_events(change: BookingChange) -> list[WebhookEvent]:
    """Each extra-work item the customer answered in this change (in the mini-program or on the phone)."""
    if change.before is None:
        return []
    after = change.after
    found = []
    for e in after.events[len(change.before.events):]:
        if e.kind not in ("extra_work_approved", "extra_work_declined"):
            continue
        item_id = (e.note or "").split(" ", 1)[0]
        item = next((i for i in after.extra_work if i.item_id == item_id), None)
        data = {"booking_id": after.booking_id, "store_id": after.store_id, "item_id": item_id,
                "decision": e.kind.removeprefix("extra_work_"), "price_fen": item.price_fen if item else None,
                "by_phone": e.by.startswith("staff:")}
        found.append(WebhookEvent(event_id(change.at, after.booking_id, str(after.version), "extra_work.decided", item_id),
                                  after.chain_id, "extra_work.decided", change.at, data))
    return found


def wanted_events(change: BookingChange, wanted: Callable[[str], frozenset[str]]) -> tuple[WebhookEvent, ...]:
    """The change's events that some endpoint of its chain wants (`wanted`: the chain's wanted types)."""
    types = wanted(change.after.chain_id)
    return tuple(e for e in events_of(change) if e.type in types) if types else ()
