from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.tenancy import calendar
from chalicelib.domain.tenancy.store import WEEKDAYS, OpeningHours, Store

SH = ZoneInfo("Asia/Shanghai")
DAILY = {d: OpeningHours(time(8, 30), time(17, 30)) for d in WEEKDAYS}
WEEKDAYS_ONLY = {d: OpeningHours(time(9, 0), time(17, 0)) for d in WEEKDAYS[:5]}


def store(**kw) -> Store:
    return Store(**{"chain_id": "c", "store_id": "s", "name": "店", "hours": DAILY, **kw})


def test_grid_runs_from_opening_to_closing_in_the_store_zone():
    slots = calendar.slots_on(store(), date(2026, 11, 24))
    assert len(slots) == 18
    assert slots[0].start == datetime(2026, 11, 24, 8, 30, tzinfo=SH)
    assert slots[-1].end == datetime(2026, 11, 24, 17, 30, tzinfo=SH)
    assert slots[0].start.utcoffset() == timedelta(hours=8)


def test_a_slot_that_would_overrun_closing_is_not_offered():
    slots = calendar.slots_on(store(slot_minutes=40), date(2026, 11, 24))
    assert slots[-1].end <= datetime(2026, 11, 24, 17, 30, tzinfo=SH)
    assert slots[-1].start == datetime(2026, 11, 24, 16, 30, tzinfo=SH)


def test_tiaoxiu_weekend_spring_festival_2026():
    """2026-02-14 (Saturday) and 2026-02-28 (Saturday) are make-up workdays; 02-15..02-23 is the holiday."""
    s = store(hours=WEEKDAYS_ONLY)
    assert calendar.slots_on(s, date(2026, 2, 14))  # a Saturday that is a workday: opens on weekday hours
    assert calendar.slots_on(s, date(2026, 2, 14))[0].start.time() == time(9, 0)
    assert calendar.slots_on(s, date(2026, 2, 28))
    assert calendar.slots_on(s, date(2026, 2, 21)) == []  # an ordinary Saturday inside the holiday
    assert calendar.closed_reason(s, date(2026, 2, 17)) == "public_holiday"  # Tuesday of Spring Festival
    assert calendar.closed_reason(s, date(2026, 3, 7)) == "closed_weekday"  # an ordinary Saturday
    assert calendar.slots_on(s, date(2026, 2, 13))  # the Friday before


def test_store_that_opens_on_public_holidays():
    s = store(closes_on_public_holidays=False)
    assert calendar.slots_on(s, date(2026, 10, 1))
    assert calendar.slots_on(store(), date(2026, 10, 1)) == []


def test_store_overrides_beat_the_holiday_rule():
    s = store(open_dates=frozenset({date(2026, 10, 2)}), closed_dates=frozenset({date(2026, 11, 25)}))
    assert calendar.slots_on(s, date(2026, 10, 2))
    assert calendar.closed_reason(s, date(2026, 11, 25)) == "closed_date"


def test_years_the_library_does_not_know_fall_back_to_statutory_holidays():
    s = store()
    assert calendar.closed_reason(s, date(2027, 1, 1)) == "public_holiday"
    assert calendar.closed_reason(s, date(2027, 2, 5)) == "public_holiday"  # 除夕 2027
    assert calendar.closed_reason(s, date(2027, 2, 8)) == "public_holiday"
    assert calendar.closed_reason(s, date(2027, 10, 3)) == "public_holiday"
    assert calendar.slots_on(s, date(2027, 2, 10))
    assert calendar.slots_on(s, date(2027, 3, 1))


NOW = datetime(2026, 11, 23, 8, 0, tzinfo=SH)


@pytest.mark.parametrize(
    "start, code",
    [
        (datetime(2026, 11, 23, 7, 30, tzinfo=SH), "in_the_past"),
        (datetime(2026, 11, 23, 8, 30, tzinfo=SH), "too_soon"),  # lead time 60 min
        (datetime(2027, 1, 10, 9, 0, tzinfo=SH), "beyond_horizon"),
        (datetime(2026, 11, 24, 9, 10, tzinfo=SH), "not_a_slot"),
        (datetime(2026, 11, 24, 18, 0, tzinfo=SH), "not_a_slot"),
        (datetime(2026, 11, 25, 9, 0, tzinfo=SH), "store_closed"),
    ],
)
def test_locate_slot_refusals_name_the_field(start, code):
    s = store(closed_dates=frozenset({date(2026, 11, 25)}))
    with pytest.raises(ValidationError) as err:
        calendar.locate_slot(s, start, NOW)
    assert err.value.code == code and err.value.field == "start"


def test_locate_slot_accepts_any_offset_for_the_same_instant():
    utc = datetime(2026, 11, 24, 1, 0, tzinfo=ZoneInfo("UTC"))
    slot = calendar.locate_slot(store(), utc, NOW)
    assert slot.start == datetime(2026, 11, 24, 9, 0, tzinfo=SH) and slot.key == "09:00"
