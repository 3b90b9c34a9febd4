"""The customer's file at the counter: read it, edit what staff keep in it (docs/product-rules.md#customer-file)."""
from __future__ import annotations

from typing import Any

from ...domain.booking.ports import BookingStore
from ...domain.errors import NotFound
from ...domain.floor import customer_file
from ...domain.floor.ports import CarFiles, TaskStore
from ...domain.people import customer_notes
from ...domain.people.customer import Customer
from ...domain.people.ports import CustomerStore
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.service_types import SERVICE_TYPES

SERVICE_NAMES = {key: service.name_zh for key, service in SERVICE_TYPES.items()}


def _reaches(who: StaffAccess, store_id: str) -> bool:
    try:
        who.ensure_store(store_id)
    except NotFound:
        return False
    return True


class CustomerFiles:
    def __init__(self, customers: CustomerStore, bookings: BookingStore, tasks: TaskStore, clock: Clock,
                 cars: CarFiles | None = None) -> None:
        self._customers, self._bookings, self._tasks, self._clock = customers, bookings, tasks, clock
        self._cars = cars

    def read(self, who: StaffAccess, store_id: str, customer_id: str) -> dict[str, Any]:
        """The customer with their file (GetItem), their bookings (a Query and a BatchGetItem; those of the
        stores the member reaches), their cars with what the DMS recorded (a BatchGetItem), the store's open
        calls (a Query)."""
        who.ensure_store(store_id)
        customer, notes = self._found(who, customer_id)
        bookings = [b for b in self._bookings.for_customer(who.chain_id, customer_id) if _reaches(who, b.store_id)]
        plates = sorted({b.plate for b in bookings if b.plate} | set(notes.plates))
        cars = self._cars.cars(who.chain_id, plates) if self._cars is not None and plates else []
        open_tasks = self._tasks.open_for_store(who.chain_id, store_id)
        return customer_file.shape(customer, notes, bookings, open_tasks, SERVICE_NAMES, cars)

    def edit(self, who: StaffAccess, store_id: str, customer_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """One read of the file, one conditional write of the fields changed and the trail."""
        who.ensure_store(store_id)
        changes = customer_notes.edit(body)
        _, before = self._found(who, customer_id)
        entries = customer_notes.audit(before, changes, self._clock.now(), who.actor)
        if not entries:
            return self.read(who, store_id, customer_id)
        self._customers.edit_file(who.chain_id, customer_id, before, {e.field: e.new for e in entries},
                                  customer_notes.trail(entries, before.audit))
        return self.read(who, store_id, customer_id)

    def _found(self, who: StaffAccess, customer_id: str) -> tuple[Customer, customer_notes.FileNotes]:
        customer, notes = self._customers.file(who.chain_id, customer_id)
        if customer.merged_into:  # taken over: the file is the customer's who took it over
            raise NotFound("no such customer", field="customer_id", code="customer_not_found")
        return customer, notes
