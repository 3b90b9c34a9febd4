"""Extra work (增项) on a job under way (docs/product-rules.md#extra-work): staff propose items; the customer is
told at once and answers each in the mini-program, or the advisor records a phone answer with who said what and
when; approved items join the bill and move the promised time; nothing joins without a recorded yes; an
unanswered proposal becomes the advisor's call after 30 minutes, closed once everything is answered."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.floor.extra_work import extra_input
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"  # the stores open 08:30-17:30; a repair is 2 labour hours: checked in at 10:00, promised 12:00
PADS = {"what": "更换前刹车片", "why": "刹车片剩余2毫米", "labour_hours": 1.0, "parts": "前刹车片一套",
        "price_fen": 68000, "minutes": 60}
WIPERS = {"what": "更换雨刮片", "why": "雨刮片老化", "price_fen": 12000, "minutes": 0}


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def under_way(svc, clock, who, price=None):
    clock.set(at(DAY, "08:00"))
    body = {**PHONE_BOOKING, "estimate": {"price": price}} if price else PHONE_BOOKING
    booking = svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(body), NO_PARTS)
    clock.set(at(DAY, "10:00"))
    svc.staff_ops.act(who, booking.booking_id, "check-in")
    return svc.staff_ops.act(who, booking.booking_id, "start")


def owner(svc, booking):
    return Principal(booking.customer_id, booking.chain_id, "customer")


def test_a_proposal_tells_the_customer_and_waits_for_their_answer(svc, clock, wang):
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    before = len(sent(svc))
    after = svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    [item] = after.to_json()["extra_work"]
    assert (item["item_id"], item["status"], item["price"], item["minutes"]) == ("x1", "proposed", "680.00", 60)
    [told] = [s.data for s in sent(svc)[before:]]
    assert "680.00" in told and "是否同意" in told
    assert after.to_json()["promised"]["at"] == at(DAY, "12:00").isoformat()  # not moved before a yes


def test_the_customers_yes_moves_the_promised_time_and_their_no_moves_nothing(svc, clock, wang):
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(WIPERS))
    clock.set(at(DAY, "10:40"))
    customer = owner(svc, booking)
    after = svc.extra_work.answer(customer, booking.booking_id, "x1", True)
    assert after.to_json()["promised"]["at"] == at(DAY, "13:00").isoformat()
    assert after.to_json()["promised"]["delays"] == 0  # agreed, not a delay
    after = svc.extra_work.answer(customer, booking.booking_id, "x2", False)
    assert [(i["item_id"], i["status"], i["by_phone"]) for i in after.to_json()["extra_work"]] == [
        ("x1", "approved", False), ("x2", "declined", False)]
    assert after.to_json()["promised"]["at"] == at(DAY, "13:00").isoformat()
    with pytest.raises(Conflict) as refused:
        svc.extra_work.answer(customer, booking.booking_id, "x2", True)
    assert refused.value.code == "already_answered"


def test_only_the_customer_answers_in_the_mini_program(svc, clock, wang):
    booking = under_way(svc, clock, wang)
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    stranger = Principal("someone-else", booking.chain_id, "customer")
    with pytest.raises(NotFound):
        svc.extra_work.answer(stranger, booking.booking_id, "x1", True)
    with pytest.raises(NotFound):
        svc.extra_work.items(stranger, booking.booking_id)
    assert [i.status for i in svc.extra_work.items(owner(svc, booking), booking.booking_id)] == ["proposed"]


def test_a_phone_answer_records_who_said_what_and_when_they_were_told(svc, clock, wang):
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    clock.set(at(DAY, "10:45"))
    with pytest.raises(ValidationError) as refused:
        svc.extra_work.phone_answer(wang, booking.booking_id, "x1", False, "  ", None)
    assert refused.value.field == "said"
    after = svc.extra_work.phone_answer(wang, booking.booking_id, "x1", False, "车主本人电话表示下次再换",
                                        at(DAY, "10:40"))
    [item] = after.to_json()["extra_work"]
    assert (item["status"], item["by_phone"], item["said"], item["told_at"]) == (
        "declined", True, "车主本人电话表示下次再换", at(DAY, "10:40").isoformat())
    assert any(e.kind == "extra_work_declined" and e.by == "staff:wang" for e in after.events)


def test_the_bill_at_pickup_has_the_approved_work_only(svc, clock, wang):
    booking = under_way(svc, clock, wang, price=500)  # yuan
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(WIPERS))
    customer = owner(svc, booking)
    svc.extra_work.answer(customer, booking.booking_id, "x1", True)
    svc.extra_work.answer(customer, booking.booking_id, "x2", False)
    before = len(sent(svc))
    svc.staff_ops.act(wang, booking.booking_id, "complete")
    [told] = [s.data for s in sent(svc)[before:]]
    assert "1180.00" in told  # 500.00 + 680.00; the declined wipers are not on it


def test_no_extra_work_on_a_booking_not_under_way(svc, clock, wang):
    clock.set(at(DAY, "08:00"))
    booking = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    with pytest.raises(Conflict):
        svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))


@pytest.mark.parametrize("body, field", [
    ({**PADS, "price_fen": 680.5}, "price_fen"), ({**PADS, "price_fen": 0}, "price_fen"),
    ({**PADS, "minutes": -5}, "minutes"), ({k: v for k, v in PADS.items() if k != "why"}, "why"),
])
def test_a_proposal_says_what_why_and_a_price_in_fen(body, field):
    with pytest.raises(ValidationError) as refused:
        extra_input(body)
    assert refused.value.field == field


def calls(svc, chain):
    return [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "extra_work_unanswered"]


def test_an_unanswered_proposal_becomes_a_call_after_30_minutes_closed_by_the_answer(svc, chain, clock, wang):
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    clock.set(at(DAY, "10:55"))
    svc.checks.run("reminders")
    assert calls(svc, chain) == []
    clock.set(at(DAY, "11:00"))
    svc.checks.run("reminders")
    svc.checks.run("reminders")
    assert len(calls(svc, chain)) == 1  # once
    clock.set(at(DAY, "11:05"))
    svc.extra_work.phone_answer(wang, booking.booking_id, "x1", True, "车主同意更换", at(DAY, "11:04"))
    assert calls(svc, chain) == []


def test_an_answered_proposal_opens_no_call(svc, chain, clock, wang):
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    svc.extra_work.propose(wang, booking.booking_id, extra_input(PADS))
    svc.extra_work.answer(owner(svc, booking), booking.booking_id, "x1", True)
    clock.set(at(DAY, "11:05"))
    svc.checks.run("reminders")
    assert calls(svc, chain) == []
