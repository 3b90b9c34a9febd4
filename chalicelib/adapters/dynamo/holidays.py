"""Loaded holiday schedules: a scope's years in one Query, cached per container for a short while (the
store catalogue reads them with every store)."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

from ...domain.ports import Clock
from ...domain.tenancy.holidays import HolidaySchedule
from .models import HolidayScheduleModel
from .stores import _TtlCache


def _days(values: set[str] | None) -> frozenset[date]:
    return frozenset(date.fromisoformat(v) for v in values or ())


class HolidayRepository:
    def __init__(self, clock: Clock, ttl: timedelta = timedelta(seconds=60)) -> None:
        self._cache = _TtlCache(clock, ttl)
        self._lock = threading.Lock()  # a worker's threads wait for one read instead of each making it

    def of_scope(self, scope: str) -> dict[int, HolidaySchedule]:
        with self._lock:
            return self._cache.get(("holidays", scope), lambda: {
                int(m.year): HolidaySchedule(scope, int(m.year), _days(m.holidays), _days(m.workdays))
                for m in HolidayScheduleModel.query(scope)
            })

    def put(self, schedule: HolidaySchedule, by: str, now: datetime) -> None:
        HolidayScheduleModel(
            schedule.scope, schedule.year,
            holidays={d.isoformat() for d in schedule.holidays} or None,
            workdays={d.isoformat() for d in schedule.workdays} or None,
            loaded_at=now.isoformat(), loaded_by=by,
        ).save()
        self._cache.clear()
