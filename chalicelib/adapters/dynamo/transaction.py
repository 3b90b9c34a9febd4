"""One TransactWriteItems with a role per item, so that a refusal can say which condition failed.

Every multi-item write of this code goes through it: the booking unit of work, the lapse and invitation
claims. The outbox message and the call task an item causes are put the same way everywhere.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, datetime

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ...domain.floor.tasks import TASK_RETENTION, CallTask
from ...domain.messaging.outbox import OUTBOX_RETENTION, OutboxRecord
from .keys import customer_key, instant, outbox_due, store_key, task_done, task_escalation, utc_iso
from .models import CallTaskModel, OutboxModel

MAX_ATTEMPTS = 4
_RETRYABLE = ("TransactionConflictException", "ThrottlingException", "ProvisionedThroughputExceededException")


def outbox_item(record: OutboxRecord, now: datetime) -> OutboxModel:
    """The message's item, due at once."""
    return OutboxModel(
        record.dedupe_key,
        chain_id=record.chain_id,
        store_id=record.store_id,
        customer_id=record.customer_id,
        booking_id=record.booking_id,
        kind=record.kind,
        status="pending",
        context=record.context,
        created_at=now.isoformat(),
        next_attempt_at=instant(now),
        due_day=outbox_due(now, record.dedupe_key),
        customer_key=customer_key(record.chain_id, record.customer_id),
        expires_at=now + OUTBOX_RETENTION,
    )


def task_item(task: CallTask) -> CallTaskModel:
    """The open task's item; only open tasks carry open_key, the sparse index of the call list."""
    key = store_key(task.chain_id, task.store_id)
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
        escalate_at=task.escalate_at.isoformat() if task.escalate_at else None,
        contact_preference=task.contact_preference,
        call_from=task.call_from.isoformat() if task.call_from else None,
        track_key=task_escalation(task.deadline),
        track_at=utc_iso(task.deadline),
    )


def close_actions(chain_id: str, store_id: str, at: datetime, day: date, by: str, outcome: str,
                  note: str | None) -> list[Action]:
    """What closing a task writes: out of the open list and the escalation index, onto the day's closed list."""
    actions = [CallTaskModel.open_key.remove(), CallTaskModel.done_at.set(at.isoformat()), CallTaskModel.done_by.set(by),
               CallTaskModel.outcome.set(outcome), CallTaskModel.track_key.set(task_done(chain_id, store_id, day)),
               CallTaskModel.track_at.set(utc_iso(at)), CallTaskModel.expires_at.set(at + TASK_RETENTION)]
    if note:
        actions.append(CallTaskModel.note.set(note))
    return actions


class Transaction:
    """PynamoDB sends condition checks, deletes, puts and updates in that order, whatever order they were
    added in; DynamoDB's cancellation reasons follow the sent order, so the roles must too."""

    _ORDER = ("check", "delete", "put", "update")

    def __init__(self, tx: TransactWrite) -> None:
        self._tx = tx
        self._roles: dict[str, list[str]] = {kind: [] for kind in self._ORDER}

    def put(self, role: str, model: Model, condition: Condition | None = None) -> None:
        self._tx.save(model, condition=condition)
        self._roles["put"].append(role)

    def update(self, role: str, model: Model, actions: list[Action], condition: Condition | None = None) -> None:
        self._tx.update(model, actions=actions, condition=condition)
        self._roles["update"].append(role)

    def delete(self, role: str, model: Model) -> None:
        self._tx.delete(model)
        self._roles["delete"].append(role)

    def put_message(self, record: OutboxRecord, now: datetime) -> None:
        """A message exists once: a second put of the same event's message fails its condition."""
        self.put("outbox", outbox_item(record, now), OutboxModel.dedupe_key.does_not_exist())

    def put_task(self, task: CallTask) -> None:
        self.put("task", task_item(task), CallTaskModel.task_id.does_not_exist())

    def close_task(self, chain_id: str, store_id: str, task_id: str, at: datetime, day: date, by: str, outcome: str,
                   note: str | None) -> None:
        self.update("close_task", CallTaskModel(store_key(chain_id, store_id), task_id),
                    close_actions(chain_id, store_id, at, day, by, outcome, note), CallTaskModel.open_key.exists())

    def roles(self) -> list[str]:
        return [role for kind in self._ORDER for role in self._roles[kind]]


def run(connection: Connection, build: Callable[[Transaction], None], sleep: Callable[[float], None] = time.sleep) -> list[str]:
    """Commit the transaction `build` describes, retrying DynamoDB's transaction conflicts and throttling;
    the roles whose condition failed (empty: committed)."""
    for attempt in range(MAX_ATTEMPTS):
        tx: Transaction | None = None
        try:
            with TransactWrite(connection=connection) as raw:  # commits on leaving the block
                tx = Transaction(raw)
                build(tx)
            return []
        except TransactWriteError as exc:
            codes = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in codes and tx is not None:
                return [role for role, code in zip(tx.roles(), codes, strict=False) if code == "ConditionalCheckFailed"]
            retryable = "TransactionConflict" in codes or exc.cause_response_code in _RETRYABLE
            if not retryable or attempt == MAX_ATTEMPTS - 1:
                raise
            sleep(random.uniform(0.01, 0.05) * (2**attempt))
    raise AssertionError("unreachable")
