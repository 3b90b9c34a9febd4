"""The store floor through the use cases on the fakes: the walk-in queue (never refused for a full slot,
seated when a place frees, estimated waits) and advisor assignment (previous advisor, least loaded, days off,
changed by staff)."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.errors import Conflict, NotFound, SlotFull, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request

DAY = date(2026, 11, 23)  # a Monday; the clock starts at 08:00


def walk_in_request(plate: str, **extra):
    return staff_requests.staff_booking_request({**PHONE_BOOKING, "source": "walk_in", "start": None,
                                             "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}, **extra})


def phone(svc, who, plate: str, start: str):
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "start": start, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}))


def fill_ten_oclock(svc, mgr) -> list:
    return [phone(svc, mgr, f"沪B1000{i}", "2026-11-23T10:00:00+08:00") for i in range(3)]


def taken(svc, chain):
    return svc.ports.bookings.day_load(chain, "pudong", DAY).taken


def test_a_walk_in_into_a_full_slot_waits_in_the_queue_and_is_seated_when_a_place_frees(svc, chain, mgr, clock):
    clock.set(at("2026-11-23", "09:50"))
    booked = fill_ten_oclock(svc, mgr)
    clock.set(at("2026-11-23", "10:05"))
    walk_in, seated = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20000"))
    assert not seated and walk_in.status is Status.PENDING and walk_in.start is None
    assert taken(svc, chain) == {"10:00": 3}  # it holds no place
    queue = svc.staff_ops.walk_ins.queue(mgr, "pudong").to_json()["walk_ins"]
    assert [(w["booking_id"], w["position"], w["estimated_seat_at"]) for w in queue] == [
        (walk_in.booking_id, 1, "2026-11-23T10:30:00+08:00")]
    guard = svc.staff_ops.visible_to(mgr)
    with pytest.raises(SlotFull):
        svc.staff_ops.walk_ins.seat_next(mgr, "pudong", guard)
    svc.staff_ops.act(mgr, booked[0].booking_id, "cancel")  # a place frees
    seated_now = svc.staff_ops.walk_ins.seat_next(mgr, "pudong", guard)
    assert seated_now.booking_id == walk_in.booking_id and seated_now.status is Status.ARRIVED
    assert seated_now.start == at("2026-11-23", "10:00") and taken(svc, chain) == {"10:00": 3}
    assert svc.staff_ops.walk_ins.queue(mgr, "pudong").waits == []
    with pytest.raises(Conflict) as empty:
        svc.staff_ops.walk_ins.seat_next(mgr, "pudong", guard)
    assert empty.value.code == "queue_empty"
    plan = svc.staff_desk.day_plan(mgr, "pudong", DAY)
    assert {e.booking.source for e in plan.entries} == {"phone", "walk_in"}


def test_a_walk_in_with_a_free_place_is_seated_at_once_and_staff_booking_routes_there_too(svc, chain, mgr, clock):
    clock.set(at("2026-11-23", "10:05"))
    walk_in = svc.staff_ops.book(mgr, "pudong", walk_in_request("沪C20001"))
    assert walk_in.status is Status.ARRIVED and walk_in.start == at("2026-11-23", "10:00")
    assert taken(svc, chain) == {"10:00": 1}


def test_losing_the_race_for_the_last_place_queues_the_walk_in_instead_of_refusing_it(svc, chain, mgr, clock,
                                                                                         monkeypatch):
    clock.set(at("2026-11-23", "09:50"))
    fill_ten_oclock(svc, mgr)
    clock.set(at("2026-11-23", "10:05"))
    monkeypatch.setattr(svc.ports.bookings, "taken", lambda *a: 2)  # read just before the last place went
    walk_in, seated = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20002"))
    assert not seated and walk_in.walk_in_day == DAY and taken(svc, chain) == {"10:00": 3}


def test_walk_ins_queue_before_opening_and_are_refused_once_the_store_has_closed(svc, chain, mgr, clock):
    clock.set(at("2026-11-23", "08:10"))
    early, seated = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20003"))
    assert not seated
    assert svc.staff_ops.walk_ins.queue(mgr, "pudong").waits[0].seat_at == at("2026-11-23", "08:30")
    clock.set(at("2026-11-23", "17:40"))
    with pytest.raises(ValidationError) as closed:
        svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20004"))
    assert closed.value.code == "store_closed"


def test_a_waiting_walk_in_who_leaves_is_cancelled_and_leaves_the_queue(svc, chain, mgr, clock):
    clock.set(at("2026-11-23", "09:50"))
    fill_ten_oclock(svc, mgr)
    clock.set(at("2026-11-23", "10:05"))
    walk_in, _ = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20005"))
    svc.staff_ops.act(mgr, walk_in.booking_id, "cancel")
    assert svc.staff_ops.walk_ins.queue(mgr, "pudong").waits == []
    with pytest.raises(NotFound):  # another store's staff cannot reach the queue
        svc.staff_ops.walk_ins.queue(add_staff(svc, chain, "li", Role.ADVISOR, {"xuhui"}), "pudong")


@pytest.fixture
def advisors(svc, chain):
    a = add_staff(svc, chain, "anna", Role.ADVISOR, {"pudong"})
    b = add_staff(svc, chain, "bo", Role.ADVISOR, {"pudong"})
    add_staff(svc, chain, "li", Role.ADVISOR, {"xuhui"})
    return a, b


def test_online_bookings_get_the_least_loaded_advisor_then_keep_their_previous_one(svc, chain, advisors):
    alice, bob, carol = (customer(svc, chain, n) for n in ("alice", "bob", "carol"))
    first, _ = svc.booking.book_online(alice, request(at("2026-11-24", "09:00")), "k1")
    assert (first.advisor_id, first.advisor) == ("anna", "anna顾问")  # a tie: by username
    second, _ = svc.booking.book_online(bob, request(at("2026-11-24", "09:30"), plate="沪A22222"), "k2")
    assert second.advisor_id == "bo"
    third, _ = svc.booking.book_online(carol, request(at("2026-11-24", "10:00"), plate="沪A33333"), "k3")
    assert third.advisor_id == "anna"
    # alice comes back: anna has two bookings that day and bo one, but anna is alice's advisor
    again, _ = svc.booking.book_online(alice, request(at("2026-11-24", "11:00"), plate="沪A44444"), "k4")
    assert again.advisor_id == "anna"


def test_an_advisor_off_duty_that_day_is_passed_over(svc, chain, advisors, clock):
    alice = customer(svc, chain, "alice")
    first, _ = svc.booking.book_online(alice, request(at("2026-11-24", "09:00")), "k1")
    svc.ports.staff.change(chain, "anna", days_off=frozenset({"wed"}), revoke=False)
    clock.advance(minutes=2)  # the roster is cached for a minute
    wednesday, _ = svc.booking.book_online(alice, request(at("2026-11-25", "09:00"), plate="沪A22222"), "k2")
    assert (first.advisor_id, wednesday.advisor_id) == ("anna", "bo")


def test_nobody_on_duty_leaves_the_booking_without_an_advisor(svc, chain):
    booking, _ = svc.booking.book_online(customer(svc, chain, "alice"), request(at("2026-11-24", "09:00")), "k1")
    assert booking.advisor_id is None


def test_staff_bookings_get_one_too_and_staff_may_change_it_within_the_store(svc, chain, mgr, advisors):
    booking = phone(svc, mgr, "沪B10000", "2026-11-24T10:00:00+08:00")
    assert booking.advisor_id == "anna"
    changed = svc.staff_ops.change_advisor(mgr, booking.booking_id, "bo")
    assert (changed.advisor_id, changed.advisor, changed.events[-1].kind) == ("bo", "bo顾问", "advisor_changed")
    assert svc.staff_ops.change_advisor(mgr, booking.booking_id, "mgr").advisor_id == "mgr"  # the store's manager
    for who in ("li", "nobody"):  # another store's advisor, no such account
        with pytest.raises(ValidationError) as refused:
            svc.staff_ops.change_advisor(mgr, booking.booking_id, who)
        assert (refused.value.field, refused.value.code) == ("username", "unknown_advisor")
    svc.ports.staff.change(chain, "bo", disabled=True)
    with pytest.raises(ValidationError):
        svc.staff_ops.change_advisor(mgr, booking.booking_id, "bo")


def test_a_walk_in_gets_an_advisor_whether_seated_or_queued(svc, chain, mgr, advisors, clock):
    clock.set(at("2026-11-23", "10:05"))
    walk_in, _ = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20006"))
    assert walk_in.advisor_id == "anna"
    chosen, _ = svc.staff_ops.walk_ins.arrive(mgr, "pudong", walk_in_request("沪C20007", advisor="bo"))
    assert chosen.advisor_id == "bo"
