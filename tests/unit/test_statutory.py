"""Computed statutory holidays: checked against the official schedule of every year the calendar library
knows, and pinned for 2027, the first year it does not."""
from __future__ import annotations

from datetime import date

import chinese_calendar
import pytest

from chalicelib.domain.tenancy import calendar
from chalicelib.domain.tenancy.statutory import qingming, statutory_days
from chalicelib.domain.tenancy.store import Store


def _added_in_2025(year: int, day: date, name: str) -> bool:
    """The 2025 rules added the Spring Festival eve and a second Labour Day to the statutory days."""
    eve = name == "Spring Festival" and day == min(d for d, n in statutory_days(year).items() if n == name)
    return eve or (day.month, day.day) == (5, 2)


@pytest.mark.parametrize("year", range(2015, 2027))
def test_every_computed_day_is_an_official_holiday_of_the_same_festival(year):
    for day, name in statutory_days(year).items():
        if year < 2025 and _added_in_2025(year, day, name):
            continue
        on_holiday, official = chinese_calendar.get_holiday_detail(day)
        assert on_holiday and official == name, (day, name, official)


def test_qingming_by_formula_matches_the_official_days():
    assert [qingming(y) for y in (2024, 2025, 2026, 2027, 2028)] == [
        date(2024, 4, 4), date(2025, 4, 4), date(2026, 4, 5), date(2027, 4, 5), date(2028, 4, 4)]


def test_2027_closes_on_every_statutory_day_and_marks_it_provisional():
    days = statutory_days(2027)
    assert days[date(2027, 2, 5)] == "Spring Festival"  # 除夕
    assert [d for d, n in days.items() if n == "Spring Festival"] == [date(2027, 2, d) for d in (5, 6, 7, 8)]
    assert days[date(2027, 4, 5)] == "Tomb-sweeping Day"
    assert days[date(2027, 6, 9)] == "Dragon Boat Festival"
    assert days[date(2027, 9, 15)] == "Mid-autumn Festival"
    assert len(days) == 13
    store = Store("c", "s", "店")
    for day in days:
        kind = calendar.classify(day)
        assert kind.public_holiday and kind.provisional
    assert calendar.classify(date(2027, 3, 1)) == calendar.DayKind(provisional=True)
    assert calendar.closed_reason(store, date(2027, 9, 15)) == "public_holiday"


def test_next_years_official_schedule_is_due_from_november():
    assert not calendar.official_schedule_missing(date(2026, 10, 31))
    assert calendar.official_schedule_missing(date(2026, 11, 1))
    assert not calendar.has_official_schedule(2027) and calendar.has_official_schedule(2026)
