"""Fan-out of the scheduled checks: a schedule tick dispatches, workers do the items.

- The **dispatcher** (one per tick) reads the due index page by page, each shard on its own (in parallel),
  and enqueues one work item per due booking on the `checks` queue (the outbox retry run: one per due
  message on the `send` queue). Each shard keeps its own watermark ("<check>#<shard>"), moved past the
  hours that held nothing due: an hour whose items were enqueued is read again on the next tick until the
  workers have moved them on (a repeated item is harmless: the worker finds its step done).
  A crash mid-run therefore loses nothing; no message is ever sent twice (the booking's version and the
  outbox claim see to that). A tick enqueues at most `dispatch_limit` items; the rest waits for the next.
  A job (the daily report, the lapse run) keeps a cursor of what it enqueued: the next tick continues after
  it, so a limit delays a job's items but never starves the ones behind the first `dispatch_limit`.
- The **workers** (SQS batches of a configured size) re-read each booking, decide its step and commit it
  through the unit of work; the messages a step queues go to the `send` queue, whose workers send them in
  parallel (at most `senders` at once per invocation). A worker raises if any item failed, so the batch
  is redelivered (every item is idempotent).
- **Per-chain cap on sending.** The `send` queue is grouped (FIFO): each message goes to one of its chain's
  `groups_per_chain` groups, SQS never hands out two items of one group at once, and a worker sends one
  group's items one after the other. However many workers run, at most `groups_per_chain` messages of one
  chain are being sent at any moment, which keeps a chain's WeChat apps inside their rate limits and its
  shared access token from being fetched by a crowd; other chains are not held up by a busy one.
- `run` is dispatch, then drain every queue in-process: the local stack and the tests take the real path.
"""
from __future__ import annotations

import logging
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ...domain.booking.codec import decode_booking, encode_booking
from ...domain.booking.ports import BookingStore
from ...domain.messaging.ports import OutboxStore
from ...domain.ports import Clock, Watermarks, WorkQueue
from ..followup.checks import BOOKING_CHECKS, FIRST_LOOKBACK, MAX_LOOKBACK, BookingChecks
from ..messaging.notify import Notifier

log = logging.getLogger(__name__)
CHECK_QUEUE = "checks"  # one booking's due step: {"check", "booking_id", "action", "booking" (the index's copy)}
SEND_QUEUE = "send"  # one outbox message to send: {"dedupe_key"}
QUEUES = (CHECK_QUEUE, SEND_QUEUE)
GROUPED = frozenset({SEND_QUEUE})  # FIFO: items carry a "group", one group's items never in flight at once
GROUPS_PER_CHAIN = 8  # messages of one chain being sent at once, whatever the number of workers
DISPATCH_LIMIT = 20_000  # items one tick enqueues at most
SENDERS = 8  # messages one send worker sends at once (its function's reserved concurrency multiplies it)


def send_item(dedupe_key: str, *, attempt: int = 0, groups_per_chain: int = GROUPS_PER_CHAIN) -> dict[str, str]:
    """A message's work item. Its group: one of its chain's (an outbox key begins with the chain id), spread
    by key; `attempt` tells a later try from a repeat of the same one (the queue takes a repeat once)."""
    chain_id = dedupe_key.split("#", 1)[0]
    group = zlib.crc32(dedupe_key.encode()) % groups_per_chain
    return {"dedupe_key": dedupe_key, "group": f"{chain_id}#{group}", "attempt": str(attempt)}


class FannedJob(Protocol):
    """A check that is not about bookings (the daily report per store, lapse stages and vehicle invitations per
    customer or vehicle), fanned out the same way: the dispatcher enqueues its due items, a worker does each."""

    def due_items(self) -> Iterator[list[dict[str, str]]]:
        """What is due now, a page at a time; each item names what a worker needs to do it alone."""
        ...

    def work(self, item: dict[str, str]) -> str:
        """Do one item (idempotent: a repeated item changes nothing); the outcome is counted by name."""
        ...

    def enqueued(self, items: list[dict[str, str]]) -> None:
        """These items of a page (its first ones, in order) are on the queue: the job moves its cursor past
        them, so the next tick continues after them even when this one stops at the limit (or is killed)."""
        ...


class QueueAnnouncer:
    """What a worker's committed change queued is sent by the send workers, not inline."""

    def __init__(self, queue: WorkQueue, groups_per_chain: int = GROUPS_PER_CHAIN) -> None:
        self._queue, self._groups = queue, groups_per_chain

    def deliver_quietly(self, dedupe_key: str) -> None:
        try:
            self._queue.send(SEND_QUEUE, [send_item(dedupe_key, groups_per_chain=self._groups)])
        except Exception:  # the message is in the outbox, due now: the outbox run enqueues it
            log.exception("message %s left for the outbox run", dedupe_key)


class FanOut:
    def __init__(self, bookings: BookingStore, outbox: OutboxStore, watermarks: Watermarks, queue: WorkQueue,
                 checks: BookingChecks, notifier: Notifier, clock: Clock, *,
                 dispatch_limit: int = DISPATCH_LIMIT, senders: int = SENDERS,
                 groups_per_chain: int = GROUPS_PER_CHAIN, jobs: Mapping[str, FannedJob] | None = None) -> None:
        self._bookings, self._outbox, self._watermarks, self._queue = bookings, outbox, watermarks, queue
        self._checks, self._notifier, self._clock = checks, notifier, clock
        self._limit, self._senders, self._groups = dispatch_limit, senders, groups_per_chain
        self._jobs = dict(jobs or {})

    # --- the dispatcher -------------------------------------------------------------------------------
    def dispatch(self, check: str) -> dict[str, int]:
        if check == "outbox":
            return self._dispatch_outbox()
        if check in self._jobs:
            return self._dispatch_job(check)
        if check not in BOOKING_CHECKS:
            raise ValueError(f"no dispatcher for {check!r}")
        shards = self._bookings.due_shards()
        budget = max(1, self._limit // shards)
        now = self._clock.now()
        with ThreadPoolExecutor(max_workers=min(8, shards)) as pool:
            enqueued = sum(pool.map(lambda shard: self._dispatch_shard(check, shard, now, budget), range(shards)))
        return {"enqueued": enqueued}

    def _since(self, check: str, shard: int, this_hour: datetime) -> datetime:
        since = (self._watermarks.clean_before(f"{check}#{shard}") or self._watermarks.clean_before(check)
                 or this_hour - FIRST_LOOKBACK)
        return max(since, this_hour - MAX_LOOKBACK)

    def _dispatch_shard(self, check: str, shard: int, now: datetime, budget: int) -> int:
        """Hour by hour, page by page; the shard's watermark then moves to the first hour it enqueued from
        (those items are read again until the workers have moved them on), or to the hour before this one."""
        this_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        since = self._since(check, shard, this_hour)
        hour, enqueued, pending = since, 0, None
        while hour <= now and enqueued < budget:
            for page in self._bookings.due_pages(check, shard, hour, now):
                # at most the budget; the rest of the page is found again on the next tick
                items = [{"check": check, "booking_id": d.booking.booking_id, "action": d.action,
                          "booking": encode_booking(d.booking)} for d in page[: budget - enqueued]]
                if items:
                    self._queue.send(CHECK_QUEUE, items)
                    enqueued, pending = enqueued + len(items), pending or hour
                if enqueued >= budget:
                    break
            hour += timedelta(hours=1)
        clean = min(pending or hour, this_hour - timedelta(hours=1))  # never closer than an hour to now
        if clean > since:
            self._watermarks.advance(f"{check}#{shard}", clean)
        return enqueued

    def _dispatch_job(self, check: str) -> dict[str, int]:
        job = self._jobs[check]
        pages = ([{**item, "check": check} for item in page] for page in job.due_items())
        return self._enqueue_pages(CHECK_QUEUE, pages, job.enqueued)

    def _dispatch_outbox(self) -> dict[str, int]:
        pages = ([send_item(r.dedupe_key, attempt=r.attempts, groups_per_chain=self._groups) for r in page]
                 for page in self._outbox.due_pages(self._clock.now()))
        return self._enqueue_pages(SEND_QUEUE, pages)

    def _enqueue_pages(self, queue: str, pages: Iterator[list[dict[str, str]]],
                       sent: Callable[[list[dict[str, str]]], None] | None = None) -> dict[str, int]:
        """Page by page up to the limit, one page in memory at a time; what is left is due again next tick
        (a job's, after the cursor that `sent` moves once each page's items are on the queue)."""
        enqueued = 0
        for page in pages:
            items = page[: self._limit - enqueued]
            self._queue.send(queue, items)
            if sent is not None and items:
                sent(items)
            enqueued += len(items)
            if enqueued >= self._limit:
                break
        return {"enqueued": enqueued}

    # --- the workers ----------------------------------------------------------------------------------
    def handle(self, queue: str, bodies: Sequence[dict[str, str]]) -> dict[str, int]:
        """One worker invocation's batch. Raises if any item failed: the whole batch comes back."""
        work: Callable[[dict[str, str]], str] = self._check_item if queue == CHECK_QUEUE else self._send_item
        if queue not in QUEUES:
            raise ValueError(f"no worker for queue {queue!r}")
        lanes: dict[str, list[dict[str, str]]] = defaultdict(list)  # one group's items one after the other
        for n, body in enumerate(bodies):
            lanes[body.get("group") or str(n)].append(body)
        guarded = _guarded(work)
        with ThreadPoolExecutor(max_workers=max(1, min(self._senders, len(lanes)))) as pool:
            outcomes = [o for lane in pool.map(lambda items: [guarded(b) for b in items], lanes.values()) for o in lane]
        counts = dict(Counter(outcomes))
        if counts.get("error"):
            raise RuntimeError(f"{counts['error']} of {len(bodies)} items of {queue} failed: {counts}")
        return counts

    def _check_item(self, body: dict[str, str]) -> str:
        if body["check"] in self._jobs:
            return self._jobs[body["check"]].work(body)
        copy = decode_booking(body["booking"]) if body.get("booking") else None
        return self._checks.work(body["check"], body["booking_id"], body["action"], copy)

    def _send_item(self, body: dict[str, str]) -> str:
        return self._notifier.deliver(body["dedupe_key"]).status

    def drain(self, batch: int = 10, max_batches: int = 100_000) -> dict[str, int]:
        """Run the workers in-process until every queue is empty (the local stack; SQS short-polled)."""
        counts: Counter[str] = Counter()
        for _ in range(max_batches):
            received = 0
            for queue in QUEUES:
                items = self._queue.receive(queue, batch)
                received += len(items)
                if not items:
                    continue
                try:
                    counts.update(self.handle(queue, [i.body for i in items]))
                except Exception:  # left undeleted: back after the visibility timeout, as SQS redelivers
                    log.exception("a %s batch failed", queue)
                    counts["failed_batches"] += 1
                    continue
                self._queue.delete(queue, [i.receipt for i in items])
            if not received:
                break
        return dict(counts)

    def run(self, check: str) -> dict[str, int]:
        """Dispatch and drain: what a tick and its workers do, in one call."""
        counts = self.dispatch(check)
        counts.update(self.drain())
        return counts


def _guarded(work: Callable[[dict[str, str]], str]) -> Callable[[dict[str, str]], str]:
    def run(body: dict[str, str]) -> str:
        try:
            return work(body)
        except Exception:
            log.exception("work item %s failed", body)
            return "error"

    return run
