"""The store's search index (decision 0038) on the embedded DynamoDB answers what the bookings say now: after the
same number is booked again with a corrected name and another car, after a booking is moved, and after the number
is taken over by a WeChat customer, every term finds the bookings as they are, grouped under the customer who
holds them, with their latest name and every car."""
from __future__ import annotations

from datetime import datetime

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.booking.search import customers_of
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer


def found(svc, wang, typed):
    _, hits = svc.staff_desk.search(wang, "pudong", typed)
    return hits, customers_of(hits)


def test_search_follows_a_corrected_name_a_new_car_a_move_and_a_taken_over_number(svc, chain, clock):
    wang = add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    clock.set(at("2026-11-23", "08:00"))
    first = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request(PHONE_BOOKING), NO_PARTS)
    second = svc.staff_ops.book(wang, "pudong", staff_requests.staff_booking_request({
        **PHONE_BOOKING, "start": "2026-11-25T10:00:00+08:00", "customer": {**PHONE_BOOKING["customer"], "name": "张玮"},
        "vehicle": {"plate": "沪B67890", "model": "Tesla Model 3", "mileage": 12000}}), NO_PARTS)
    assert second.customer_id == first.customer_id

    hits, people = found(svc, wang, "张玮")  # the corrected name
    assert [h.booking_id for h in hits] == [second.booking_id]
    hits, people = found(svc, wang, "8000")  # the phone's last four: both, the newest first, one customer
    assert [h.booking_id for h in hits] == [second.booking_id, first.booking_id]
    [person] = people
    assert (person["name"], [v["plate"] for v in person["vehicles"]]) == ("张玮", ["沪B67890", "沪A12345"])
    hits, _ = found(svc, wang, "B678")  # the new car
    assert [h.booking_id for h in hits] == [second.booking_id]

    svc.staff_ops.reschedule(wang, first.booking_id, datetime.fromisoformat("2026-11-26T14:00:00+08:00"))
    hits, _ = found(svc, wang, "A12345")  # the hit holds the new time
    assert [(h.booking_id, h.start) for h in hits] == [(first.booking_id, datetime.fromisoformat("2026-11-26T14:00:00+08:00"))]

    alice = customer(svc, chain, "alice")
    assert svc.phone_link.link(alice, "phone-13800138000", "沪A12345").outcome == "merged"
    for typed in ("张伟", "张玮", "138001", "8000", "A12345", "B678"):
        hits, people = found(svc, wang, typed)
        assert hits and {h.customer_id for h in hits} == {alice.subject}, typed
