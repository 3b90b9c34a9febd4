"""The WorkQueue port in memory: at-least-once, as SQS is. A received item is invisible until deleted or
until its visibility timeout passes (0 in tests that want an undeleted item back at once). A grouped queue
behaves as an SQS FIFO queue: in order, no item handed out while an item of its group is in flight, and
an item equal to one still queued is taken once."""
from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Sequence

from ...domain.ports import Parked, Received, ReceivedParked

DELAYED = float("inf")  # visible-at of an item sent with a delivery delay, until released


class MemoryQueue:
    def __init__(self, visibility_seconds: float = 30.0, grouped: frozenset[str] = frozenset()) -> None:
        self._lock = threading.Lock()
        self._grouped = grouped
        self._visibility = visibility_seconds
        self._ids = itertools.count()
        self._items: dict[str, dict[str, tuple[dict[str, str], float]]] = {}  # queue → id → (body, visible at)
        self._parked: dict[str, dict[str, tuple[Parked, float]]] = {}  # queue → id → (parked item, visible at)
        self.sent = 0

    def send(self, queue: str, bodies: Sequence[dict[str, str]], delays: Sequence[int] | None = None) -> None:
        """An item sent with a delay stays hidden until `release_delayed` (the tests' clock is not time.monotonic's)."""
        with self._lock:
            items = self._items.setdefault(queue, {})
            for n, body in enumerate(bodies):
                if queue in self._grouped and any(body == queued for queued, _ in items.values()):
                    continue
                delayed = bool(delays and delays[n]) and queue not in self._grouped
                items[str(next(self._ids))] = (dict(body), DELAYED if delayed else 0.0)
                self.sent += 1

    def release_delayed(self) -> None:
        """Every item sent with a delay becomes visible, as when its delivery delay passes."""
        with self._lock:
            for items in self._items.values():
                for key, (body, at) in list(items.items()):
                    if at == DELAYED:
                        items[key] = (body, 0.0)

    def receive(self, queue: str, limit: int) -> list[Received]:
        now = time.monotonic()
        with self._lock:
            items = self._items.setdefault(queue, {})
            busy = {body.get("group") for body, at in items.values() if at > now} if queue in self._grouped else set()
            visible = [(key, body) for key, (body, at) in items.items()
                       if at <= now and body.get("group") not in busy][:limit]
            for key, body in visible:
                items[key] = (body, now + self._visibility)
        return [Received(f"{queue}:{key}", body) for key, body in visible]

    def delete(self, queue: str, receipts: Sequence[str]) -> None:
        with self._lock:
            items = self._items.setdefault(queue, {})
            for receipt in receipts:
                items.pop(receipt.split(":", 1)[1], None)

    def park(self, queue: str, items: Sequence[Parked]) -> None:
        with self._lock:
            parked = self._parked.setdefault(queue, {})
            for item in items:
                parked[str(next(self._ids))] = (item, 0.0)

    def parked(self, queue: str, limit: int) -> list[ReceivedParked]:
        now = time.monotonic()
        with self._lock:
            parked = self._parked.setdefault(queue, {})
            visible = [(key, item) for key, (item, at) in parked.items() if at <= now][:limit]
            for key, item in visible:
                parked[key] = (item, now + self._visibility)
        return [ReceivedParked(f"{queue}:{key}", item) for key, item in visible]

    def unpark(self, queue: str, receipts: Sequence[str]) -> None:
        with self._lock:
            parked = self._parked.setdefault(queue, {})
            for receipt in receipts:
                parked.pop(receipt.split(":", 1)[1], None)

    def isolated(self, namespace: str) -> MemoryQueue:
        return MemoryQueue(self._visibility, self._grouped)

    def depth(self, queue: str) -> int:
        with self._lock:
            return len(self._items.get(queue, {}))

    def time_out(self) -> None:
        """Every received, undeleted item becomes visible again, as when its visibility timeout passes."""
        with self._lock:
            for items in self._items.values():
                for key, (body, at) in items.items():
                    items[key] = (body, at if at == DELAYED else 0.0)
            for parked in self._parked.values():
                for key, (item, _) in parked.items():
                    parked[key] = (item, 0.0)

    def purge(self, queue: str) -> None:
        with self._lock:
            self._items[queue] = {}
