"""Escalation of call tasks left open past their deadline (docs/product-rules.md#call-tasks).

Each run Queries only the hours of deadlines since its watermark (the sparse `task_track` index holds open,
unescalated tasks under the hour of their deadline), marks each task past its deadline escalated (a
conditional write: a run twice, or two at once, escalate a task once), and moves the watermark to the hour
before this one. Cost: one Query per hour since the watermark and one write per task escalated.

Each escalated task tells the store's managers (docs/product-rules.md#wecom-for-staff): the notices are queued
before the escalation's write (the outbox keeps one per task and manager, so a run twice queues them once and a
run that dies after the write has them queued already) and sent by the run that escalated the task; a task
closed meanwhile has its queued notices dropped. Cost: the chain's staff (one Query, kept a minute) per chain
with a task escalated.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import CallTask, escalation_due
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.ports import OutboxStore
from ...domain.ports import Clock, Watermarks
from ..booking.changes import Announcer

CHECK = "task_escalation"
FIRST_LOOKBACK = timedelta(hours=48)  # a complaint's 24 store-hours can span a weekend: its hour is read when due
MAX_LOOKBACK = timedelta(days=14)


class EscalationNotices(Protocol):
    def escalated(self, task: CallTask) -> tuple[OutboxRecord, ...]: ...


class TaskEscalation:
    def __init__(self, tasks: TaskStore, watermarks: Watermarks, clock: Clock, *,
                 notices: EscalationNotices | None = None, outbox: OutboxStore | None = None,
                 announcer: Announcer | None = None) -> None:
        self._tasks, self._watermarks, self._clock = tasks, watermarks, clock
        self._notices, self._outbox, self._announcer = notices, outbox, announcer

    def run(self) -> dict[str, int]:
        now = self._clock.now()
        this_hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        since = self._watermarks.clean_before(CHECK) or this_hour - FIRST_LOOKBACK
        since = max(since, this_hour - MAX_LOOKBACK)
        counts = {"due": 0, "escalated": 0, "stale": 0}
        for task in self._tasks.escalation_due(since, now):
            if not escalation_due(task, now):
                continue
            counts["due"] += 1
            counts["escalated" if self._escalate(task, now) else "stale"] += 1
        self._watermarks.advance(CHECK, this_hour - timedelta(hours=1))
        return counts

    def _escalate(self, task: CallTask, now: datetime) -> bool:
        queued = self._queue(task, now)
        if self._tasks.escalate(task, now):
            for record in queued:
                if self._announcer is not None:
                    self._announcer.deliver_quietly(record.dedupe_key)
            return True
        if queued and self._outbox is not None:
            current = self._tasks.get(task.chain_id, task.store_id, task.task_id)
            if current.escalated_at is None:  # closed meanwhile, not escalated by another run: nothing to tell
                for record in queued:
                    self._outbox.failed(record.dedupe_key, "the task was closed before it was escalated", None)
        return False

    def _queue(self, task: CallTask, now: datetime) -> tuple[OutboxRecord, ...]:
        if self._notices is None or self._outbox is None:
            return ()
        records = self._notices.escalated(task)
        for record in records:
            self._outbox.enqueue(record, now)
        return records
