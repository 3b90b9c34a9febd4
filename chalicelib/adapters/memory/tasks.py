"""In-memory call tasks: the DynamoDB adapter's contract (open list, closed-per-day list, claims, the
escalation index) on the shared state."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from ...domain.errors import Conflict, NotFound
from ...domain.floor.tasks import CallTask
from .state import MemoryState, close_task


class MemoryTasks:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def create(self, task: CallTask) -> bool:
        with self._state.lock:
            key = (task.chain_id, task.store_id, task.task_id)
            if key in self._state.tasks:
                return False
            self._state.tasks[key] = task
            return True

    def get(self, chain_id: str, store_id: str, task_id: str) -> CallTask:
        with self._state.lock:
            task = self._state.tasks.get((chain_id, store_id, task_id))
        if task is None:
            raise NotFound("no such task", field="task_id", code="task_not_found")
        return task

    def _of_store(self, chain_id: str, store_id: str) -> list[CallTask]:
        with self._state.lock:
            return [t for (c, s, _), t in self._state.tasks.items() if (c, s) == (chain_id, store_id)]

    def open_for_store(self, chain_id: str, store_id: str) -> list[CallTask]:
        return sorted((t for t in self._of_store(chain_id, store_id) if t.is_open), key=lambda t: t.due_at)

    def done_for_store(self, chain_id: str, store_id: str, day: date) -> list[CallTask]:
        with self._state.lock:
            found = [self._state.tasks[k] for k, d in self._state.task_days.items() if k[:2] == (chain_id, store_id) and d == day]
        return sorted(found, key=lambda t: t.done_at or t.created_at)

    def claim(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime) -> CallTask:
        with self._state.lock:
            task = self.get(chain_id, store_id, task_id)
            if not task.is_open:
                raise Conflict("the task is already done", field="task_id", code="task_done")
            if task.assignee not in (None, by):
                raise Conflict(f"the task is claimed by {task.assignee}", field="task_id", code="task_claimed",
                               assignee=task.assignee)
            claimed = replace(task, assignee=by, claimed_at=at)
            self._state.tasks[(chain_id, store_id, task_id)] = claimed
            return claimed

    def close(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime, note: str | None,
              outcome: str = "other", day: date | None = None) -> CallTask:
        with self._state.lock:
            task = self.get(chain_id, store_id, task_id)
            if not task.is_open:
                raise Conflict("the task is already done", field="task_id", code="task_done")
            close_task(self._state, (chain_id, store_id, task_id), at, day or at.date(), by, outcome, note)
            return self._state.tasks[(chain_id, store_id, task_id)]

    def escalation_due(self, since: datetime, now: datetime) -> list[CallTask]:
        first = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        with self._state.lock:
            found = [t for t in self._state.tasks.values()
                     if t.is_open and t.escalated_at is None and first <= t.deadline <= now]
        return sorted(found, key=lambda t: t.deadline)

    def escalate(self, task: CallTask, at: datetime) -> bool:
        with self._state.lock:
            key = (task.chain_id, task.store_id, task.task_id)
            current = self._state.tasks.get(key)
            if current is None or not current.is_open or current.escalated_at is not None:
                return False
            self._state.tasks[key] = replace(current, escalated_at=at)
            return True
