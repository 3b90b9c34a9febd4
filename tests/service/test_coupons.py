"""Booking incentives on the use cases (docs/product-rules.md#coupons): a campaign's coupon is shown and claimed
in the mini-program, applied to a booking's labour (money in fen), used no more than its limit even by two
bookings at once, valid only for its dates, never named in the campaign's SMS, and counted in the report."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import customer, request

WINTER = {"campaign_id": "winter-check", "name": "冬季检查", "service_type": "maintenance", "store_ids": ["pudong"],
          "starts": "2026-12-01", "ends": "2026-12-31", "wording": "seasonal", "audience": "due_this_month",
          "coupon": {"amount_fen": 5000, "valid_from": "2026-12-01", "valid_to": "2026-12-31", "per_customer": 1}}


@pytest.fixture
def offered(svc, chain, clock):
    admin = add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())
    clock.set(at("2026-11-20", "10:00"))
    svc.campaigns.define(admin, WINTER)
    svc.campaigns.define(admin, {**WINTER, "campaign_id": "tenth", "name": "九折",
                                 "coupon": {"percent": 10, "valid_from": "2026-12-01", "valid_to": "2026-12-31",
                                            "per_customer": 2}})
    for campaign_id in ("winter-check", "tenth"):
        svc.campaigns.schedule(admin, campaign_id, at("2026-12-01", "10:00"))
    return admin


def test_a_coupon_is_checked_when_the_campaign_is_defined(svc, chain, clock):
    admin = add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())
    clock.set(at("2026-11-20", "10:00"))
    for coupon, field in (({"amount_fen": 5000, "percent": 10}, "coupon.amount_fen"),
                          ({"percent": 120, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}, "coupon.percent"),
                          ({"amount_fen": 50.5, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}, "coupon.amount_fen"),
                          ({"amount_fen": 5000, "valid_from": "2026-12-31", "valid_to": "2026-12-01"}, "coupon.valid_to")):
        with pytest.raises(ValidationError) as bad:
            svc.campaigns.define(admin, {**WINTER, "coupon": coupon})
        assert bad.value.field == field


def test_claimed_then_applied_to_the_labour_once(svc, chain, clock, offered):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    shown = {c["coupon_id"]: (c["claimed"], c["usable"]) for c in svc.coupons.mine(alice)["coupons"]}
    assert shown == {"winter-check": (False, False), "tenth": (False, False)}
    with pytest.raises(Conflict) as unclaimed:
        svc.booking.book_online(alice, request(at("2026-12-10", "10:00")), "k0", "winter-check")
    assert unclaimed.value.code == "coupon_used_up"
    assert svc.coupons.claim(alice, "winter-check")["usable"] is True
    booking, _ = svc.booking.book_online(alice, request(at("2026-12-10", "10:00")), "k1", "winter-check")
    # the demo price list: maintenance 2 h x 180.00 + 350.00 parts = 710.00; 50.00 off the labour
    assert (booking.coupon_id, booking.coupon_fen, booking.price_estimate) == ("winter-check", 5000, 66000)
    assert booking.to_json()["coupon"] == {"coupon_id": "winter-check", "off": "50.00"}
    with pytest.raises(Conflict) as again:
        svc.booking.book_online(alice, request(at("2026-12-11", "10:00")), "k2", "winter-check")
    assert again.value.code == "coupon_used_up"
    [row] = [c for c in svc.coupons.mine(alice)["coupons"] if c["coupon_id"] == "winter-check"]
    assert (row["used"], row["usable"]) == (1, False)
    svc.coupons.claim(alice, "tenth")
    tenth, _ = svc.booking.book_online(alice, request(at("2026-12-11", "11:00"), plate="沪B22222"), "k3", "tenth")
    assert (tenth.coupon_fen, tenth.price_estimate) == (3600, 71000 - 3600)  # 10 % of 360.00 labour


def test_two_bookings_at_once_use_a_coupon_once(svc, chain, clock, offered):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")

    def book(hhmm: str) -> str:
        try:
            svc.booking.book_online(alice, request(at("2026-12-10", hhmm), plate=f"沪C{hhmm[:2]}000"), hhmm, "winter-check")
        except Conflict as refused:
            return refused.code
        return "booked"

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert sorted(pool.map(book, ("10:00", "11:00"))) == ["booked", "coupon_used_up"]


def test_only_for_its_dates_and_only_coupons_on_offer(svc, chain, clock, offered):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")
    clock.set(at("2026-12-20", "09:00"))
    with pytest.raises(Conflict) as outside:
        svc.booking.book_online(alice, request(at("2027-01-05", "10:00")), "k", "winter-check")
    assert outside.value.code == "coupon_not_valid"
    with pytest.raises(NotFound):
        svc.coupons.claim(alice, "no-such-coupon")
    clock.set(at("2027-01-01", "09:00"))
    assert svc.coupons.mine(alice)["coupons"][0]["expired"] is True  # claimed: listed as expired (not usable)


def test_counted_in_the_report(svc, chain, clock, offered, mgr):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")
    booking, _ = svc.booking.book_online(alice, request(at("2026-12-10", "10:00")), "k1", "winter-check")
    clock.set(at("2026-12-10", "10:00"))
    svc.staff_ops.act(mgr, booking.booking_id, "check-in")
    totals = svc.reports.store_report(mgr, "pudong", date(2026, 12, 10), date(2026, 12, 10))["totals"]
    assert (totals["coupon_bookings"], totals["coupon_fen"]) == (1, 5000)


def test_a_moved_booking_keeps_what_its_coupon_took_off(svc, chain, clock, offered):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")
    booking, _ = svc.booking.book_online(alice, request(at("2026-12-10", "10:00")), "k1", "winter-check")
    moved = svc.booking.reschedule_own(alice, booking.booking_id, at("2026-12-11", "10:00"))
    assert (moved.coupon_id, moved.coupon_fen, moved.price_estimate) == ("winter-check", 5000, 66000)


def test_a_cancelled_booking_gives_its_coupon_use_back(svc, chain, clock, offered, mgr):
    """Cancelled by the customer or by the store, the booking's use of the coupon is given back in the same write:
    the customer may book with it again (docs/product-rules.md#coupons)."""
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")
    first, _ = svc.booking.book_online(alice, request(at("2026-12-10", "10:00")), "k1", "winter-check")
    svc.booking.cancel_own(alice, first.booking_id)
    [row] = [c for c in svc.coupons.mine(alice)["coupons"] if c["coupon_id"] == "winter-check"]
    assert (row["used"], row["usable"]) == (0, True)
    second, _ = svc.booking.book_online(alice, request(at("2026-12-11", "10:00")), "k2", "winter-check")
    assert second.coupon_fen == 5000
    svc.staff_ops.act(mgr, second.booking_id, "cancel")
    third, _ = svc.booking.book_online(alice, request(at("2026-12-12", "10:00")), "k3", "winter-check")
    assert third.coupon_id == "winter-check"
    [row] = [c for c in svc.coupons.mine(alice)["coupons"] if c["coupon_id"] == "winter-check"]
    assert (row["used"], row["usable"]) == (1, False)
