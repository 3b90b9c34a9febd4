"""The first-service invitation of a new car (docs/product-rules.md#first-service) on the use cases: only a
maintenance service answers it, so a film or coating job done first keeps it; an owner who ignores it is
chased by a call task two weeks later, unless the first service has been booked or done by then."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.followup import contact
from tests.conftest import at
from tests.support.bookings import customer, request

PLATE = "沪AF12345"  # bought 2026-11-01: invited on 2027-01-01, first service due by 2027-02-01
INVITED = "2027-01-01"
CHASED = "2027-01-15"  # two weeks after the invitation


def new_car_booking(svc, who, service_type, day="2026-11-24", key="k"):
    body = request(at(day, "10:00"), plate=PLATE, service_type=service_type)
    body = type(body)(**{**body.__dict__, "vehicle": type(body.vehicle)(plate=PLATE, model="CX-50", mileage=300,
                                                                         purchase_date=date(2026, 11, 1))})
    booking, _ = svc.booking.book_online(who, body, key)
    return booking


def done(svc, clock, mgr, booking, day="2026-11-24"):
    clock.set(at(day, "10:00"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action, staff_requests.staff_action({}))


def ahead(svc):
    """The car's invitation ahead, however far."""
    return [d.kind for d in svc.ports.vehicles.due(at("2027-12-31", "00:00"), lookback_days=400) if d.plate == PLATE]


def chase_tasks(svc, chain):
    return [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "first_service_unanswered"]


@pytest.fixture
def owner(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "newcar")
    svc.preferences.set_consent(who, {"marketing": True})
    return who


@pytest.mark.parametrize("service_type", ["beauty", "repair", "inspection"])
def test_another_job_completed_first_keeps_the_first_service_invitation(svc, chain, clock, mgr, owner, service_type):
    done(svc, clock, mgr, new_car_booking(svc, owner, service_type))  # film, a repair, a check: not a maintenance
    clock.set(at(INVITED, "18:00"))
    assert ahead(svc) == ["first_service_due"]
    assert svc.lapse.run()["first_service_due"] == 1


def test_a_maintenance_answers_the_first_service_invitation(svc, chain, clock, mgr, owner):
    done(svc, clock, mgr, new_car_booking(svc, owner, "maintenance"))
    clock.set(at(INVITED, "18:00"))
    assert ahead(svc) == ["maintenance_due"]  # six months on, a week before
    assert svc.lapse.run()["first_service_due"] == 0


def test_an_ignored_invitation_is_chased_by_a_call_once(svc, chain, clock, mgr, owner):
    done(svc, clock, mgr, new_car_booking(svc, owner, "beauty"))
    clock.set(at(INVITED, "18:00"))
    assert svc.lapse.run()["first_service_due"] == 1
    clock.set(at("2027-01-09", "09:00"))
    done(svc, clock, mgr, new_car_booking(svc, owner, "beauty", "2027-01-10", "k2"), "2027-01-10")  # coating
    assert ahead(svc) == ["first_service_unanswered"]  # the chase is not lost either
    clock.set(at("2027-01-14", "18:00"))
    assert svc.lapse.run()["first_service_unanswered"] == 0 and chase_tasks(svc, chain) == []
    moment = contact.spread(date(2027, 1, 15), PLATE, clock.now().tzinfo)
    clock.set(moment)
    assert svc.lapse.run()["first_service_unanswered"] == 1
    assert svc.lapse.run()["first_service_unanswered"] == 0  # twice is once
    [task] = chase_tasks(svc, chain)
    assert (task.customer_phone, task.booking_id, task.due_at) == ("13800138000", None, moment + timedelta(days=1))
    assert PLATE in (task.note or "") and "2027-02-01" in (task.note or "")
    assert ahead(svc) == []


@pytest.mark.parametrize("service_type", ["first_service", "maintenance"])
def test_no_chase_once_the_first_service_is_booked(svc, chain, clock, mgr, owner, service_type):
    new_car_booking(svc, owner, "beauty")
    clock.set(at(INVITED, "18:00"))
    assert svc.lapse.run()["first_service_due"] == 1
    clock.set(at("2027-01-05", "09:00"))
    new_car_booking(svc, owner, service_type, "2027-01-20", "k2")
    clock.set(at(CHASED, "18:00"))
    counts = svc.lapse.run()
    assert (counts["first_service_unanswered"], counts["moot"]) == (0, 1)
    assert chase_tasks(svc, chain) == []


def test_a_booked_maintenance_answers_the_invitation_itself(svc, chain, clock, mgr, owner):
    new_car_booking(svc, owner, "beauty")
    clock.set(at("2026-12-20", "09:00"))
    new_car_booking(svc, owner, "maintenance", "2027-01-08", "k2")  # booked as 保养: it is the first service
    clock.set(at(INVITED, "18:00"))
    counts = svc.lapse.run()
    assert (counts["first_service_due"], counts["moot"]) == (0, 1)
    assert ahead(svc) == []  # dropped, and nothing to chase
