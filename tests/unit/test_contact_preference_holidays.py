"""Public holidays in a customer's contact preference (docs/product-rules.md#contact-preference): for a rest-day or
working-day preference, the store's calendar says which days are rest days: a public holiday is one, a make-up
working day (调休) is not, whatever the weekday; a chain's own loaded schedule wins, as for the opening hours.
Hours alone, and any day, are as before."""
from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from chalicelib.domain.contact_preference import Preference
from chalicelib.domain.followup import contact
from chalicelib.domain.messaging import contact_hours
from chalicelib.domain.tenancy.calendar import is_rest_day
from chalicelib.domain.tenancy.holidays import HolidaySchedule
from chalicelib.domain.tenancy.store import Store

SH = ZoneInfo("Asia/Shanghai")
QUIET = (time(21, 0), time(8, 30))
REST = Preference(hours=(time(9, 0), time(20, 0)), days="rest_days")
WORKING = Preference(hours=(time(9, 0), time(20, 0)), days="weekdays")


def local(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=SH)


def store(**schedules: HolidaySchedule) -> Store:
    return Store(chain_id="c", store_id="s", name="店", holiday_schedules={int(y[1:]): s for y, s in schedules.items()})


def test_the_calendar_says_which_days_are_rest_days():
    assert is_rest_day(date(2026, 10, 1))  # National Day, a Thursday
    assert not is_rest_day(date(2026, 10, 10))  # a Saturday worked instead (调休)
    assert is_rest_day(date(2026, 10, 17)) and not is_rest_day(date(2026, 10, 14))  # a plain Saturday, Wednesday
    own = {2026: HolidaySchedule("c", 2026, frozenset({date(2026, 10, 14)}), frozenset({date(2026, 10, 17)}))}
    assert is_rest_day(date(2026, 10, 14), own) and not is_rest_day(date(2026, 10, 17), own)


def test_a_public_holiday_suits_a_rest_day_customer_and_not_a_working_day_one():
    pudong = store()
    rest, working = (contact_hours.on_calendar(p, pudong) for p in (REST, WORKING))
    holiday, makeup = local("2026-10-07", "10:00"), local("2026-10-10", "10:00")  # a Wednesday off, a Saturday worked
    assert contact_hours.allowed(holiday, QUIET, rest, SH) and not contact_hours.allowed(holiday, QUIET, working, SH)
    assert contact_hours.allowed(makeup, QUIET, working, SH) and not contact_hours.allowed(makeup, QUIET, rest, SH)
    # a working-day customer waits through the whole National Day break, to Thursday 8 October
    assert contact_hours.next_allowed(local("2026-09-30", "20:30"), QUIET, working, SH) == local("2026-10-08", "09:00")


def test_a_working_day_customer_waits_through_the_spring_festival():
    working = contact_hours.on_calendar(WORKING, store())
    assert is_rest_day(date(2026, 2, 23))  # nine days off, 15 to 23 February
    assert contact_hours.next_allowed(local("2026-02-14", "20:30"), QUIET, working, SH) == local("2026-02-24", "09:00")


def test_reminders_move_to_the_holiday_before_a_working_day():
    rest = contact_hours.on_calendar(REST, store())
    start = local("2026-10-08", "10:00")  # Thursday, the first working day after the break
    reminders = [("reminder_1440", local("2026-10-07", "10:00")), ("reminder_180", local("2026-10-08", "07:00")),
                 ("reminder_60", local("2026-10-08", "09:00"))]
    plan = contact.plan(reminders, start, local("2026-09-28", "10:00"), QUIET, rest, SH)
    assert [(s.at, s.names) for s in plan] == [(local("2026-10-07", "10:00"), ("reminder_1440",)),
                                               (local("2026-10-07", "19:59"), ("reminder_180", "reminder_60"))]


def test_the_chains_own_schedule_wins_and_any_day_is_left_alone():
    own = HolidaySchedule("c", 2026, frozenset({date(2026, 10, 14)}), frozenset())
    rest = contact_hours.on_calendar(REST, store(y2026=own))
    assert contact_hours.allowed(local("2026-10-14", "10:00"), QUIET, rest, SH)
    assert not contact_hours.allowed(local("2026-10-01", "10:00"), QUIET, rest, SH)  # not in the chain's schedule
    hours = (time(9, 0), time(20, 0))
    assert contact_hours.on_calendar(hours, store()) == hours and contact_hours.on_calendar(None, store()) is None
    read = contact_hours.on_calendar(REST, store())  # the same preference, read on the store's calendar
    assert (read.hours, read.days, read.avoid, read.text()) == (REST.hours, REST.days, REST.avoid, REST.text())
