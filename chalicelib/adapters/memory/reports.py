"""In-memory fake of the stored daily reports (written once by the evening run, with their deliveries)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any


class MemoryReports:
    def __init__(self) -> None:
        self._days: dict[tuple[str, str, date], dict[str, Any]] = {}

    def put_once(self, chain_id: str, store_id: str, day: date, figures: dict[str, Any], digest: list[dict[str, Any]],
                 now: datetime) -> bool:
        if (chain_id, store_id, day) in self._days:
            return False
        self._days[(chain_id, store_id, day)] = {"day": day.isoformat(), "figures": figures, "digest": digest,
                                                 "created_at": now.isoformat(), "deliveries": {}}
        return True

    def record_delivery(self, chain_id: str, store_id: str, day: date, key: str, delivery: dict[str, Any]) -> None:
        report = self._days.get((chain_id, store_id, day))
        if report is not None:
            report["deliveries"][key] = dict(delivery)

    def stored(self, chain_id: str, store_id: str, day: date) -> dict[str, Any] | None:
        """The stored day itself (the erasure fake rewrites its rows in place)."""
        return self._days.get((chain_id, store_id, day))

    def between(self, chain_id: str, store_id: str, first: date, last: date) -> list[dict[str, Any]]:
        return [r for (c, s, d), r in sorted(self._days.items()) if (c, s) == (chain_id, store_id) and first <= d <= last]
