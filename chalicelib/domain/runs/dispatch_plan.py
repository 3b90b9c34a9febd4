"""What a booking check's dispatcher enqueues from one shard on one tick, as pure rules (decision 0022).

- **Look-ahead.** A tick reads the steps due up to `now + lookahead` and gives each the SQS delivery delay
  that makes it visible at its moment (SQS delays at most 15 minutes), so a busy minute's items are already
  on the queue when it comes and the dispatcher's own time is off the path from the moment to the send.
- **Cursor.** Each shard keeps the position (next_at, booking id) of the last item it enqueued: the next
  tick continues after it instead of enqueueing again what is on the queue already, so a tick that stops at
  its time budget is continued, never started over (no tail is starved by a head enqueued again and again).
- **Overdue again.** A step behind the cursor still in the index `redispatch_after` past its moment is
  enqueued again, after the fresh ones: the safety net for a step whose item was lost, parked or found stale, or filed afresh
  behind the cursor (a booking moved after the tick read its hour). A repeat is harmless (the worker finds
  the step done); it costs one refused write.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

MAX_DELAY_S = 900  # SQS DelaySeconds' upper bound
CURSOR_SEP = "|"


@dataclass(frozen=True)
class DispatchPlan:
    """One tick's settings (from the stage's scale table, through the app's environment)."""

    lookahead: timedelta = timedelta(0)
    redispatch_after: timedelta = timedelta(minutes=2)
    budget: timedelta = timedelta(seconds=50)  # a tick's time for dispatching, below its function's timeout
    chunk: int = 100  # items enqueued between looks at the clock (ten SendMessageBatch calls)

    def __post_init__(self) -> None:
        if not timedelta(0) <= self.lookahead <= timedelta(seconds=MAX_DELAY_S - 60):
            raise ValueError(f"a look-ahead of 0 to {MAX_DELAY_S - 60} s (SQS delays at most {MAX_DELAY_S} s)")
        if self.chunk < 1:
            raise ValueError("at least one item between looks at the clock")
        if self.redispatch_after < timedelta(minutes=1):
            raise ValueError("items are enqueued again no sooner than a minute after their moment")

    def horizon(self, now: datetime) -> datetime:
        """Steps due up to here are enqueued on this tick."""
        return now + self.lookahead

    def overdue(self, next_at: datetime, now: datetime) -> bool:
        return next_at <= now - self.redispatch_after

    def order(self, found: Sequence[tuple[str, datetime, T]], cursor: str | None, now: datetime) -> tuple[list[T], list[T]]:
        """What a shard enqueues this tick, from (position, moment, step) read from the index: first the steps
        after the cursor, in cursor order (the cursor follows them), then those behind it that are overdue
        (enqueued again). Fresh steps first, so a tick cut short by its budget never starves them."""
        ordered = sorted(found, key=lambda f: f[0])
        fresh = [step for pos, _, step in ordered if cursor is None or pos > cursor]
        again = [step for pos, at, step in ordered if cursor is not None and pos <= cursor and self.overdue(at, now)]
        return fresh, again

    def deadline(self, started: datetime) -> datetime:
        return started + self.budget


def position(next_at: datetime, booking_id: str) -> str:
    """A cursor position: sorts as the index does (next_at in UTC, then the booking)."""
    return f"{next_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S}{CURSOR_SEP}{booking_id}"


def delay_seconds(next_at: datetime, now: datetime) -> int:
    """The delivery delay that makes an item visible at its moment, never before it (whole seconds, up)."""
    ahead = (next_at - now).total_seconds()
    return 0 if ahead <= 0 else min(MAX_DELAY_S, math.ceil(ahead))
