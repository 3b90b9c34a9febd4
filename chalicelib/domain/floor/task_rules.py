"""Which call tasks a booking opens and when its open tasks become moot (docs/product-rules.md#call-tasks).

A booking lists the tasks it opened and that are still open (`Booking.open_tasks`); every change of the
booking asks `moot` of each, and the change that removes a task's reason closes it, with the reason as its
outcome, in the same write."""
from __future__ import annotations

from datetime import datetime

from ..booking.booking import Booking
from ..booking.lifecycle import ARRIVED, Status
from ..booking.parts import CHECK_EVENT, READINESS_STEP, READY_EVENT
from ..contact_preference import Preferred, preference_text
from ..messaging.catalogue import text
from ..messaging.contact_hours import next_allowed, on_calendar
from ..tenancy.store import Store
from ..tenancy.store_hours import add_store_hours
from .tasks import COMPLAINT_ESCALATION, CallTask, due_in, task_id_for

# kinds about the booking's coming appointment: moot once the customer came, cancelled, missed it or moved it
_APPOINTMENT = frozenset({"reminder_unacknowledged", "late", "sla_confirmation"})


def booking_task(booking: Booking, store: Store, kind: str, now: datetime, *, occurrence: str = "",
                 note: str | None = None) -> CallTask:
    """A task about a booking; its id is fixed by the booking, the kind and the occurrence (a booking's time
    for the appointment kinds), so the same reason opens it once."""
    escalate_at = add_store_hours(store, now, COMPLAINT_ESCALATION) if kind == "follow_up_complaint" else None
    due_at = now + due_in(kind)
    preference, call_from = when_to_call(due_at, store, booking.contact_window)
    return CallTask(
        chain_id=booking.chain_id, store_id=booking.store_id,
        task_id=task_id_for(booking.booking_id, kind, occurrence), kind=kind, due_at=due_at,
        created_at=now, customer_name=booking.customer_name, customer_phone=booking.customer_phone,
        booking_id=booking.booking_id, note=note, escalate_at=escalate_at, contact_preference=preference,
        call_from=call_from,
    )


def when_to_call(due_at: datetime, store: Store, preferred: Preferred | None) -> tuple[str | None, datetime | None]:
    """What a call task says of the customer's contact preference: its text form, and `call_from`, the first
    moment at or after `due_at` that suits them outside the quiet hours (on the store's calendar)."""
    preference = preference_text(preferred)
    if not preference:
        return None, None
    return preference, next_allowed(due_at, store.quiet_hours, on_calendar(preferred, store), store.tz)


def customer_task(store: Store, customer_id: str, kind: str, now: datetime, *, occurrence: str, name: str | None,
                  phone: str | None, preferred: Preferred | None, note: str | None = None) -> CallTask:
    """A task about a customer rather than a booking (near lost, an unanswered first-service invitation): its id
    is fixed by the customer, the kind and the occurrence; it carries their contact preference like a
    booking's."""
    due_at = now + due_in(kind)
    preference, call_from = when_to_call(due_at, store, preferred)
    return CallTask(store.chain_id, store.store_id, task_id_for(customer_id, kind, occurrence), kind, due_at, now,
                    name, phone, note=note, contact_preference=preference, call_from=call_from)


def complaint_task(booking: Booking, store: Store, now: datetime, said: str, causes: tuple[str, ...], *,
                   occurrence: str = "") -> CallTask:
    """The store manager's call about a complaint: the note is what the customer said and what it is about."""
    labels = text("complaint.separator").join(text(f"complaint.cause.{c}") for c in causes)
    return booking_task(booking, store, "follow_up_complaint", now, occurrence=occurrence,
                        note=text("complaint.note", said=said, causes=labels))


def _appointment_moot(kind: str, before: Booking, after: Booking) -> str | None:
    if after.status in ARRIVED:
        return "arrived"
    if after.status is Status.CANCELLED:
        return "cancelled"
    if after.status is Status.NO_SHOW:
        return "no_show"
    if before.start != after.start and kind != "sla_confirmation":  # moved, it is still to be confirmed
        return "rescheduled"
    if kind == "reminder_unacknowledged" and after.acknowledged_at is not None:
        return "acknowledged"
    if kind == "sla_confirmation" and after.status is Status.CONFIRMED:
        return "confirmed"
    return None


def moot(kind: str, before: Booking, after: Booking) -> str | None:
    """Why a task of `kind` about this booking is no longer needed after the change, or None."""
    if kind in _APPOINTMENT:
        return _appointment_moot(kind, before, after)
    if kind == "parts_arrived":
        if after.status is Status.CANCELLED:
            return "cancelled"
        return "rebooked" if before.start is None and after.start is not None else None
    if kind == "parts_short":  # the parts desk found them short (floor/parts_desk.py)
        return _appointment_moot(kind, before, after) or _parts_ready_again(after)
    if kind == READINESS_STEP:  # not confirmed at T-1h: the confirmation settles it
        return _appointment_moot(kind, before, after) or _confirmed(after)
    if kind == "follow_up_unanswered":
        return "answered" if any(e.kind == "feedback" for e in after.events) else None
    return None  # rebooking, complaint: a person closes them (or the customer's next booking)


def _confirmed(after: Booking) -> str | None:
    for e in reversed(after.events):
        if e.kind == "rescheduled":
            return None
        if e.kind == READY_EVENT:
            return "parts_ready"
    return None


def _parts_ready_again(after: Booking) -> str | None:
    """A later parts check of the booking's current time says ready (floor/parts_desk.py writes the checks)."""
    for e in reversed(after.events):
        if e.kind == "rescheduled":
            return None
        if e.kind == CHECK_EVENT:
            return "parts_ready" if (e.note or "").startswith("ready") else None
    return None
