"""A year's official public-holiday schedule (法定节假日安排), as the State Council publishes it: the days off
and the make-up working days (调休). Loaded by the platform operator for every chain, and overridable per
chain by its admin; the calendar (domain/tenancy/calendar.py) prefers a chain's schedule, then the platform's, then
chinesecalendar's data, then the computed provisional days (domain/tenancy/statutory.py)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import ValidationError

PLATFORM = "platform"  # the scope of the platform-wide schedule; a chain's own uses its chain id
MAX_DAYS = 60


@dataclass(frozen=True)
class HolidaySchedule:
    scope: str  # PLATFORM or a chain id
    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]  # make-up working days: weekend days worked instead

    def to_json(self) -> dict[str, Any]:
        return {"scope": self.scope, "year": self.year, "holidays": sorted(d.isoformat() for d in self.holidays),
                "workdays": sorted(d.isoformat() for d in self.workdays)}


def _dates(body: Mapping[str, Any], name: str, year: int) -> frozenset[date]:
    raw = body.get(name)
    if not isinstance(raw, list) or len(raw) > MAX_DAYS:
        raise ValidationError(f"{name} is a list of at most {MAX_DAYS} dates (YYYY-MM-DD)", field=name)
    days: set[date] = set()
    for i, value in enumerate(raw):
        try:
            day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(f"{name}[{i}] is not a date (YYYY-MM-DD)", field=f"{name}[{i}]")
        if day.year != year:
            raise ValidationError(f"{name}[{i}] {value} is not in {year}", field=f"{name}[{i}]")
        if day in days:
            raise ValidationError(f"{name}[{i}] {value} is listed twice", field=f"{name}[{i}]")
        days.add(day)
    return frozenset(days)


def parse_schedule(scope: str, year: int, body: Mapping[str, Any]) -> HolidaySchedule:
    """`{holidays: [dates], workdays: [dates]}` for `year`: every date inside the year, none in both lists,
    every make-up working day a Saturday or Sunday (a weekday needs no make-up)."""
    if not 2000 <= year <= 2100:
        raise ValidationError("year must be between 2000 and 2100", field="year")
    unknown = sorted(set(body) - {"holidays", "workdays"})
    if unknown:
        raise ValidationError(f"unknown field {unknown[0]}", field=unknown[0])
    holidays, workdays = _dates(body, "holidays", year), _dates(body, "workdays", year)
    both = sorted(holidays & workdays)
    if both:
        raise ValidationError(f"{both[0].isoformat()} is both a holiday and a working day", field="workdays")
    weekday = sorted(d for d in workdays if d.weekday() < 5)
    if weekday:
        raise ValidationError(f"workday {weekday[0].isoformat()} is a weekday: make-up working days fall on weekends",
                              field="workdays")
    return HolidaySchedule(scope, year, holidays, workdays)


def effective(platform: Mapping[int, HolidaySchedule], chain: Mapping[int, HolidaySchedule]) -> dict[int, HolidaySchedule]:
    """Per year, the chain's schedule when it has one, else the platform's."""
    return {**platform, **chain}
