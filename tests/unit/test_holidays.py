"""Loaded official holiday schedules: what a body must hold, and how the calendar ranks them (a chain's own
over the platform's, over chinesecalendar's data, over the computed provisional days), store closures on top."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.tenancy import calendar
from chalicelib.domain.tenancy.holidays import PLATFORM, HolidaySchedule, effective, parse_schedule
from chalicelib.domain.tenancy.store import Store

# 2027 as it might be published: Spring Festival 5-12 Feb with two make-up Saturdays/Sundays
SPRING = [f"2027-02-{d:02d}" for d in range(5, 13)]
BODY = {"holidays": SPRING + ["2027-10-01"], "workdays": ["2027-02-14", "2027-02-20"]}


def test_a_valid_schedule_is_read_into_dates():
    schedule = parse_schedule(PLATFORM, 2027, BODY)
    assert date(2027, 2, 12) in schedule.holidays and schedule.workdays == {date(2027, 2, 14), date(2027, 2, 20)}
    assert schedule.to_json()["holidays"][0] == "2027-02-05" and schedule.scope == PLATFORM


@pytest.mark.parametrize("body,field", [
    ({"holidays": ["2026-12-31"], "workdays": []}, "holidays[0]"),  # outside the year
    ({"holidays": ["2027-02-30"], "workdays": []}, "holidays[0]"),  # no such day
    ({"holidays": ["27-02-05"], "workdays": []}, "holidays[0]"),
    ({"holidays": [20270205], "workdays": []}, "holidays[0]"),
    ({"holidays": ["2027-02-05", "2027-02-05"], "workdays": []}, "holidays[1]"),  # twice
    ({"holidays": ["2027-02-14"], "workdays": ["2027-02-14"]}, "workdays"),  # both
    ({"holidays": [], "workdays": ["2027-02-15"]}, "workdays"),  # a Monday needs no make-up
    ({"holidays": []}, "workdays"),
    ({"holidays": "2027-02-05", "workdays": []}, "holidays"),
    ({"holidays": [], "workdays": [], "note": "x"}, "note"),
    ({"holidays": ["2027-01-01"] * 61, "workdays": []}, "holidays"),
])
def test_a_bad_schedule_is_refused_naming_the_field(body, field):
    with pytest.raises(ValidationError) as err:
        parse_schedule(PLATFORM, 2027, body)
    assert err.value.field == field


def test_the_year_must_be_plausible():
    with pytest.raises(ValidationError) as err:
        parse_schedule(PLATFORM, 1999, {"holidays": [], "workdays": []})
    assert err.value.field == "year"


def test_a_chains_schedule_beats_the_platforms_for_its_year():
    platform = {2027: parse_schedule(PLATFORM, 2027, BODY), 2028: parse_schedule(PLATFORM, 2028, {"holidays": [],
                                                                                                  "workdays": []})}
    chain = {2027: parse_schedule("demo", 2027, {"holidays": ["2027-02-06"], "workdays": []})}
    assert effective(platform, chain) == {2027: chain[2027], 2028: platform[2028]}


def test_the_calendar_prefers_a_loaded_schedule_over_its_computed_days():
    loaded = {2027: parse_schedule(PLATFORM, 2027, BODY)}
    assert calendar.classify(date(2027, 2, 11)) == calendar.DayKind(provisional=True)  # computed: not a holiday
    assert calendar.classify(date(2027, 2, 11), loaded) == calendar.DayKind(public_holiday="Spring Festival")
    assert calendar.classify(date(2027, 2, 20), loaded) == calendar.DayKind(makeup_workday="Spring Festival")
    assert calendar.classify(date(2027, 9, 15), loaded) == calendar.DayKind()  # loaded: only what it lists
    assert calendar.classify(date(2027, 10, 1), loaded).public_holiday == "National Day"
    # a year the library knows: a loaded schedule for it wins too
    assert calendar.classify(date(2026, 10, 1)).public_holiday == "National Day"
    override = {2026: HolidaySchedule("demo", 2026, frozenset(), frozenset())}
    assert calendar.classify(date(2026, 10, 1), override) == calendar.DayKind()


def test_store_hours_follow_the_loaded_schedule_and_store_overrides_stay_on_top():
    from datetime import time

    from chalicelib.domain.tenancy.store import OpeningHours

    weekdays = {d: OpeningHours(time(8, 30), time(17, 30)) for d in ("mon", "tue", "wed", "thu", "fri")}
    store = Store("demo", "s", "店", hours=weekdays,
                  holiday_schedules={2027: parse_schedule(PLATFORM, 2027, BODY)})
    assert calendar.closed_reason(store, date(2027, 2, 11)) == "public_holiday"
    assert calendar.hours_on(store, date(2027, 2, 20)) == weekdays["mon"]  # a make-up Saturday opens
    assert calendar.hours_on(store, date(2027, 9, 15)) is not None  # the computed Mid-Autumn no longer closes it
    opened = replace(store, open_dates=frozenset({date(2027, 2, 11)}))
    assert calendar.hours_on(opened, date(2027, 2, 11)) is not None
    closed = replace(store, closed_dates=frozenset({date(2027, 2, 20)}))
    assert calendar.closed_reason(closed, date(2027, 2, 20)) == "closed_date"


def test_next_years_schedule_is_missing_until_loaded():
    assert calendar.official_schedule_missing(date(2026, 11, 1))
    loaded = {2027: parse_schedule(PLATFORM, 2027, BODY)}
    assert not calendar.official_schedule_missing(date(2026, 11, 1), loaded)
    assert not calendar.official_schedule_missing(date(2026, 10, 31))
