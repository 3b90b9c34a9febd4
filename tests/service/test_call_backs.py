"""Call-back promises and the call to agree a new time after a customer's own cancellation
(docs/product-rules.md#call-back, #agree-new-time)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request

DAY = "2026-11-24"


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def phone_booking(svc, who, **overrides):
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, **overrides}), NO_PARTS)


def calls(svc, chain, kind, open_=True):
    tasks = svc.ports.tasks.open_for_store(chain, "pudong") if open_ else \
        svc.ports.tasks.done_for_store(chain, "pudong", date(2026, 11, 23))
    return [t for t in tasks if t.kind == kind]


def test_a_call_back_promised_from_a_booking_is_due_at_the_promise_and_listed_on_the_booking(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "09:00"))
    booking = phone_booking(svc, wang)
    task = svc.call_backs.from_booking(wang, booking.booking_id, 10, "问保养价格")
    assert (task.kind, task.booking_id, task.note) == ("call_back", booking.booking_id, "问保养价格")
    assert task.due_at == clock.now() + timedelta(minutes=10) == task.deadline
    assert task.customer_phone == "13800138000"
    assert ("call_back", task.task_id) in svc.ports.bookings.get(booking.booking_id).open_tasks
    assert [t.task_id for t in calls(svc, chain, "call_back")] == [task.task_id]
    again = svc.call_backs.from_booking(wang, booking.booking_id, 30, None)  # a second promise is its own task
    assert again.task_id != task.task_id and len(calls(svc, chain, "call_back")) == 2
    done = svc.staff_desk.close_task(wang, "pudong", task.task_id, "已回电", "reached")
    assert (done.outcome, done.done_by) == ("reached", "staff:wang")
    assert ("call_back", task.task_id) not in svc.ports.bookings.get(booking.booking_id).open_tasks


def test_a_call_back_promised_to_a_customer_without_a_booking(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "09:00"))
    booking = phone_booking(svc, wang)
    task = svc.call_backs.from_customer(wang, "pudong", booking.customer_id, 10, None)
    assert (task.kind, task.booking_id, task.customer_name, task.customer_phone) == \
        ("call_back", None, "张伟", "13800138000")
    assert task.due_at == clock.now() + timedelta(minutes=10)
    done = svc.staff_desk.close_task(wang, "pudong", task.task_id, None, "reached")
    assert not done.is_open


@pytest.mark.parametrize("minutes", [0, -5, 1441, "10", None, 2.5])
def test_a_promise_is_whole_minutes_within_a_day(svc, chain, clock, wang, minutes):
    clock.set(at("2026-11-23", "09:00"))
    booking = phone_booking(svc, wang)
    with pytest.raises(ValidationError) as refused:
        svc.call_backs.from_booking(wang, booking.booking_id, minutes, None)
    assert refused.value.field == "within_minutes"


def test_a_call_back_for_a_customer_or_booking_out_of_reach_is_not_found(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "09:00"))
    other = add_staff(svc, chain, "li", Role.ADVISOR, {"xuhui"})
    booking = phone_booking(svc, wang)
    with pytest.raises(NotFound):
        svc.call_backs.from_booking(other, booking.booking_id, 10, None)
    with pytest.raises(NotFound):
        svc.call_backs.from_customer(wang, "pudong", "c_nobody", 10, None)


def test_a_customers_own_cancellation_opens_a_call_to_agree_a_new_time(svc, chain, clock):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    svc.booking.cancel_own(alice, mine.booking_id, "临时出差")
    [task] = calls(svc, chain, "agree_new_time")
    assert (task.booking_id, task.due_at) == (mine.booking_id, clock.now() + timedelta(hours=2))
    record = svc.ports.customers.get(chain, alice.subject)
    assert record.new_time_task == f"pudong|{task.task_id}"
    assert not record.rebook_priority  # an own cancellation earns no priority


def test_the_customers_next_online_booking_closes_the_new_time_call(svc, chain, clock):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    svc.booking.cancel_own(alice, mine.booking_id, None)
    again, _ = svc.booking.book_online(alice, request(at("2026-11-26", "10:00")), "k2")
    assert calls(svc, chain, "agree_new_time") == []
    [done] = calls(svc, chain, "agree_new_time", open_=False)
    assert (done.outcome, done.done_by) == ("rebooked", "system")
    assert svc.ports.customers.get(chain, alice.subject).new_time_task is None
    assert again.priority is None


def test_the_clerks_phone_booking_after_the_call_goes_to_the_customer_and_closes_it(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")  # 13800138000, 沪A12345
    svc.booking.cancel_own(alice, mine.booking_id, None)
    assert len(calls(svc, chain, "agree_new_time")) == 1
    again = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00")  # the clerk calls her and books
    assert (again.customer_id, again.priority) == (alice.subject, None)  # her booking, no priority earned
    assert calls(svc, chain, "agree_new_time") == []
    assert [t.outcome for t in calls(svc, chain, "agree_new_time", open_=False)] == ["rebooked"]
    assert svc.ports.customers.get(chain, alice.subject).new_time_task is None
    assert svc.ports.customers.find(chain, phone_customer_id(chain, "13800138000")) is None


def test_a_new_time_call_closed_by_hand_is_left_alone_by_the_next_booking(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    svc.booking.cancel_own(alice, mine.booking_id, None)
    [task] = calls(svc, chain, "agree_new_time")
    svc.staff_desk.close_task(wang, "pudong", task.task_id, "客户下周再约", "declined")
    svc.booking.book_online(alice, request(at("2026-11-26", "10:00")), "k2")
    [done] = calls(svc, chain, "agree_new_time", open_=False)
    assert (done.outcome, done.done_by) == ("declined", "staff:wang")
    assert svc.ports.customers.get(chain, alice.subject).new_time_task is None


def test_a_store_cancellation_opens_no_new_time_call(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "08:00"))
    booking = phone_booking(svc, wang)
    svc.staff_ops.act(wang, booking.booking_id, "cancel", staff_requests.staff_action({"note": "技师请假"}))
    assert calls(svc, chain, "agree_new_time") == []
    assert [t.kind for t in svc.ports.tasks.open_for_store(chain, "pudong")] == ["rebook_store_cancel"]
