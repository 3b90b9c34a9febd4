"""Rebooking a WeChat customer who missed their booking, by phone (docs/product-rules.md#rebooking): the clerk's
booking goes to the customer who missed it (the mini-program customer who booked that car with that number, or
the one who took the number over), carries their priority, spends it and settles the rebooking call."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request

DAY = "2026-11-24"
LATE_DAY = (("2026-11-23", "10:00"), ("2026-11-24", "07:00"), ("2026-11-24", "09:00"), ("2026-11-24", "10:10"),
            ("2026-11-24", "10:30"), ("2026-11-24", "11:00"))


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def phone_booking(svc, who, **overrides):
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request({**PHONE_BOOKING, **overrides}), NO_PARTS)


def missed(svc, clock, booking_id):
    """The booking checks through the day until the booking is a no-show (+60 min)."""
    for day, hhmm in LATE_DAY:
        clock.set(at(day, hhmm))
        svc.checks.run("reminders")
        svc.checks.run("lateness")
    assert svc.ports.bookings.get(booking_id).status.value == "no_show"


def rebook_calls(svc, chain, open_: bool):
    tasks = svc.ports.tasks.open_for_store(chain, "pudong") if open_ else \
        svc.ports.tasks.done_for_store(chain, "pudong", date(2026, 11, 24))
    return [(t.kind, t.outcome) for t in tasks if t.kind == "rebook_no_show"]


def test_a_phone_rebooking_of_a_wechat_no_show_goes_to_them_with_their_priority(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")  # 13800138000, 沪A12345
    missed(svc, clock, mine.booking_id)
    assert svc.ports.customers.get(chain, alice.subject).rebook_priority
    again = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00")  # the clerk calls her back
    assert again.customer_id == alice.subject  # one customer, not a second record for the phone
    assert again.priority == "rebook"
    assert rebook_calls(svc, chain, open_=True) == []
    assert rebook_calls(svc, chain, open_=False) == [("rebook_no_show", "rebooked")]
    flag = svc.ports.customers.get(chain, alice.subject)
    assert (flag.rebook_priority, flag.rebook_task) == (False, None)
    assert svc.ports.customers.find(chain, phone_customer_id(chain, PHONE_BOOKING["customer"]["phone"])) is None
    assert {b.booking_id for b in svc.booking.list_own(alice)} == {mine.booking_id, again.booking_id}


def test_a_phone_rebooking_through_a_taken_over_number_uses_the_wechat_customers_priority(svc, chain, clock, wang):
    first = phone_booking(svc, wang, start="2026-11-30T15:00:00+08:00")
    alice = customer(svc, chain, "alice")
    assert svc.phone_link.link(alice, "phone-13800138000", "沪A12345").outcome == "merged"
    assert svc.ports.bookings.get(first.booking_id).customer_id == alice.subject
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    missed(svc, clock, mine.booking_id)
    again = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00")
    assert (again.customer_id, again.priority) == (alice.subject, "rebook")
    assert rebook_calls(svc, chain, open_=True) == []
    assert rebook_calls(svc, chain, open_=False) == [("rebook_no_show", "rebooked")]
    assert not svc.ports.customers.get(chain, alice.subject).rebook_priority


def test_another_number_for_the_car_is_another_customer(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    mine, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    missed(svc, clock, mine.booking_id)
    other = {**PHONE_BOOKING["customer"], "phone": "13900139000"}
    booked = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00", customer=other)
    assert (booked.customer_id, booked.priority) == (phone_customer_id(chain, "13900139000"), None)
    assert rebook_calls(svc, chain, open_=True) == [("rebook_no_show", None)]
    assert svc.ports.customers.get(chain, alice.subject).rebook_priority


def test_a_phone_rebooking_settles_every_open_rebooking_call_of_the_customer(svc, chain, clock, wang):
    """Two missed bookings open two rebooking calls; the clerk's next booking settles both, not only the latest
    (docs/product-rules.md#call-tasks: each closes itself at the customer's next staff booking)."""
    clock.set(at("2026-11-23", "08:00"))
    first = phone_booking(svc, wang, start=f"{DAY}T10:00:00+08:00")
    second = phone_booking(svc, wang, start=f"{DAY}T10:30:00+08:00", vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪B54321"})
    missed(svc, clock, first.booking_id)
    clock.set(at(DAY, "11:31"))
    svc.checks.run("lateness")
    assert svc.ports.bookings.get(second.booking_id).status.value == "no_show"
    assert rebook_calls(svc, chain, open_=True) == [("rebook_no_show", None)] * 2
    again = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00")
    assert again.priority == "rebook"
    assert rebook_calls(svc, chain, open_=True) == []
    assert rebook_calls(svc, chain, open_=False) == [("rebook_no_show", "rebooked")] * 2
