"""The in-memory fakes' one shared store: dicts behind one lock, so that every fake write is atomic and
isolated as DynamoDB's are, and a unit of work can touch several "tables" all or nothing."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from ...domain.booking.booking import Booking
from ...domain.booking.change import Agenda
from ...domain.floor.tasks import CallTask
from ...domain.messaging.outbox import OutboxRecord


@dataclass
class StoredBooking:
    booking: Booking
    agenda: Agenda | None


@dataclass
class StoredMessage:
    record: OutboxRecord
    next_attempt_at: datetime
    due: bool = True  # still to send: in the due index
    claimed_until: datetime | None = None


@dataclass
class MemoryState:
    lock: threading.RLock = field(default_factory=threading.RLock)
    bookings: dict[str, StoredBooking] = field(default_factory=dict)
    counters: dict[tuple[str, str, date, str], float] = field(default_factory=dict)  # (chain, store, day, counter)
    idempotency: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    customers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    vehicles: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    outbox: dict[str, StoredMessage] = field(default_factory=dict)
    tasks: dict[tuple[str, str, str], CallTask] = field(default_factory=dict)
    task_days: dict[tuple[str, str, str], date] = field(default_factory=dict)  # closed tasks: the day closed
    watermarks: dict[str, datetime] = field(default_factory=dict)
    cursors: dict[str, str] = field(default_factory=dict)
    coupon_uses: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (chain, coupon, customer): claimed
    writes: int = 0  # committed writes, for tests that count them
    webhook_events: dict[str, tuple[Any, bool]] = field(default_factory=dict)  # event id -> (WebhookEvent, still due)


def put_message(state: MemoryState, record: OutboxRecord, now: datetime) -> None:
    """A new message, due at once (the caller checked it does not exist)."""
    record = record if record.created_at else replace(record, created_at=now.isoformat())
    state.outbox[record.dedupe_key] = StoredMessage(record, next_attempt_at=now)


def close_task(state: MemoryState, key: tuple[str, str, str], at: datetime, day: date, by: str, outcome: str,
               note: str | None) -> None:
    """Close an open task (the caller checked it is open) and file it under the day it was closed."""
    task = state.tasks[key]
    state.tasks[key] = replace(task, done_at=at, done_by=by, outcome=outcome, note=note or task.note)
    state.task_days[key] = day
