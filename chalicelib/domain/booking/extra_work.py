"""The customer's answer to extra work (增项), item by item (docs/product-rules.md#extra-work): given in the
mini-program, or taken on the phone by the advisor, who records who said what and when the customer was told.
Nothing joins the job without a recorded yes; an approved item moves the promised hand-back time by its time
impact. Pure: returns the BookingChange, committed as one transaction conditioned on the version read."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ..errors import Conflict, NotFound, ValidationError
from ..tenancy.store import Store
from .booking import Booking, Event
from .change import BookingChange, TaskClosure, decide
from .extra_items import APPROVED, DECLINED, PROPOSED, ExtraItem, pending
from .promise import IN_PROGRESS, MOVED_EVENT, promise_of

UNANSWERED_TASK = "extra_work_unanswered"  # the advisor's call about proposals left unanswered


def item_of(booking: Booking, item_id: str) -> ExtraItem:
    found = next((i for i in booking.extra_work if i.item_id == item_id), None)
    if found is None:
        raise NotFound("no such extra-work item on this booking", field="item_id", code="extra_item_not_found")
    return found


def _answerable(booking: Booking, item: ExtraItem) -> None:
    if item.status != PROPOSED:
        raise Conflict(f"this item was already {item.status}", field="item_id", code="already_answered")
    if booking.status not in IN_PROGRESS:
        raise Conflict(f"the job is not under way (the booking is {booking.status.value})", field="status",
                       code="illegal_transition", current_status=booking.status.value)


def _moved(booking: Booking, item: ExtraItem, now: datetime, by: str) -> tuple[Event, ...]:
    """An approved item's time impact moves the promised time (nothing when nothing was promised)."""
    found = promise_of(booking.events)
    if found is None or item.minutes <= 0:
        return ()
    later = found.at + timedelta(minutes=item.minutes)
    return (Event(at=now, kind=MOVED_EVENT, by=by, note=f"{later.isoformat()} {item.item_id}"),)


def answer(booking: Booking, store: Store, now: datetime, item_id: str, approve: bool, by: str, *,
           said: str | None = None, told_at: datetime | None = None) -> BookingChange:
    """The customer's yes or no to one item: `by` is customer:<id> (the mini-program) or staff:<username> (a
    phone answer, which must say who said what). When nothing is left unanswered, the call about it closes."""
    item = item_of(booking, item_id)
    _answerable(booking, item)
    if by.startswith("staff:") and not (said or "").strip():
        raise ValidationError("a phone answer records who said what", field="said")
    if told_at is not None and (told_at > now or told_at < item.proposed_at):
        raise ValidationError("told_at is between the proposal and now", field="told_at")
    decided = replace(item, status=APPROVED if approve else DECLINED, decided_at=now, decided_by=by,
                      said=(said or "").strip() or None, told_at=told_at)
    items = tuple(decided if i.item_id == item_id else i for i in booking.extra_work)
    event = Event(at=now, kind=f"extra_work_{decided.status}", by=by, note=f"{item_id} {decided.said or ''}".strip())
    events = (event, *(_moved(booking, item, now, by) if approve else ()))
    after = replace(booking, extra_work=items, events=booking.events + events)
    return decide(booking, after, store, now, close_tasks=_calls_settled(after, store, now, by))


def _calls_settled(after: Booking, store: Store, now: datetime, by: str) -> tuple[TaskClosure, ...]:
    if pending(after.extra_work):
        return ()
    day = now.astimezone(store.tz).date()
    return tuple(TaskClosure(after.chain_id, after.store_id, task_id, "reached", day, by, "extra work answered")
                 for kind, task_id in after.open_tasks if kind == UNANSWERED_TASK)
