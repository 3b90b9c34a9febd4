"""Ports every subdomain may use: the clock, secrets, metrics, work queues and watermarks."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple, Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class Secrets(Protocol):
    """Secret values by name (SSM SecureString parameters); tables and logs hold only the names."""

    def get(self, name: str) -> str: ...


class Watermarks(Protocol):
    """Where each run has got to, kept durably (a killed run's successor starts there): a check's watermark
    hour, and a fanned-out run's cursor (a string that sorts in the order the run goes). Both move forward
    only: a slower concurrent run never drags them back."""

    def clean_before(self, check: str) -> datetime | None: ...
    def advance(self, check: str, hour: datetime) -> None: ...
    def position(self, cursor: str) -> str | None: ...
    def move(self, cursor: str, position: str) -> None: ...


class Metrics(Protocol):
    """Counts and measures for dashboards and alarms. `name` is one of chalicelib/observability.py's
    catalogue, with exactly the dimensions listed there (values from small fixed sets, never ids)."""

    def emit(self, name: str, value: float = 1, **dimensions: str) -> None: ...


class NoMetrics:
    """Measures nothing: the default where no one reads metrics (the local run, most tests)."""

    def emit(self, name: str, value: float = 1, **dimensions: str) -> None:
        return None


class Received(NamedTuple):
    receipt: str  # what deletes it once done
    body: dict[str, str]


class Parked(NamedTuple):
    """A work item set aside with why: `kind` is domain/runs/failures.py's (bad_item, refused, fault), or
    `transient` for one the queue itself moved after too many tries."""

    body: dict[str, str]
    error: str
    kind: str
    check: str


class ReceivedParked(NamedTuple):
    receipt: str  # what removes it from the parked items
    item: Parked


class WorkQueue(Protocol):
    """Named work queues (SQS in AWS and locally, a list in memory): at-least-once; a received item that is
    not deleted comes back after its visibility timeout. Each queue has its parked items beside it (SQS: its
    dead-letter queue, where SQS also moves an item received too often)."""

    def send(self, queue: str, bodies: Sequence[dict[str, str]], delays: Sequence[int] | None = None) -> None:
        """`delays`: per item, seconds before it becomes visible (SQS DelaySeconds, 0-900; a FIFO queue has none)."""
        ...
    def receive(self, queue: str, limit: int) -> list[Received]: ...
    def delete(self, queue: str, receipts: Sequence[str]) -> None: ...
    def park(self, queue: str, items: Sequence[Parked]) -> None: ...
    def parked(self, queue: str, limit: int) -> list[ReceivedParked]:
        """Up to `limit` parked items, hidden from the next call until their visibility timeout passes."""
        ...
    def unpark(self, queue: str, receipts: Sequence[str]) -> None:
        """Removes parked items (once put back on their queue, or given up)."""
        ...
    def isolated(self, namespace: str) -> WorkQueue:
        """The same kind of queues under names of their own (a time-travel run's), sharing nothing with these."""
        ...
