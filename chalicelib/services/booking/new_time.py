"""The call to agree a new time after a customer's own cancellation, settled by their next booking
(docs/product-rules.md#agree-new-time; decision 0014's mechanism, as a rebooking call is settled)."""
from __future__ import annotations

from datetime import datetime

from ...domain.booking.change import TaskClosure
from ...domain.errors import NotFound
from ...domain.floor.ports import TaskStore
from ...domain.people.customer import Customer
from ...domain.tenancy.store import Store


def settled_by_booking(tasks: TaskStore | None, customer: Customer | None, store: Store,
                       now: datetime) -> tuple[TaskClosure, ...] | None:
    """None when the customer's record names no such call; else the closure of the call it names, if still
    open (one GetItem; closed by hand meanwhile: nothing to close), and the record forgets it either way."""
    if customer is None or not customer.new_time_task:
        return None
    task_store, task_id = customer.new_time_task.split("|", 1)
    if tasks is None or not _open(tasks, customer.chain_id, task_store, task_id):
        return ()
    day = now.astimezone(store.tz).date()
    return (TaskClosure(customer.chain_id, task_store, task_id, "rebooked", day),)


def _open(tasks: TaskStore, chain_id: str, store_id: str, task_id: str) -> bool:
    try:
        return tasks.get(chain_id, store_id, task_id).is_open
    except NotFound:
        return False
