"""The invariant auditor: any store's counters over a date range, and the nightly run over every store that
publishes the drift figure (the `Drift` metric, which an alarm watches). Deposits' books are held on the same
bookings, and on each store's parts waiting list (bookings with no day yet, domain/reporting/deposit_books.py)
and on its lists of those closed on the days audited (domain/booking/parts_list.py)."""
from __future__ import annotations

import logging
from datetime import UTC, date, timedelta

from ...domain import codec
from ...domain.booking.capacity import DayLoad
from ...domain.booking.ports import BookingStore
from ...domain.ports import Clock, Metrics, NoMetrics
from ...domain.reporting.audit import DayDrift, day_drift
from ...domain.reporting.deposit_books import deposit_drift
from ...domain.tenancy.ports import StoreCatalog
from ...observability import DRIFT

log = logging.getLogger(__name__)
NIGHTLY_PAST_DAYS = 2  # yesterday and the day before: the days the checks were still moving
MAX_RANGE_DAYS = 366
NO_LOAD = DayLoad({}, {})  # a day no booking ever moved: no summary


class InvariantAuditor:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, clock: Clock, metrics: Metrics | None = None) -> None:
        self._stores, self._bookings, self._clock = stores, bookings, clock
        self._metrics = metrics or NoMetrics()

    def store_day(self, chain_id: str, store_id: str, day: date, summary: DayLoad | None = None) -> DayDrift:
        """Two Queries: the store-day's counters and its bookings; a third for its day summary unless given."""
        store = self._stores.get(chain_id, store_id)
        counters = self._bookings.day_load(chain_id, store_id, day)
        if summary is None:
            summary = self._bookings.day_loads(chain_id, store_id, day, day).get(day, NO_LOAD)
        quotas = {s.segment_id: s.quota for s in store.plan if s.quota is not None}
        return day_drift(store_id, day, counters, self._bookings.for_store_day(chain_id, store_id, day),
                         store.capacity_per_slot, quotas, summary)

    def store_range(self, chain_id: str, store_id: str, first: date, last: date) -> list[DayDrift]:
        """Two Queries per day, and one for the range's day summaries."""
        if not timedelta(0) <= last - first <= timedelta(days=MAX_RANGE_DAYS):
            raise ValueError(f"a range of 1 to {MAX_RANGE_DAYS + 1} days, from first to last")
        summaries = self._bookings.day_loads(chain_id, store_id, first, last)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return [self.store_day(chain_id, store_id, day, summaries.get(day, NO_LOAD)) for day in days]

    def waiting_deposits(self, chain_id: str, store_id: str, closed_days: tuple[date, ...] = ()) -> dict[str, list[str]]:
        """The deposits' books of the store's bookings waiting for parts (one Query) and of those that left the
        waiting list closed on `closed_days` (UTC; one Query each, decision 0084): booking id -> faults."""
        found = self._bookings.waiting_for_parts(chain_id, store_id)
        for day in closed_days:
            found += self._bookings.parts_closed(chain_id, store_id, day)
        return deposit_drift(found)

    def nightly(self) -> dict[str, int]:
        """Every store, from two days ago to the end of its booking horizon."""
        today = self._clock.now().date()
        utc_today = self._clock.now().astimezone(UTC).date()  # the closed parts lists are kept by UTC day
        closed = tuple(utc_today - timedelta(days=n) for n in range(NIGHTLY_PAST_DAYS, -1, -1))
        checked = drift = 0
        for store in self._stores.everywhere():
            first = today - timedelta(days=NIGHTLY_PAST_DAYS)
            for found in self.store_range(store.chain_id, store.store_id, first, today + timedelta(days=store.horizon_days)):
                checked += 1
                drift += found.total
                if found.total:
                    log.error("counter drift %s", codec.encode(found.to_json() | {"chain_id": store.chain_id}))
            waiting = self.waiting_deposits(store.chain_id, store.store_id, closed)
            drift += len(waiting)
            if waiting:
                log.error("deposit drift %s", codec.encode({"chain_id": store.chain_id, "store_id": store.store_id,
                                                            "deposits": waiting}))
        self._metrics.emit(DRIFT.name, drift)
        return {"store_days": checked, "drift": drift}
