"""The booking checks' dispatcher: each shard of the due index read by a dispatcher of its own (threads of one
tick), page after page within the tick's time budget, continuing after the shard's cursor, each item given
the delivery delay that makes it visible at its moment (domain/runs/dispatch_plan.py, decision 0022).

Each shard also keeps its watermark ("<check>#<shard>", decision 0002): moved to the first hour that still
held an item it enqueued (that hour is read again on the next tick), or to the hour before this one. What a
tick leaves when its budget runs out is found by the next one after the cursor: nothing is starved, nothing
lost, and nothing already on the queue is enqueued again until it is overdue.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from ...domain.booking.ports import BookingStore, DueStep
from ...domain.ports import Clock, Watermarks, WorkQueue
from ...domain.runs.dispatch_plan import DispatchPlan, delay_seconds, position
from ...domain.runs.work_items import BookingStep
from ..followup.checks import FIRST_LOOKBACK, MAX_LOOKBACK

Encode = Callable[[str, Sequence[BookingStep]], list[dict[str, str]]]


class BookingDispatcher:
    def __init__(self, bookings: BookingStore, watermarks: Watermarks, queue: WorkQueue, clock: Clock, queue_name: str,
                 encode: Encode, plan: DispatchPlan, dispatchers: int) -> None:
        self._bookings, self._watermarks, self._queue, self._clock = bookings, watermarks, queue, clock
        self._queue_name, self._encode, self._plan, self._dispatchers = queue_name, encode, plan, max(1, dispatchers)

    def dispatch(self, check: str) -> dict[str, int]:
        shards = self._bookings.due_shards()
        now = self._clock.now()
        deadline = self._plan.deadline(now)
        with ThreadPoolExecutor(max_workers=min(self._dispatchers, shards)) as pool:
            done = list(pool.map(lambda shard: self._shard(check, shard, now, deadline), range(shards)))
        counts = {"enqueued": sum(n for n, _ in done)}
        if any(stopped for _, stopped in done):
            counts["budget_spent"] = sum(1 for _, stopped in done if stopped)  # shards the next tick continues
        return counts

    def _since(self, check: str, shard: int, this_hour: datetime) -> datetime:
        since = (self._watermarks.clean_before(f"{check}#{shard}") or self._watermarks.clean_before(check)
                 or this_hour - FIRST_LOOKBACK)
        return max(since, this_hour - MAX_LOOKBACK)

    def _shard(self, check: str, shard: int, now: datetime, deadline: datetime) -> tuple[int, bool]:
        """The shard's steps due by the horizon, read hour by hour (every page), put in cursor order, then
        enqueued after the cursor (and the overdue ones again) a SendMessageBatch at a time until done or the
        budget is spent; returns what it enqueued and whether it stopped at the budget."""
        this_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        since = self._since(check, shard, this_hour)
        name = f"{check}#{shard}"
        cursor = self._watermarks.position(name)
        horizon = self._plan.horizon(now)
        found: list[DueStep] = []
        hour = since
        while hour <= horizon:
            for page in self._bookings.due_pages(check, shard, hour, horizon):
                found += page
            hour += timedelta(hours=1)
        fresh, again = self._plan.order([(position(moment(d, now), d.booking.booking_id), moment(d, now), d)
                                         for d in found], cursor, now)
        enqueued, stopped = 0, False
        chunk_size = self._plan.chunk
        for first in range(0, len(fresh) + len(again), chunk_size):
            if self._clock.now() >= deadline:
                stopped = True
                break
            chunk = (fresh + again)[first:first + chunk_size]
            enqueued += self._enqueue(check, chunk, now)
            if first < len(fresh):  # the cursor follows the fresh items (forward only: a killed tick's successor
                last = fresh[min(first + chunk_size, len(fresh)) - 1]  # continues after what it enqueued)
                self._watermarks.move(name, position(moment(last, now), last.booking.booking_id))
        # the watermark: never past an hour still holding a step (enqueued ones are read again until worked)
        held = min((d.hour for d in found), default=None)
        clean = min(held or this_hour, this_hour - timedelta(hours=1))
        if clean > since:
            self._watermarks.advance(name, clean)
        return enqueued, stopped

    def _enqueue(self, check: str, due: Sequence[DueStep], now: datetime) -> int:
        items = self._encode(check, [BookingStep(check, d.booking.booking_id, d.action, d.booking) for d in due])
        at = {d.booking.booking_id: moment(d, now) for d in due}
        if items:
            self._queue.send(self._queue_name, items, [delay_seconds(at[i["booking_id"]], now) for i in items])
        return len(items)


def moment(due: DueStep, now: datetime) -> datetime:
    """The step's moment as the index holds it (a store that does not say: due now)."""
    return due.at or now
