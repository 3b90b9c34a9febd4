"""Each check's watermark: the UTC hour before which it has left nothing due, and each fanned-out run's cursor
(the Watermarks port)."""
from __future__ import annotations

from datetime import UTC, datetime

from .conditional import applied
from .models import CheckStateModel


class WatermarkRepository:
    def clean_before(self, check: str) -> datetime | None:
        try:
            value = CheckStateModel.get(check, consistent_read=True).clean_before
        except CheckStateModel.DoesNotExist:
            return None
        return datetime.fromisoformat(value) if value else None

    def advance(self, check: str, hour: datetime) -> None:
        """Forward only: a slower concurrent run never drags it back."""
        value = hour.astimezone(UTC).isoformat()
        applied(lambda: CheckStateModel(check).update(
            actions=[CheckStateModel.clean_before.set(value)],
            condition=CheckStateModel.clean_before.does_not_exist() | (CheckStateModel.clean_before < value),
        ))

    def position(self, cursor: str) -> str | None:
        try:
            return CheckStateModel.get(cursor, consistent_read=True).position
        except CheckStateModel.DoesNotExist:
            return None

    def move(self, cursor: str, position: str) -> None:
        """Forward only, as the watermark."""
        applied(lambda: CheckStateModel(cursor).update(
            actions=[CheckStateModel.position.set(position)],
            condition=CheckStateModel.position.does_not_exist() | (CheckStateModel.position < position),
        ))
