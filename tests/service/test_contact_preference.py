"""A customer's contact preference on the use cases (docs/product-rules.md#contact-preference): told once, kept
by their bookings; reminders go on the days and hours that suit them, a follow-up waits for one, and the call
list says when to call them."""
from __future__ import annotations

from datetime import datetime

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.followup.agenda import reminder_plan
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import customer, request

REST_DAYS = {"contact_hours": ["09:00", "20:00"], "contact_days": "rest_days", "rush_hours": [["17:00", "18:30"]]}


@pytest.fixture
def alice(svc, chain):
    who = customer(svc, chain, "alice")
    svc.preferences.set_contact_hours(who, REST_DAYS)
    return who


def test_the_preference_is_kept_and_checked(svc, chain, alice):
    assert svc.preferences.get(alice) == {"contact_hours": ["09:00", "20:00"], "contact_days": "rest_days",
                                          "rush_hours": [["17:00", "18:30"]], "marketing": False}
    with pytest.raises(ValidationError) as bad:
        svc.preferences.set_contact_hours(alice, {"contact_hours": None, "contact_days": "sundays"})
    assert bad.value.field == "contact_days"
    assert svc.preferences.set_contact_hours(alice, {"contact_hours": ["09:00", "20:00"]}) == {
        "contact_hours": ["09:00", "20:00"], "contact_days": "any", "rush_hours": [], "marketing": False}


def test_reminders_go_on_her_rest_days_and_the_call_list_says_when_to_call(svc, chain, clock, alice):
    clock.set(at("2026-11-23", "08:00"))  # a Monday; the appointment is next Monday
    b, _ = svc.booking.book_online(alice, request(at("2026-11-30", "10:00")), "k")
    store = svc.ports.stores.get(chain, "pudong")
    plan = [(s.at, s.names) for s in reminder_plan(svc.ports.bookings.get(b.booking_id), store)]
    assert plan == [(at("2026-11-29", "10:00"), ("reminder_1440",)),  # Sunday
                    (at("2026-11-29", "19:59"), ("reminder_180", "reminder_60"))]  # Sunday evening, not Monday
    clock.set(at("2026-11-23", "11:00"))  # still unconfirmed 2 store-hours after it was made
    svc.checks.run("reminders")
    mgr = add_staff(svc, chain, "boss", Role.STORE_MANAGER, {"pudong"})
    [task] = [t.to_json() for t in svc.staff_desk.tasks(mgr, "pudong")]
    assert task["kind"] == "sla_confirmation"
    assert datetime.fromisoformat(task["call_from"]) == at("2026-11-28", "09:00")  # her next rest day
    assert task["contact_preference"] == "休息日 09:00–20:00，避开17:00–18:30"


def test_the_follow_up_waits_for_a_moment_that_suits_her(svc, chain, clock, alice):
    clock.set(at("2026-11-23", "08:00"))
    b, _ = svc.booking.book_online(alice, request(at("2026-11-30", "10:00")), "k")
    wang = add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    clock.set(at("2026-11-30", "10:00"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(wang, b.booking_id, action)
    before = len(sent(svc))
    clock.set(at("2026-12-02", "18:00"))  # Wednesday: the follow-up is due, and waits
    assert svc.checks.run("follow_up")["done"] == 1
    assert len(sent(svc)) == before
    [held] = [m for m in svc.ports.outbox.due(at("2026-12-05", "09:00"), days_back=4) if m.kind == "follow_up"]
    assert datetime.fromisoformat(held.held_until) == at("2026-12-05", "09:00")  # Saturday morning
    clock.set(at("2026-12-05", "09:00"))
    assert svc.notifier.run_due() == {"sent": 1}


def test_a_public_holiday_is_one_of_her_rest_days(svc, chain, clock, alice):
    """The store's calendar: the National Day break is rest days (a Wednesday among them), so her reminders of a
    Thursday appointment go on the Wednesday holiday, and a task opened before the break says to call her on its
    first day, a Thursday (docs/product-rules.md#contact-preference)."""
    clock.set(at("2026-09-29", "08:00"))  # a Tuesday
    b, _ = svc.booking.book_online(alice, request(at("2026-10-08", "10:00")), "k")
    store = svc.ports.stores.get(chain, "pudong")
    plan = [(s.at, s.names) for s in reminder_plan(svc.ports.bookings.get(b.booking_id), store)]
    assert plan == [(at("2026-10-07", "10:00"), ("reminder_1440",)),  # Wednesday 7 October, a holiday
                    (at("2026-10-07", "19:59"), ("reminder_180", "reminder_60"))]
    clock.set(at("2026-09-29", "11:00"))  # still unconfirmed 2 store-hours after it was made
    svc.checks.run("reminders")
    mgr = add_staff(svc, chain, "boss", Role.STORE_MANAGER, {"pudong"})
    [task] = [t.to_json() for t in svc.staff_desk.tasks(mgr, "pudong")]
    assert datetime.fromisoformat(task["call_from"]) == at("2026-10-01", "09:00")  # Thursday, National Day
