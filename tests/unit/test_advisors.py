"""Advisor assignment as a pure rule: the customer's previous advisor when on duty that day, otherwise the
least-loaded on-duty advisor of the store; staff may change it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict
from chalicelib.domain.floor import advisors
from chalicelib.domain.people.staff import Role
from chalicelib.domain.people.staff_member import StaffMember
from chalicelib.domain.tenancy.store import Store

TZ = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 11, 24)
STORE = Store("c", "s", "店")


def member(username: str, role: Role = Role.ADVISOR, stores=("s",), **extra) -> StaffMember:
    return StaffMember("c", username, f"{username}顾问", role, frozenset(stores), "x", **extra)


def booking(booking_id: str, advisor: str | None, status: Status = Status.PENDING) -> Booking:
    start = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
    return Booking(booking_id, "c", "s", "cust", status, start, start + timedelta(minutes=30), "repair", "normal", 0.0,
                   "phone", "张伟", "13800138000", "沪A12345", "Mazda 6", 1000, 1.0, advisor_id=advisor,
                   advisor=f"{advisor}顾问" if advisor else None)


@pytest.mark.parametrize("who, on_duty", [
    (member("a"), True),
    (member("a", days_off=frozenset({"tue"})), False),  # Tuesday is a weekly day off
    (member("a", days_off=frozenset({"2026-11-24"})), False),  # a day off that date
    (member("a", days_off=frozenset({"wed", "2026-11-25"})), True),
    (member("a", disabled=True), False),
    (member("a", stores=("other",)), False),
    (member("a", role=Role.STORE_MANAGER), False),  # managers are not handed bookings
])
def test_on_duty(who, on_duty):
    assert advisors.on_duty(who, "s", TUESDAY) is on_duty


def test_the_previous_advisor_keeps_the_customer_when_on_duty_however_busy():
    team = [member("a"), member("b")]
    day = [booking("1", "a"), booking("2", "a")]
    assert advisors.choose(team, "s", TUESDAY, "a", day).username == "a"


def test_otherwise_the_least_loaded_advisor_that_day_ties_broken_by_username():
    team = [member("c"), member("a"), member("b", days_off=frozenset({"tue"}))]
    day = [booking("1", "a"), booking("2", "a"), booking("3", "c"), booking("4", "c", Status.CANCELLED),
           booking("5", "b"), booking("6", "b")]
    assert advisors.choose(team, "s", TUESDAY, "b", day).username == "c"  # b is off; c has 1 live, a has 2
    assert advisors.choose(team, "s", TUESDAY, None, []).username == "a"
    assert advisors.choose([member("x", disabled=True)], "s", TUESDAY, None, []) is None


def test_previous_advisor_is_the_latest_booking_that_had_one():
    history = [booking("3", None), booking("2", "b"), booking("1", "a")]  # newest first
    assert advisors.previous_advisor(history) == "b"
    assert advisors.previous_advisor([]) is None


def test_staff_change_the_advisor_with_an_event_and_not_on_a_finished_booking():
    now = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
    change = advisors.reassign(booking("1", "a"), STORE, now, "staff:mgr", ("b", "b顾问"))
    assert (change.after.advisor_id, change.after.advisor) == ("b", "b顾问")
    assert change.after.events[-1].kind == "advisor_changed" and change.after.events[-1].note == "a -> b"
    assert change.counters == ()
    assert advisors.reassign(change.after, STORE, now, "staff:mgr", ("b", "b顾问")) is None
    with pytest.raises(Conflict):
        advisors.reassign(replace(booking("1", "a"), status=Status.COMPLETED), STORE, now, "staff:mgr", ("b", "b"))
