"""Running a decided booking change: read, decide, commit through the unit of work, announce.

A change decided on a read that went stale meanwhile is refused by the unit of work as a whole; the use
case then reads again and decides again (the rules may now say no), a bounded number of times.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.ports import BookingStore, ChangeListener, UnitOfWork
from ...domain.errors import StaleBooking
from ...domain.messaging.outbox import OutboxRecord
from ...domain.ports import Metrics, NoMetrics
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ...observability import BOOKINGS_CREATED
from . import intents

MAX_DECISIONS = 4

Decide = Callable[[Booking, Store], BookingChange | None]


class Announcer(Protocol):
    def deliver_quietly(self, dedupe_key: str) -> None: ...


class StaffNotices(Protocol):
    """The staff notices a change carries beside its own messages (services/floor/change_notices.py)."""

    def for_change(self, change: BookingChange) -> tuple[OutboxRecord, ...]: ...


def new_booking_id() -> str:
    return "b_" + uuid.uuid4().hex


class BookingChanges:
    def __init__(self, bookings: BookingStore, stores: StoreCatalog, uow: UnitOfWork, announcer: Announcer | None,
                 *, metrics: Metrics | None = None, listeners: Sequence[ChangeListener] = (),
                 staff_notices: StaffNotices | None = None) -> None:
        self._bookings, self._stores, self._uow, self._announcer = bookings, stores, uow, announcer
        self._staff_notices = staff_notices  # asked before each commit: its notices go in the same transaction
        self._metrics = metrics or NoMetrics()
        self._listeners = tuple(listeners)  # told after the commit (the lobby board's push)

    def apply(self, booking_id: str, decide: Decide, guard: Callable[[Booking], None] | None = None) -> Booking:
        """Read the booking, let `guard` refuse (e.g. someone else's booking), decide, commit; again on a stale
        read. Returns the booking as the change left it (as read when the decision was to change nothing)."""
        for attempt in range(MAX_DECISIONS):
            booking = self._bookings.get(booking_id)
            if guard is not None:
                guard(booking)
            change = decide(booking, self._stores.get(booking.chain_id, booking.store_id))
            if change is None:
                return booking
            try:
                self.commit(change)
            except StaleBooking:
                if attempt == MAX_DECISIONS - 1:
                    raise
                continue
            return change.after
        raise AssertionError("unreachable")

    def commit(self, change: BookingChange) -> None:
        """Commit, then try the messages it queued at once (a message that cannot go now waits in the outbox).
        The first commit of a staff intent carries its Idempotency-Key (services/booking/intents.py)."""
        key = intents.pending()
        if key is not None and change.idempotency is None:
            change = replace(change, idempotency=key)
        if self._staff_notices is not None:
            change = replace(change, messages=change.messages + self._staff_notices.for_change(change))
        self._uow.commit(change)
        intents.committed()
        if change.before is None:  # a new booking, from any source (online, staff, walk-in)
            self._metrics.emit(BOOKINGS_CREATED.name, source=change.after.source)
        if self._announcer is not None:
            for message in change.messages:
                self._announcer.deliver_quietly(message.dedupe_key)
        for listener in self._listeners:
            listener.committed(change)
