"""Call tasks per store; the open ones are a Query on a sparse index, closing one drops it from the index."""
from __future__ import annotations

from datetime import datetime

from ...domain.errors import Conflict, NotFound
from ...domain.tasks import CallTask
from .conditional import applied
from .models import CallTaskModel


def _store_key(chain_id: str, store_id: str) -> str:
    return f"{chain_id}#{store_id}"


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


def new_task_model(task: CallTask) -> CallTaskModel:
    """The open task's item (alone, or inside the transaction of the check that raises it)."""
    key = _store_key(task.chain_id, task.store_id)
    return CallTaskModel(
        key,
        task.task_id,
        chain_id=task.chain_id,
        store_id=task.store_id,
        kind=task.kind,
        due_at=task.due_at.isoformat(),
        created_at=task.created_at.isoformat(),
        open_key=key,
        customer_name=task.customer_name,
        customer_phone=task.customer_phone,
        booking_id=task.booking_id,
        note=task.note,
    )


class TaskRepository:
    def create(self, task: CallTask) -> bool:
        """False when a task with this id exists already (a check that ran twice)."""
        return applied(lambda: new_task_model(task).save(condition=CallTaskModel.task_id.does_not_exist()))

    def open_for_store(self, chain_id: str, store_id: str) -> list[CallTask]:
        """Due first."""
        return [_from_model(m) for m in CallTaskModel.open_by_store.query(_store_key(chain_id, store_id))]

    def close(self, chain_id: str, store_id: str, task_id: str, by: str, at: datetime, note: str | None) -> CallTask:
        m = CallTaskModel(_store_key(chain_id, store_id), task_id)
        actions = [CallTaskModel.open_key.remove(), CallTaskModel.done_at.set(at.isoformat()), CallTaskModel.done_by.set(by)]
        if note:
            actions.append(CallTaskModel.note.set(note))
        if applied(lambda: m.update(actions=actions, condition=CallTaskModel.task_id.exists() & CallTaskModel.open_key.exists())):
            return _from_model(m)
        try:
            CallTaskModel.get(_store_key(chain_id, store_id), task_id)
        except CallTaskModel.DoesNotExist:
            raise NotFound("no such task", field="task_id", code="task_not_found") from None
        raise Conflict("the task is already done", field="task_id", code="task_done")
