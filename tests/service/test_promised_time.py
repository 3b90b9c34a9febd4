"""The hand-back time promised at check-in and the job's progress (docs/product-rules.md#promised-time): the
advisor gives a time or accepts the one the labour hours give; the 70–80 % check tells the customer the
time; a delay needs a reason and a later time and apologises with both; the pick-up notice goes 1 hour ahead
(4 hours for a job spanning two days), once per promised time, through the reminders check."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"  # a Tuesday; the stores open 08:30-17:30 on weekdays; a repair is 2 labour hours


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def booked(svc, clock, who):
    clock.set(at(DAY, "08:00"))
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)


def checked_in(svc, clock, who, hhmm="10:00", promised=None):
    booking = booked(svc, clock, who)
    clock.set(at(DAY, hhmm))
    body = staff_requests.staff_action({"promised": promised.isoformat()} if promised else {})
    return svc.staff_ops.act(who, booking.booking_id, "check-in", body)


def texts_since(svc, before):
    return [s.data for s in sent(svc)[before:]]


def test_check_in_promises_the_time_the_labour_hours_give(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    promised = booking.to_json()["promised"]
    assert promised["at"] == at(DAY, "12:00").isoformat() and promised["first"] == promised["at"]
    assert (promised["check_from"], promised["check_by"]) == (at(DAY, "11:24").isoformat(), at(DAY, "11:36").isoformat())
    assert promised["delays"] == 0 and promised["checked_at"] is None


def test_a_computed_promise_counts_store_hours_only(svc, clock, wang):
    booking = checked_in(svc, clock, wang, hhmm="16:30")  # one hour today, one tomorrow from 08:30
    assert booking.to_json()["promised"]["at"] == at("2026-11-25", "09:30").isoformat()


def test_the_advisor_may_give_the_time(svc, clock, wang):
    booking = checked_in(svc, clock, wang, promised=at(DAY, "15:00"))
    assert booking.to_json()["promised"]["at"] == at(DAY, "15:00").isoformat()
    assert any(e.kind == "promised" and e.note.endswith(" given") for e in booking.events)


def test_a_promise_in_the_past_is_refused_and_nothing_is_checked_in(svc, clock, wang):
    booking = booked(svc, clock, wang)
    clock.set(at(DAY, "10:00"))
    with pytest.raises(ValidationError) as refused:
        svc.staff_ops.act(wang, booking.booking_id, "check-in",
                          staff_requests.staff_action({"promised": at(DAY, "09:00").isoformat()}))
    assert refused.value.field == "promised"
    assert svc.ports.bookings.get(booking.booking_id).status.value in ("pending", "confirmed")


def test_the_progress_check_tells_the_customer_the_promised_time(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    svc.staff_ops.act(wang, booking.booking_id, "start")
    clock.set(at(DAY, "11:30"))
    before = len(sent(svc))
    after = svc.job_progress.check(wang, booking.booking_id, "正在做四轮定位")
    assert after.to_json()["promised"]["checked_at"] == at(DAY, "11:30").isoformat()
    [told] = texts_since(svc, before)
    assert "沪A12345" in told and "12:00" in told and "张先生" in told


def test_no_progress_check_before_check_in(svc, clock, wang):
    booking = booked(svc, clock, wang)
    with pytest.raises(Conflict) as refused:
        svc.job_progress.check(wang, booking.booking_id, None)
    assert refused.value.field == "status"


def test_a_delay_apologises_with_its_reason_and_new_time(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    clock.set(at(DAY, "11:30"))
    before = len(sent(svc))
    after = svc.job_progress.delay(wang, booking.booking_id, "需等待配件到货", at(DAY, "16:00"))
    promised = after.to_json()["promised"]
    assert (promised["at"], promised["first"], promised["delays"], promised["reason"]) == (
        at(DAY, "16:00").isoformat(), at(DAY, "12:00").isoformat(), 1, "需等待配件到货")
    [told] = texts_since(svc, before)
    assert "抱歉" in told and "需等待配件到货" in told and "16:00" in told


@pytest.mark.parametrize("reason, new_time, field", [
    ("", "16:00", "reason"),
    ("需等待配件到货", "11:45", "promised"),  # not later than the time promised (12:00)
    ("需等待配件到货", "11:00", "promised"),  # in the past
])
def test_a_delay_needs_a_reason_and_a_later_time(svc, clock, wang, reason, new_time, field):
    booking = checked_in(svc, clock, wang)
    clock.set(at(DAY, "11:30"))
    with pytest.raises(ValidationError) as refused:
        svc.job_progress.delay(wang, booking.booking_id, reason, at(DAY, new_time))
    assert refused.value.field == field
    assert svc.ports.bookings.get(booking.booking_id).to_json()["promised"]["delays"] == 0


def test_the_pickup_notice_goes_an_hour_ahead_once(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    svc.staff_ops.act(wang, booking.booking_id, "start")
    before = len(sent(svc))
    clock.set(at(DAY, "10:55"))
    svc.checks.run("reminders")
    assert texts_since(svc, before) == []
    clock.set(at(DAY, "11:00"))
    svc.checks.run("reminders")
    svc.checks.run("reminders")
    [told] = texts_since(svc, before)
    assert "12:00" in told and "取车" in told
    assert [e.note for e in svc.ports.bookings.get(booking.booking_id).events if e.kind == "pickup_notice"] == [
        at(DAY, "12:00").isoformat()]


def test_a_delay_after_the_notice_brings_a_notice_for_the_new_time(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    clock.set(at(DAY, "11:00"))
    svc.checks.run("reminders")
    clock.set(at(DAY, "11:30"))
    svc.job_progress.delay(wang, booking.booking_id, "需等待配件到货", at(DAY, "15:00"))
    before = len(sent(svc))
    clock.set(at(DAY, "14:00"))
    svc.checks.run("reminders")
    [told] = texts_since(svc, before)
    assert "15:00" in told


def test_a_job_spanning_two_days_is_announced_four_hours_ahead(svc, clock, wang):
    booking = checked_in(svc, clock, wang, promised=at("2026-11-25", "16:00"))
    before = len(sent(svc))
    clock.set(at("2026-11-25", "11:55"))
    svc.checks.run("reminders")
    assert texts_since(svc, before) == []
    clock.set(at("2026-11-25", "12:00"))
    svc.checks.run("reminders")
    assert len(texts_since(svc, before)) == 1
    assert svc.ports.bookings.get(booking.booking_id).status.value == "arrived"


def test_no_notice_when_the_car_is_ready_before(svc, clock, wang):
    booking = checked_in(svc, clock, wang)
    svc.staff_ops.act(wang, booking.booking_id, "start")
    clock.set(at(DAY, "10:50"))
    svc.staff_ops.act(wang, booking.booking_id, "complete")  # "ready for pickup" says it
    before = len(sent(svc))
    clock.set(at(DAY, "11:00"))
    svc.checks.run("reminders")
    assert texts_since(svc, before) == []


def test_no_notice_when_there_was_no_time_for_it(svc, clock, wang):
    booking = checked_in(svc, clock, wang, promised=at(DAY, "10:45"))  # less than the hour ahead
    before = len(sent(svc))
    clock.set(at(DAY, "10:40"))
    svc.checks.run("reminders")
    assert texts_since(svc, before) == []
    assert not any(e.kind == "pickup_notice" for e in svc.ports.bookings.get(booking.booking_id).events)


def test_a_pickup_notice_due_in_the_night_waits_for_the_morning(svc, clock, wang):
    """A long job promised for 10:00 the next day is announced 4 hours ahead: 06:00, inside the quiet hours
    (21:00-08:30); it waits in the outbox for 08:30 (docs/product-rules.md#contact-hours)."""
    booking = checked_in(svc, clock, wang, promised=at("2026-11-25", "10:00"))
    before = len(sent(svc))
    clock.set(at("2026-11-25", "06:00"))
    svc.fanout.run("reminders")
    assert texts_since(svc, before) == []
    clock.set(at("2026-11-25", "08:30"))
    svc.fanout.run("outbox")
    [told] = texts_since(svc, before)
    assert "10:00" in told and booking.status.value == "arrived"


def test_a_walk_in_seated_at_once_has_a_hand_back_time(svc, clock, wang):
    """A walk-in taken into the slot under way is at the counter like a checked-in booking: it gets the computed
    time, so progress checks and delays work for it too."""
    clock.set(at(DAY, "10:05"))
    walk_in = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "source": "walk_in", "start": None}))
    assert walk_in.status.value == "arrived"
    assert walk_in.to_json()["promised"]["at"] == at(DAY, "12:05").isoformat()


def test_a_walk_in_seated_from_the_queue_has_a_hand_back_time(svc, clock, wang):
    clock.set(at(DAY, "09:50"))
    for i in range(3):  # the 10:00 slot is full
        svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(
            {**PHONE_BOOKING, "start": f"{DAY}T10:00:00+08:00", "vehicle": {**PHONE_BOOKING["vehicle"], "plate": f"沪B1000{i}"},
             "customer": {**PHONE_BOOKING["customer"], "phone": f"1390000000{i}"}}))
    clock.set(at(DAY, "10:05"))
    walk_in, seated = svc.staff_ops.walk_ins.arrive(wang, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "source": "walk_in", "start": None, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪C20000"}}))
    assert not seated
    clock.set(at(DAY, "10:35"))  # the 10:30 slot has places
    seated_now = svc.staff_ops.walk_ins.seat_next(wang, "pudong", svc.staff_ops.visible_to(wang))
    assert seated_now.booking_id == walk_in.booking_id
    assert seated_now.to_json()["promised"]["at"] == at(DAY, "12:35").isoformat()
