"""Daily reports per store-day, written once by the evening run."""
from __future__ import annotations

from datetime import date, datetime

from .conditional import applied
from .models import DailyReportModel


class ReportRepository:
    def __init__(self, page_size: int | None = None) -> None:
        self._page_size = page_size  # None: DynamoDB's own 1 MB pages; every read follows all pages

    def put_once(self, chain_id: str, store_id: str, day: date, figures: dict, digest: list[dict], now: datetime) -> bool:
        """False when the day is reported already (the run went twice)."""
        item = DailyReportModel(
            f"{chain_id}#{store_id}", day.isoformat(), figures=figures, digest=digest, created_at=now.isoformat(),
            deliveries={},
        )
        return applied(lambda: item.save(condition=DailyReportModel.day.does_not_exist()))

    def between(self, chain_id: str, store_id: str, first: date, last: date) -> list[dict]:
        days = DailyReportModel.day.between(first.isoformat(), last.isoformat())
        items = DailyReportModel.query(f"{chain_id}#{store_id}", days, page_size=self._page_size)
        return [{"day": m.day, "figures": m.figures, "digest": m.digest, "created_at": m.created_at,
                 "deliveries": m.deliveries.as_dict() if m.deliveries else {}} for m in items]

    def record_delivery(self, chain_id: str, store_id: str, day: date, key: str, delivery: dict) -> None:
        item = DailyReportModel(f"{chain_id}#{store_id}", day.isoformat())
        applied(lambda: item.update(actions=[DailyReportModel.deliveries[key].set(delivery)],
                                    condition=DailyReportModel.day.exists() & DailyReportModel.deliveries.exists()))
