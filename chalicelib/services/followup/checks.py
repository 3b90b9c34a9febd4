"""The scheduled checks over bookings (reminders, lateness, follow-up).

Each run Queries only what is due (each booking's next step sits in a sparse index). Each step is decided
by the domain and committed through the unit of work with its message and call task, conditioned on the
booking's version: a run twice, two runs at once or a run that dies midway neither repeats nor loses
anything (the outbox's own run sends what a dead run queued).
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from ...domain.booking.booking import Booking
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotFound
from ...domain.followup.agenda import next_step
from ...domain.followup.steps import perform
from ...domain.ports import Clock, Watermarks
from ...domain.tenancy.ports import StoreCatalog
from ..booking.changes import BookingChanges

log = logging.getLogger(__name__)
BOOKING_CHECKS = ("reminders", "lateness", "follow_up")
FIRST_LOOKBACK = timedelta(hours=24)
MAX_LOOKBACK = timedelta(days=14)  # a longer outage is a matter for people; its steps are far too late to send


class BookingChecks:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, watermarks: Watermarks,
                 clock: Clock) -> None:
        self._stores, self._bookings, self._changes = stores, bookings, changes
        self._watermarks, self._clock = watermarks, clock

    def run(self, check: str) -> dict[str, int]:
        """Every hour bucket since the watermark (the first run looks back a day); the watermark then moves
        to the earliest hour still holding an unfinished step, and never closer than an hour to now, so a
        step that the index shows late is still found."""
        now = self._clock.now()
        this_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        since = self._watermarks.clean_before(check) or this_hour - FIRST_LOOKBACK
        since = max(since, this_hour - MAX_LOOKBACK)
        counts = {"due": 0, "done": 0, "stale": 0}
        unfinished = this_hour - timedelta(hours=1)
        for due in self._bookings.due(check, since, now):
            counts["due"] += 1
            try:
                self._advance(check, due.booking, due.action, now, counts)
            except Exception:  # one booking's trouble never stops the run; its step stays due for the next
                log.exception("%s: booking %s step %s failed", check, due.booking.booking_id, due.action)
                counts["error"] = counts.get("error", 0) + 1
                unfinished = min(unfinished, due.hour)
        self._watermarks.advance(check, unfinished)
        return counts

    def work(self, check: str, booking_id: str, action: str, copy: Booking | None = None) -> str:
        """One dispatched item (a worker's): do the booking's due steps of `check`, deciding on the copy the
        index held when there is one (no read; the commit is conditioned on its version), else on a fresh
        read. A copy found stale is not read again: whoever moved the booking on filed its next step afresh,
        in an hour the dispatcher reads again, so the next tick finds it if it is still due (a redelivered
        batch's done items cost one refused write each, no read). Returns "done" or "stale" (done already,
        moved on, or gone), or raises (the item is then redelivered)."""
        counts = {"done": 0, "stale": 0}
        if copy is not None:
            self._advance(check, copy, action, self._clock.now(), counts)
            return "done" if counts["done"] else "stale"
        try:
            booking = self._bookings.get(booking_id)
        except NotFound:
            return "stale"
        self._advance(check, booking, action, self._clock.now(), counts)
        return "done" if counts["done"] else "stale"

    def _advance(self, check: str, booking: Booking, action: str, now: datetime, counts: dict[str, int]) -> None:
        """Do the booking's due steps of this check, in order (a late run catches up)."""
        store = self._stores.get(booking.chain_id, booking.store_id)
        step = next_step(booking, store)
        if step is None or step.action != action or step.at > now:
            counts["stale"] += 1  # another run got here first (or the index lags the table): the
            return  # booking's current step is filed afresh, in an hour no earlier than its write
        while step is not None and step.check == check and step.at <= now:
            change = perform(booking, store, step, now)
            try:
                self._changes.commit(change)
            except Conflict:
                counts["stale"] += 1  # someone else moved the booking on; its new step is filed afresh
                return
            counts["done"] += 1
            booking = change.after
            step = next_step(booking, store)
