"""The complaint summary of a store or a chain over a range (docs/product-rules.md#complaint-summary), read from
the call tasks and their bookings.

Cost: one Query for the store's open tasks and one per day on the closed tasks' store-day index, from the
range's first day to the 31st day after its last (a complaint of the range closed later is still found, up
to today), then one read per complaint's booking. Nothing reads a whole table."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...domain.booking.booking import Booking
from ...domain.booking.ports import BookingStore
from ...domain.errors import NotFound
from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import CallTask
from ...domain.ports import Clock
from ...domain.reporting import complaints
from ...domain.tenancy.store import Store

CLOSED_WITHIN = timedelta(days=31)  # how long after the range a complaint's closing is still looked for


class ComplaintSummaries:
    def __init__(self, tasks: TaskStore, bookings: BookingStore, clock: Clock) -> None:
        self._tasks, self._bookings, self._clock = tasks, bookings, clock

    def complaints(self, store: Store, first: date, last: date) -> list[CallTask]:
        """The store's complaint tasks opened in the range, open or closed."""
        today = self._clock.now().astimezone(store.tz).date()
        found = list(self._tasks.open_for_store(store.chain_id, store.store_id))
        day, until = first, min(today, last + CLOSED_WITHIN)
        while day <= until:
            found.extend(self._tasks.done_for_store(store.chain_id, store.store_id, day))
            day += timedelta(days=1)
        return complaints.opened_between(found, first, last, store.tz)

    def _bookings_of(self, tasks: list[CallTask]) -> dict[str, Booking]:
        found: dict[str, Booking] = {}
        for booking_id in {t.booking_id for t in tasks if t.booking_id}:
            try:
                found[booking_id] = self._bookings.get(booking_id)
            except NotFound:  # erased: the task still counts, its causes read "low_score"
                continue
        return found

    def of_store(self, store: Store, first: date, last: date) -> dict[str, Any]:
        tasks = self.complaints(store, first, last)
        return complaints.summary(tasks, self._bookings_of(tasks))

    def of_stores(self, stores: list[Store], first: date, last: date) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        """Each store's summary by store id, and the chain's over all their complaints."""
        every: list[CallTask] = []
        read: dict[str, Booking] = {}
        per_store: dict[str, dict[str, Any]] = {}
        for store in stores:
            tasks = self.complaints(store, first, last)
            bookings = self._bookings_of(tasks)
            per_store[store.store_id] = complaints.summary(tasks, bookings)
            every.extend(tasks)
            read.update(bookings)
        return per_store, complaints.summary(every, read)
