"""The reporting subdomain's port: the stored daily reports."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol


class ReportStore(Protocol):
    def put_once(self, chain_id: str, store_id: str, day: date, figures: dict[str, Any], digest: list[dict[str, Any]],
                 now: datetime) -> bool: ...
    def between(self, chain_id: str, store_id: str, first: date, last: date) -> list[dict[str, Any]]: ...
    def record_delivery(self, chain_id: str, store_id: str, day: date, key: str, delivery: dict[str, Any]) -> None:
        """Note on the stored report how one of its deliveries went (key: `<kind>:<username>`)."""
        ...
