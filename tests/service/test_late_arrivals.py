"""A late customer's own arrival time, recorded by staff (docs/product-rules.md#late-arrival): the place held
until that time plus the grace period when the slot they will arrive in has a place; the late call and the
no-show wait for it; at most 60 minutes after the start."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def phone_booking(svc, who, start="10:00", phone="13800138000", plate="沪A12345"):
    body = {**PHONE_BOOKING, "start": f"{DAY}T{start}:00+08:00",
            "customer": {**PHONE_BOOKING["customer"], "phone": phone}, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(body), NO_PARTS)


def run_lateness(svc, clock, hhmm):
    clock.set(at(DAY, hhmm))
    svc.checks.run("reminders")
    svc.checks.run("lateness")


def late_calls(svc, chain):
    return [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "late"]


def test_the_place_is_held_until_the_given_time_and_the_late_call_waits(svc, chain, clock, wang):
    clock.set(at(DAY, "08:00"))
    booking = phone_booking(svc, wang)
    clock.set(at(DAY, "10:05"))  # the customer phones: stuck in traffic, there at 10:40
    noted = svc.late_arrivals.record(wang, booking.booking_id, at(DAY, "10:40"))
    assert noted.to_json()["expected_arrival"] == {"at": at(DAY, "10:40").isoformat(), "held": True}
    run_lateness(svc, clock, "10:15")  # past the usual grace period: still held
    assert not svc.ports.bookings.get(booking.booking_id).place_released
    run_lateness(svc, clock, "10:35")  # past +30: no "on your way?" call, the time is known
    assert late_calls(svc, chain) == []
    run_lateness(svc, clock, "10:50")  # the given time plus grace: released, and now the call
    after = svc.ports.bookings.get(booking.booking_id)
    assert after.place_released and after.status.value in ("pending", "confirmed")
    assert len(late_calls(svc, chain)) == 1
    run_lateness(svc, clock, "11:00")  # +60 is still the no-show
    assert svc.ports.bookings.get(booking.booking_id).status.value == "no_show"


def test_no_hold_when_the_slot_they_arrive_in_is_full(svc, chain, clock, wang):
    clock.set(at(DAY, "08:00"))
    booking = phone_booking(svc, wang)
    for i in range(3):  # capacity 3: the 10:30 slot is full
        phone_booking(svc, wang, start="10:30", phone=f"1390000000{i}", plate=f"沪B1000{i}")
    clock.set(at(DAY, "10:05"))
    noted = svc.late_arrivals.record(wang, booking.booking_id, at(DAY, "10:40"))
    assert noted.to_json()["expected_arrival"]["held"] is False
    run_lateness(svc, clock, "10:15")  # released at the usual time
    assert svc.ports.bookings.get(booking.booking_id).place_released
    run_lateness(svc, clock, "10:35")  # but the call still waits for the time given
    assert late_calls(svc, chain) == []


def test_the_no_show_waits_for_a_time_near_the_hour(svc, chain, clock, wang):
    clock.set(at(DAY, "08:00"))
    booking = phone_booking(svc, wang)
    clock.set(at(DAY, "10:30"))
    svc.late_arrivals.record(wang, booking.booking_id, at(DAY, "11:00"))  # the latest allowed
    run_lateness(svc, clock, "11:05")
    assert svc.ports.bookings.get(booking.booking_id).status.value != "no_show"
    run_lateness(svc, clock, "11:10")
    assert svc.ports.bookings.get(booking.booking_id).status.value == "no_show"


@pytest.mark.parametrize(("hhmm", "code"), [("11:01", "arrival_too_late"), ("09:50", "arrival_before_start")])
def test_a_time_out_of_range_is_refused(svc, chain, clock, wang, hhmm, code):
    clock.set(at(DAY, "08:00"))
    booking = phone_booking(svc, wang)
    with pytest.raises(ValidationError) as refused:
        svc.late_arrivals.record(wang, booking.booking_id, at(DAY, hhmm))
    assert (refused.value.code, refused.value.field) == (code, "expected")


def test_only_a_booking_still_expected(svc, chain, clock, wang):
    clock.set(at(DAY, "08:00"))
    booking = phone_booking(svc, wang)
    svc.staff_ops.act(wang, booking.booking_id, "cancel", staff_requests.staff_action({}))
    with pytest.raises(Conflict) as refused:
        svc.late_arrivals.record(wang, booking.booking_id, at(DAY, "10:20"))
    assert refused.value.code == "arrival_not_expected"
