"""A customer's contact preference (docs/product-rules.md#contact-preference): hours, working days or rest days,
rush hours to avoid. The contact-hours rule reads it where it read the hours alone: a message waits for the
next moment that suits the customer, reminders move back to the last one before (merged when they meet)."""
from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.contact_preference import Preference, parse, preference_from, preference_text
from chalicelib.domain.followup import contact
from chalicelib.domain.messaging import contact_hours

SH = ZoneInfo("Asia/Shanghai")
QUIET = (time(21, 0), time(8, 30))
REST = Preference(hours=(time(9, 0), time(20, 0)), days="rest_days")
COMMUTER = Preference(days="weekdays", avoid=((time(7, 30), time(9, 0)), (time(17, 0), time(19, 0))))


def local(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}:00").replace(tzinfo=SH)


def test_the_text_form_keeps_hours_alone_as_before_and_round_trips():
    assert preference_from("09:00-20:00") == (time(9, 0), time(20, 0))
    assert preference_text((time(9, 0), time(20, 0))) == "09:00-20:00"
    for preference in (REST, COMMUTER, Preference(days="weekdays")):
        assert preference_from(preference_text(preference)) == preference
    assert preference_text(COMMUTER) == "|weekdays|07:30-09:00,17:00-19:00"


def test_the_customers_answer_is_checked():
    assert parse(None, None, None) is None  # no preference at all
    assert parse((time(9, 0), time(20, 0)), "any", []) == (time(9, 0), time(20, 0))  # hours alone, as before
    assert parse(None, "rest_days", [["07:30", "09:00"]]) == Preference(days="rest_days", avoid=((time(7, 30), time(9, 0)),))
    for days, rush in (("sundays", None), ("any", [["09:00", "07:30"]]), ("any", "07:30-09:00"),
                       ("any", [["07:30", "09:00"]] * 4), ("any", [["7.30", "9"]])):
        with pytest.raises(ValueError):
            parse(None, days, rush)


def test_days_and_rush_hours_decide_whether_a_moment_suits():
    assert not contact_hours.allowed(local("2026-12-07", "10:00"), QUIET, REST, SH)  # a Monday
    assert contact_hours.allowed(local("2026-12-12", "10:00"), QUIET, REST, SH)  # Saturday
    assert not contact_hours.allowed(local("2026-12-12", "20:30"), QUIET, REST, SH)  # outside their hours
    assert not contact_hours.allowed(local("2026-12-07", "08:45"), QUIET, COMMUTER, SH)  # their morning rush
    assert contact_hours.allowed(local("2026-12-07", "09:00"), QUIET, COMMUTER, SH)
    assert not contact_hours.allowed(local("2026-12-12", "10:00"), QUIET, COMMUTER, SH)


def test_a_message_waits_for_the_next_moment_that_suits_them():
    assert contact_hours.next_allowed(local("2026-12-07", "10:00"), QUIET, REST, SH) == local("2026-12-12", "09:00")
    assert contact_hours.next_allowed(local("2026-12-07", "17:30"), QUIET, COMMUTER, SH) == local("2026-12-07", "19:00")
    assert contact_hours.next_allowed(local("2026-12-12", "10:00"), QUIET, COMMUTER, SH) == local("2026-12-14", "09:00")
    hold = contact_hours.at_sending("follow_up", local("2026-12-08", "11:00"), None, QUIET, REST, SH)
    assert hold is not None and hold.until == local("2026-12-12", "09:00")


def test_reminders_move_back_to_the_last_moment_that_suits_them():
    start = local("2026-12-14", "10:00")  # a Monday
    wanted = [("reminder_1440", local("2026-12-13", "10:00")), ("reminder_180", local("2026-12-14", "07:00")),
              ("reminder_60", local("2026-12-14", "09:00"))]
    sends = contact.plan(wanted, start, local("2026-12-01", "10:00"), QUIET, REST, SH)
    assert [(s.at, s.names) for s in sends] == [
        (local("2026-12-13", "10:00"), ("reminder_1440",)),  # Sunday: it suits
        (local("2026-12-13", "19:59"), ("reminder_180", "reminder_60")),  # the end of their Sunday hours
    ]
    rush = contact.plan([("reminder_60", local("2026-12-14", "17:30"))], local("2026-12-14", "18:30"),
                        local("2026-12-01", "10:00"), QUIET, COMMUTER, SH)
    assert [(s.at, s.moved) for s in rush] == [(local("2026-12-14", "16:59"), True)]  # before their evening rush
