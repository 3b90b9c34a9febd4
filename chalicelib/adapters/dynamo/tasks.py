"""Call tasks per store; the open ones are a Query on a sparse index, closing one drops it from the index."""
from __future__ import annotations

from datetime import datetime

from ...domain.errors import Conflict, NotFound
from ...domain.tasks import CallTask
from .conditional import applied
from .keys import store_key
from .models import CallTaskModel
from .transaction import task_item


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
        done_at=datetime.fromisoformat(m.done_at) if m.done_at else None,
        done_by=m.done_by,
    )


class TaskRepository:
    def __init__(self, page_size: int | None = None) -> None:
        self._page_size = page_size  # None: DynamoDB's own 1 MB pages; every read follows all pages

    def create(self, task: CallTask) -> bool:
        """False when a task with this id exists already (a check that ran twice)."""
        return applied(lambda: task_item(task).save(condition=CallTaskModel.task_id.does_not_exist()))

    def open_for_store(self, chain_id: str, store_id: str) -> list[CallTask]:
        """Due first."""
        items = CallTaskModel.open_by_store.query(store_key(chain_id, store_id), page_size=self._page_size)
        return [_from_model(m) for m in items]

    def close(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime, note: str | None) -> CallTask:
        m = CallTaskModel(store_key(chain_id, store_id), task_id)
        actions = [CallTaskModel.open_key.remove(), CallTaskModel.done_at.set(at.isoformat()), CallTaskModel.done_by.set(by)]
        if note:
            actions.append(CallTaskModel.note.set(note))
        if applied(lambda: m.update(actions=actions, condition=CallTaskModel.task_id.exists() & CallTaskModel.open_key.exists())):
            return _from_model(m)
        try:
            CallTaskModel.get(store_key(chain_id, store_id), task_id)
        except CallTaskModel.DoesNotExist:
            raise NotFound("no such task", field="task_id", code="task_not_found") from None
        raise Conflict("the task is already done", field="task_id", code="task_done")
