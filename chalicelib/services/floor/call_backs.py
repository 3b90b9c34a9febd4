"""Call-backs staff promise on the phone, from a booking or a customer (docs/product-rules.md#call-back)."""
from __future__ import annotations

import uuid

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.errors import NotFound
from ...domain.floor import call_backs
from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import CallTask
from ...domain.people.ports import CustomerStore
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps


class CallBacks:
    def __init__(self, stores: StoreCatalog, customers: CustomerStore, tasks: TaskStore, changes: BookingChanges,
                 clock: Clock) -> None:
        self._stores, self._customers, self._tasks, self._changes, self._clock = stores, customers, tasks, changes, clock

    @staticmethod
    def _occasion(who: StaffAccess, key: str | None) -> str:
        """What makes a promise unique: the screen's Idempotency-Key (a repeat opens nothing new), or a fresh id."""
        return f"{who.actor}|{key}" if key else uuid.uuid4().hex

    def from_booking(self, who: StaffAccess, booking_id: str, minutes: object, note: str | None,
                     key: str | None = None) -> CallTask:
        """One read of the booking and one transaction (the task and the booking's list of open tasks)."""
        checked = call_backs.promise_minutes(minutes)
        occasion, opened = self._occasion(who, key), list[CallTask]()

        def decide(booking: Booking, store: Store) -> BookingChange | None:
            task, change = call_backs.for_booking(booking, store, self._clock.now(), who.actor, checked, note, occasion)
            opened[:] = [task]
            return change

        self._changes.apply(booking_id, decide, StaffOps.visible_to(who))
        return self._tasks.get(opened[0].chain_id, opened[0].store_id, opened[0].task_id)

    def from_customer(self, who: StaffAccess, store_id: str, customer_id: str, minutes: object, note: str | None,
                      key: str | None = None) -> CallTask:
        """The customer (GetItem) must be of the staff member's chain; the task is one conditional put."""
        who.ensure_store(store_id)
        minutes = call_backs.promise_minutes(minutes)
        store = self._stores.get(who.chain_id, store_id)
        customer = self._customers.get(who.chain_id, customer_id)  # NotFound: not of this chain
        if customer.merged_into:
            raise NotFound("no such customer", field="customer_id", code="customer_not_found")
        task = call_backs.for_customer(customer, store, self._clock.now(), minutes, note, self._occasion(who, key))
        self._tasks.create(task)  # False: the same promise sent again, already open
        return self._tasks.get(who.chain_id, store_id, task.task_id)
