"""A coupon the customer claimed, applied by staff (docs/product-rules.md#coupons): on a phone booking
(`POST /staff/stores/{id}/bookings`) and when registering a walk-in. The claim is the customer's: the mini-program
customer whose car it is and who verified the number given (or who took that number over); the booking goes to
them and uses the coupon in its own write, as a customer's own booking does. A number nobody claimed the coupon
for is refused, and so is a use past the limit."""
from __future__ import annotations

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Conflict
from tests.conftest import at
from tests.service.test_coupons import offered  # noqa: F401 (the fixture: two campaigns with coupons)
from tests.support.bookings import customer, request

PHONE, PLATE = "13800138000", "沪A12345"  # what tests.support.bookings.request books with


def used(svc, who) -> int:
    return next(c["used"] for c in svc.coupons.mine(who)["coupons"] if c["coupon_id"] == "winter-check")


def staff_request(source: str, start=None, phone: str = PHONE, **extra):
    body = {"service_type": "maintenance", "source": source, "customer": {"name": "张伟", "phone": phone},
            "vehicle": {"plate": PLATE, "model": "Mazda 6", "mileage": 35000}, "coupon_id": "winter-check", **extra}
    if start is not None:
        body["start"] = start.isoformat()
    return staff_requests.staff_booking_request(body)


@pytest.fixture
def alice(svc, chain, clock, offered):  # noqa: F811
    """Her car is on file with her (a film booking she made), her number verified; she claimed the winter coupon."""
    who = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.booking.book_online(who, request(at("2026-12-03", "10:00"), service_type="beauty"), "film")
    svc.ports.customers.verify_phone(chain, who.subject, PHONE, clock.now())
    svc.coupons.claim(who, "winter-check")
    return who


def test_a_phone_booking_takes_her_claimed_coupon(svc, chain, clock, mgr, alice):
    booking = svc.staff_ops.book(mgr, "pudong", staff_request("phone", at("2026-12-10", "10:00")))
    assert (booking.customer_id, booking.coupon_id, booking.coupon_fen) == (alice.subject, "winter-check", 5000)
    assert booking.price_estimate == 66000  # 710.00 less 50.00 off the labour
    [row] = [c for c in svc.coupons.mine(alice)["coupons"] if c["coupon_id"] == "winter-check"]
    assert (row["used"], row["usable"]) == (1, False)
    with pytest.raises(Conflict) as again:
        svc.staff_ops.book(mgr, "pudong", staff_request("phone", at("2026-12-11", "10:00")))
    assert again.value.code == "coupon_used_up"


def test_a_walk_in_takes_her_claimed_coupon(svc, chain, clock, mgr, alice):
    clock.set(at("2026-12-10", "10:05"))
    booking = svc.staff_ops.book(mgr, "pudong", staff_request("walk_in"))
    assert (booking.customer_id, booking.coupon_id, booking.coupon_fen, booking.status.value) == (
        alice.subject, "winter-check", 5000, "arrived")
    assert used(svc, alice) == 1


def test_a_number_nobody_claimed_it_for_is_refused(svc, chain, clock, mgr, alice):
    with pytest.raises(Conflict) as refused:
        svc.staff_ops.book(mgr, "pudong", staff_request("phone", at("2026-12-10", "10:00"), phone="13900139000"))
    assert refused.value.code == "coupon_used_up"
    assert used(svc, alice) == 0
