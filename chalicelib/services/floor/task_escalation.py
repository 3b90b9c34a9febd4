"""Escalation of call tasks left open past their deadline (docs/product-rules.md#call-tasks).

Each run Queries only the hours of deadlines since its watermark (the sparse `task_track` index holds open,
unescalated tasks under the hour of their deadline), marks each task past its deadline escalated (a
conditional write: a run twice, or two at once, escalate a task once), and moves the watermark to the hour
before this one. Cost: one Query per hour since the watermark and one write per task escalated.
"""
from __future__ import annotations

from datetime import UTC, timedelta

from ...domain.floor.ports import TaskStore
from ...domain.floor.tasks import escalation_due
from ...domain.ports import Clock, Watermarks

CHECK = "task_escalation"
FIRST_LOOKBACK = timedelta(hours=48)  # a complaint's 24 store-hours can span a weekend: its hour is read when due
MAX_LOOKBACK = timedelta(days=14)


class TaskEscalation:
    def __init__(self, tasks: TaskStore, watermarks: Watermarks, clock: Clock) -> None:
        self._tasks, self._watermarks, self._clock = tasks, watermarks, clock

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
            counts["escalated" if self._tasks.escalate(task, now) else "stale"] += 1
        self._watermarks.advance(CHECK, this_hour - timedelta(hours=1))
        return counts
