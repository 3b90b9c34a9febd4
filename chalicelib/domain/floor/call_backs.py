"""A call-back promised on the phone ("10分钟内给您回电"): a call task due at the promise, about a booking or a
customer (docs/product-rules.md#call-back). Nothing closes it by itself: the person who promised does."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..errors import ValidationError
from ..people.customer import Customer
from ..tenancy.store import Store
from .task_rules import booking_task
from .tasks import CallTask, task_id_for

KIND = "call_back"
MAX_PROMISE_MINUTES = 24 * 60


def promise_minutes(value: object) -> int:
    """The promise in whole minutes, 1 to a day."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PROMISE_MINUTES:
        raise ValidationError(f"within_minutes must be a whole number of minutes from 1 to {MAX_PROMISE_MINUTES}",
                              field="within_minutes")
    return value


def for_booking(booking: Booking, store: Store, now: datetime, by: str, minutes: int, note: str | None,
                occasion: str) -> tuple[CallTask, BookingChange | None]:
    """The promise about a booking, listed on it and opened by a change of it (decision 0014); None as the
    change when the booking lists this very promise already (the same intent sent again)."""
    task = replace(booking_task(booking, store, KIND, now, occurrence=occasion, note=note),
                   due_at=now + timedelta(minutes=promise_minutes(minutes)), call_from=None)
    if any(task_id == task.task_id for _, task_id in booking.open_tasks):
        return task, None
    event = Event(at=now, kind="call_back_promised", by=by, note=f"{minutes} min" + (f" {note}" if note else ""))
    after = replace(booking, events=booking.events + (event,))
    return task, decide(booking, after, store, now, open_tasks=(task,))


def for_customer(customer: Customer, store: Store, now: datetime, minutes: int, note: str | None,
                 occasion: str) -> CallTask:
    """The promise about a customer, with no booking: a task of its own (closed on the task alone)."""
    return CallTask(
        chain_id=customer.chain_id, store_id=store.store_id,
        task_id=task_id_for(customer.customer_id, KIND, occasion), kind=KIND,
        due_at=now + timedelta(minutes=promise_minutes(minutes)), created_at=now,
        customer_name=customer.name, customer_phone=customer.phone, note=note,
    )
