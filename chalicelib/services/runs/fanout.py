"""Fan-out of the scheduled checks: a schedule tick dispatches, workers do the items.

- The **dispatcher** (one per tick) of a booking check reads each shard of the due index on its own (in
  parallel), within the tick's time budget, after the shard's cursor, and enqueues one work item per due
  booking on the `checks` queue, each delayed to its moment when read ahead (services/runs/dispatch.py,
  decision 0022). Each shard keeps its own watermark ("<check>#<shard>"), moved past the hours that held
  nothing due: an hour whose items were enqueued is read again until the workers have moved them on, and
  an item still there well after its moment is enqueued again (a repeated item is harmless: the worker
  finds its step done). A crash mid-run therefore loses nothing; no message is ever sent twice (the
  booking's version and the outbox claim see to that). The outbox retry run enqueues one item per due
  message on the `send` queue, at most `dispatch_limit` a tick. A job (the daily report, the lapse run)
  keeps a cursor of what it enqueued: the next tick continues after it, so a limit delays a job's items but
  never starves the ones behind the first `dispatch_limit`.
- The **workers** (SQS batches of a configured size) re-read each booking, decide its step and commit it
  through the unit of work; the messages a step queues go to the `send` queue, whose workers send them in
  parallel (at most `senders` at once per invocation). One item never holds up the others
  (services/runs/batches.py): a worker answers which items to redeliver (SQS's batch item failures), parks
  an item that would fail again with its error, and `redrive` puts parked items back after a fix.
- Every item is typed and versioned (domain/runs/work_items.py); the dispatcher encodes item by item, so an
  item that cannot be encoded is parked, not the tick.
- **Per-chain cap on sending.** The `send` queue is grouped (FIFO): each message goes to one of its chain's
  `groups_per_chain` groups, SQS never hands out two items of one group at once, and a worker sends one
  group's items one after the other. However many workers run, at most `groups_per_chain` messages of one
  chain are being sent at any moment, which keeps a chain's WeChat apps inside their rate limits and its
  shared access token from being fetched by a crowd; other chains are not held up by a busy one.
- `run` is dispatch, then drain every queue in-process: the local stack and the tests take the real path.
"""
from __future__ import annotations

import logging
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from typing import Protocol

from ...domain.booking.ports import BookingStore
from ...domain.codec import BadWorkItem
from ...domain.messaging.ports import OutboxStore
from ...domain.ports import Clock, Metrics, NoMetrics, Parked, Watermarks, WorkQueue
from ...domain.runs import outbox_reach
from ...domain.runs.dispatch_plan import DispatchPlan
from ...domain.runs.failures import BAD_ITEM
from ...domain.runs.work_items import BookingStep, JobStep, SendStep, decode_check, decode_send, encode_check, encode_send
from ..followup.checks import BOOKING_CHECKS, BookingChecks
from ..messaging.notify import Notifier
from .batches import BatchResult, run_batch
from .dispatch import BookingDispatcher

log = logging.getLogger(__name__)
CHECK_QUEUE = "checks"  # one booking's due step: {"check", "booking_id", "action", "booking" (the index's copy)}
SEND_QUEUE = "send"  # one outbox message to send: {"dedupe_key"}
QUEUES = (CHECK_QUEUE, SEND_QUEUE)
GROUPED = frozenset({SEND_QUEUE})  # FIFO: items carry a "group", one group's items never in flight at once
GROUPS_PER_CHAIN = 8  # messages of one chain being sent at once, whatever the number of workers
DISPATCH_LIMIT = 20_000  # items one outbox or job tick enqueues at most (a job's cursor continues after them)
DISPATCHERS = 8  # shards read at once by one booking check's tick (the stage's scale table sets it)
SEND_BATCH = 10  # SQS's SendMessageBatch limit
SENDERS = 8  # messages one send worker sends at once (its function's reserved concurrency multiplies it)


def send_item(dedupe_key: str, *, attempt: int = 0, groups_per_chain: int = GROUPS_PER_CHAIN) -> dict[str, str]:
    """A message's work item. Its group: one of its chain's (an outbox key begins with the chain id), spread
    by key; `attempt` tells a later try from a repeat of the same one (the queue takes a repeat once)."""
    chain_id = dedupe_key.split("#", 1)[0]
    group = zlib.crc32(dedupe_key.encode()) % groups_per_chain
    return encode_send(SendStep(dedupe_key, f"{chain_id}#{group}", attempt))


def dispatch_plan(settings: DispatchSettings) -> DispatchPlan:
    """The booking checks' dispatch plan from the stage's settings (its scale table, through the environment)."""
    return DispatchPlan(lookahead=timedelta(seconds=settings.dispatch_lookahead_s),
                        redispatch_after=timedelta(seconds=settings.redispatch_after_s),
                        budget=timedelta(seconds=settings.dispatch_budget_s))


class DispatchSettings(Protocol):
    @property
    def dispatch_lookahead_s(self) -> int: ...
    @property
    def redispatch_after_s(self) -> int: ...
    @property
    def dispatch_budget_s(self) -> int: ...


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
    """What a worker's committed change queued is sent by the send workers, not inline. Inside `batched()` (a
    worker's batch) the items are held and sent ten to a SendMessageBatch call; an item that never reaches
    the queue (the worker died first, SQS refused) is in the outbox, due now: the outbox run enqueues it."""

    def __init__(self, queue: WorkQueue, groups_per_chain: int = GROUPS_PER_CHAIN) -> None:
        self._queue, self._groups = queue, groups_per_chain
        self._lock = threading.Lock()
        self._held: list[dict[str, str]] = []
        self._depth = 0

    def deliver_quietly(self, dedupe_key: str) -> None:
        item = send_item(dedupe_key, groups_per_chain=self._groups)
        with self._lock:
            if self._depth:
                self._held.append(item)
                full = len(self._held) >= SEND_BATCH
                ready, self._held = (self._held, []) if full else ([], self._held)
            else:
                ready = [item]
        if ready:
            self._send(ready)

    @contextmanager
    def batched(self) -> Iterator[None]:
        with self._lock:
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                ready, self._held = (self._held, []) if not self._depth else ([], self._held)
            if ready:
                self._send(ready)

    def _send(self, items: list[dict[str, str]]) -> None:
        try:
            self._queue.send(SEND_QUEUE, items)
        except Exception:  # the messages are in the outbox, due now: the outbox run enqueues them
            log.exception("%d messages left for the outbox run", len(items))


class FanOut:
    def __init__(self, bookings: BookingStore, outbox: OutboxStore, watermarks: Watermarks, queue: WorkQueue,
                 checks: BookingChecks, notifier: Notifier, clock: Clock, *,
                 dispatch_limit: int = DISPATCH_LIMIT, senders: int = SENDERS,
                 groups_per_chain: int = GROUPS_PER_CHAIN, jobs: Mapping[str, FannedJob] | None = None,
                 metrics: Metrics | None = None, plan: DispatchPlan | None = None, dispatchers: int = DISPATCHERS,
                 announcers: Sequence[QueueAnnouncer] = (), check_parallel: int = SENDERS) -> None:
        self._bookings, self._outbox, self._watermarks, self._queue = bookings, outbox, watermarks, queue
        self._metrics = metrics or NoMetrics()
        self._checks, self._notifier, self._clock = checks, notifier, clock
        self._limit, self._senders, self._groups = dispatch_limit, senders, groups_per_chain
        self._check_parallel = check_parallel
        self._jobs = dict(jobs or {})
        self._announcers = tuple(announcers)  # held while a batch is worked, then sent ten to a call
        self._booking_dispatch = BookingDispatcher(
            bookings, watermarks, queue, clock, CHECK_QUEUE, lambda check, steps: self._encoded(CHECK_QUEUE, check, steps),
            plan or DispatchPlan(), dispatchers)

    # --- the dispatcher -------------------------------------------------------------------------------
    def dispatch(self, check: str) -> dict[str, int]:
        if check == "outbox":
            return self._dispatch_outbox()
        if check in self._jobs:
            return self._dispatch_job(check)
        if check not in BOOKING_CHECKS:
            raise ValueError(f"no dispatcher for {check!r}")
        return self._booking_dispatch.dispatch(check)

    def _dispatch_job(self, check: str) -> dict[str, int]:
        job = self._jobs[check]
        pages = (self._encoded(CHECK_QUEUE, check, [JobStep(check, item) for item in page]) for page in job.due_items())
        return self._enqueue_pages(CHECK_QUEUE, pages, job.enqueued)

    def _encoded(self, queue: str, check: str, steps: Sequence[BookingStep | JobStep]) -> list[dict[str, str]]:
        """Each step encoded on its own: one that cannot be is parked with its error (and without the copy it
        could not carry, so a redrive reads the booking afresh), and the others go."""
        items, bad = [], []
        for step in steps:
            try:
                items.append(encode_check(step))
            except BadWorkItem as error:
                log.exception("a %s item could not be encoded", check)
                bare = step if isinstance(step, JobStep) else BookingStep(step.check, step.booking_id, step.action)
                bad.append(Parked(encode_check(bare), str(error), BAD_ITEM, check))
        if bad:
            self._queue.park(queue, bad)
        return items

    def _dispatch_outbox(self) -> dict[str, int]:
        """Every message due, back to where the last complete run was clean (domain/runs/outbox_reach.py)."""
        now = self._clock.now()
        clean = self._watermarks.clean_before(outbox_reach.MARK)
        back = outbox_reach.days_back(now, clean)
        pages = ([send_item(r.dedupe_key, attempt=r.attempts, groups_per_chain=self._groups) for r in page]
                 for page in self._outbox.due_pages(now, back))
        counts = self._enqueue_pages(SEND_QUEUE, pages)
        mark = outbox_reach.clean_after_full_read(now)
        if counts["enqueued"] < self._limit and (clean is None or clean < mark):  # read to the end: nothing older
            self._watermarks.advance(outbox_reach.MARK, mark)  # is left unread (one write a day when on time)
        return counts

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
    def handle(self, queue: str, bodies: Sequence[dict[str, str]]) -> BatchResult:
        """One worker invocation's batch: which items to redeliver; the others are done or parked."""
        if queue not in QUEUES:
            raise ValueError(f"no worker for queue {queue!r}")
        work: Callable[[dict[str, str]], str] = self._check_item if queue == CHECK_QUEUE else self._send_item
        with ExitStack() as held:
            for announcer in self._announcers:
                held.enter_context(announcer.batched())
            return run_batch(queue, bodies, work, parked_to=self._queue, metrics=self._metrics,
                             check_of=self._check_of,
                             parallel=self._check_parallel if queue == CHECK_QUEUE else self._senders)

    def _check_of(self, body: dict[str, str]) -> str:
        """The check an item belongs to, for counting its failure (one of a fixed set: a metric dimension)."""
        if "dedupe_key" in body:
            return "outbox"
        check = body.get("check")
        return check if check in BOOKING_CHECKS or check in self._jobs else "unknown"

    def _check_item(self, body: dict[str, str]) -> str:
        item = decode_check(body)
        if isinstance(item, JobStep):
            if item.check not in self._jobs:
                raise BadWorkItem(f"no job {item.check!r}")
            return self._jobs[item.check].work(dict(item.fields))
        if item.check not in BOOKING_CHECKS:
            raise BadWorkItem(f"no booking check {item.check!r}")
        return self._checks.work(item.check, item.booking_id, item.action, item.booking)

    def _send_item(self, body: dict[str, str]) -> str:
        return self._notifier.deliver(decode_send(body).dedupe_key).status

    def drain(self, batch: int = 10, max_batches: int = 100_000) -> dict[str, int]:
        """Run the workers in-process until every queue is empty (the local stack; SQS short-polled). What a
        batch leaves for redelivery stays undeleted: back after the visibility timeout, as SQS redelivers."""
        counts: Counter[str] = Counter()
        for _ in range(max_batches):
            received = 0
            for queue in QUEUES:
                items = self._queue.receive(queue, batch)
                received += len(items)
                if not items:
                    continue
                try:
                    result = self.handle(queue, [i.body for i in items])
                except Exception:  # the worker died: its batch is left undeleted, back after the visibility timeout
                    log.exception("a %s batch failed", queue)
                    counts["failed_batches"] += 1
                    continue
                counts.update(result.counts)
                retry = set(result.retry)
                self._queue.delete(queue, [i.receipt for n, i in enumerate(items) if n not in retry])
            if not received:
                break
        return dict(counts)

    def redrive(self, queue: str, *, check: str | None = None, limit: int = 10_000) -> dict[str, int]:
        """Put parked items (of one check, or all) back on their queue, after the fix."""
        moved = left = 0
        while moved + left < limit and (found := self._queue.parked(queue, min(10, limit - moved - left))):
            back = [p for p in found if check is None or p.item.check == check]
            left += len(found) - len(back)
            if back:  # marked, so the FIFO queue does not take it for a repeat of the item it once was
                self._queue.send(queue, [{**p.item.body, "redrive": self._clock.now().isoformat()} for p in back])
                self._queue.unpark(queue, [p.receipt for p in back])
                moved += len(back)
        return {"redriven": moved, "passed_over": left}

    def parked(self, queue: str, limit: int = 100) -> list[Parked]:
        """The parked items with their errors (each hidden from the next look for its visibility timeout)."""
        return [p.item for p in self._queue.parked(queue, limit)]

    def run(self, check: str) -> dict[str, int]:
        """Dispatch and drain: what a tick and its workers do, in one call."""
        counts = self.dispatch(check)
        counts.update(self.drain())
        return counts
