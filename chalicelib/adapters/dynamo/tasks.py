"""Call tasks per store; the open ones are a Query on a sparse index, closing one drops it from the index.
The `task_track` index holds each open task under the UTC hour of its deadline until it is escalated or
closed, and each closed task under its store and day (models/messaging.py)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ...domain.errors import Conflict, NotFound
from ...domain.floor.tasks import CallTask
from .conditional import applied
from .keys import store_key, task_done, task_escalation, utc_iso
from .models import CallTaskModel
from .transaction import close_actions, task_item


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _from_model(m: CallTaskModel) -> CallTask:
    return CallTask(
        chain_id=m.chain_id,
        store_id=m.store_id,
        task_id=m.task_id,
        kind=m.kind,
        due_at=datetime.fromisoformat(m.due_at),
        created_at=datetime.fromisoformat(m.created_at),
        customer_name=m.customer_name,
        customer_phone=m.customer_phone,
        booking_id=m.booking_id,
        note=m.note,
        done_at=_when(m.done_at),
        done_by=m.done_by,
        outcome=m.outcome,
        assignee=m.assignee,
        claimed_at=_when(m.claimed_at),
        escalate_at=_when(m.escalate_at),
        escalated_at=_when(m.escalated_at),
        contact_preference=m.contact_preference,
        call_from=_when(m.call_from),
    )


class TaskRepository:
    def __init__(self, page_size: int | None = None) -> None:
        self._page_size = page_size  # None: DynamoDB's own 1 MB pages; every read follows all pages

    def create(self, task: CallTask) -> bool:
        """False when a task with this id exists already (a check that ran twice)."""
        return applied(lambda: task_item(task).save(condition=CallTaskModel.task_id.does_not_exist()))

    def get(self, chain_id: str, store_id: str, task_id: str) -> CallTask:
        try:
            return _from_model(CallTaskModel.get(store_key(chain_id, store_id), task_id, consistent_read=True))
        except CallTaskModel.DoesNotExist:
            raise NotFound("no such task", field="task_id", code="task_not_found") from None

    def open_for_store(self, chain_id: str, store_id: str) -> list[CallTask]:
        """Due first."""
        items = CallTaskModel.open_by_store.query(store_key(chain_id, store_id), page_size=self._page_size)
        return [_from_model(m) for m in items]

    def done_for_store(self, chain_id: str, store_id: str, day: date) -> list[CallTask]:
        """The tasks closed on a store-local day, in the order they were closed: one Query."""
        items = CallTaskModel.task_track.query(task_done(chain_id, store_id, day), page_size=self._page_size)
        return [_from_model(m) for m in items]

    def claim(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime) -> CallTask:
        """An open task, unclaimed or already this person's, becomes theirs."""
        m = CallTaskModel(store_key(chain_id, store_id), task_id)
        mine = CallTaskModel.assignee.does_not_exist() | (CallTaskModel.assignee == by)
        actions = [CallTaskModel.assignee.set(by), CallTaskModel.claimed_at.set(at.isoformat())]
        if applied(lambda: m.update(actions=actions, condition=CallTaskModel.open_key.exists() & mine)):
            return _from_model(m)
        self._refuse(self.get(chain_id, store_id, task_id))
        raise AssertionError("unreachable")

    def close(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime, note: str | None,
              outcome: str = "other", day: date | None = None) -> CallTask:
        m = CallTaskModel(store_key(chain_id, store_id), task_id)
        actions = close_actions(chain_id, store_id, at, day or at.date(), by, outcome, note)
        if applied(lambda: m.update(actions=actions, condition=CallTaskModel.task_id.exists() & CallTaskModel.open_key.exists())):
            return _from_model(m)
        self.get(chain_id, store_id, task_id)
        raise Conflict("the task is already done", field="task_id", code="task_done")

    def escalation_due(self, since: datetime, now: datetime) -> list[CallTask]:
        """Open, unescalated tasks whose deadline is past: one Query per UTC hour from `since` to now."""
        found: list[CallTask] = []
        hour = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        while hour <= now:
            items = CallTaskModel.task_track.query(task_escalation(hour), CallTaskModel.track_at <= utc_iso(now),
                                                   page_size=self._page_size)
            found += [_from_model(m) for m in items]
            hour += timedelta(hours=1)
        return found

    def escalate(self, task: CallTask, at: datetime) -> bool:
        """Mark an open task escalated (out of the escalation index); False if it was closed or escalated meanwhile."""
        m = CallTaskModel(store_key(task.chain_id, task.store_id), task.task_id)
        actions = [CallTaskModel.escalated_at.set(at.isoformat()), CallTaskModel.track_key.remove(),
                   CallTaskModel.track_at.remove()]
        condition = CallTaskModel.open_key.exists() & CallTaskModel.escalated_at.does_not_exist()
        return applied(lambda: m.update(actions=actions, condition=condition))

    @staticmethod
    def _refuse(task: CallTask) -> None:
        if not task.is_open:
            raise Conflict("the task is already done", field="task_id", code="task_done")
        raise Conflict(f"the task is claimed by {task.assignee}", field="task_id", code="task_claimed",
                       assignee=task.assignee)
