"""In-memory fake of the loaded holiday schedules."""
from __future__ import annotations

from datetime import datetime

from ...domain.tenancy.holidays import HolidaySchedule


class MemoryHolidays:
    def __init__(self) -> None:
        self._items: dict[tuple[str, int], HolidaySchedule] = {}

    def of_scope(self, scope: str) -> dict[int, HolidaySchedule]:
        return {year: s for (sc, year), s in sorted(self._items.items()) if sc == scope}

    def put(self, schedule: HolidaySchedule, by: str, now: datetime) -> None:
        self._items[(schedule.scope, schedule.year)] = schedule
