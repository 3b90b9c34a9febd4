"""What the mini-program's coupon page and booking page read (docs/product-rules.md#coupons): each slot's labour at
its discount (what a coupon takes its share of, so the page shows the price with and without the coupon), and a
claimed coupon still listed, marked expired, for a while after its last day."""
from __future__ import annotations

from datetime import date

from tests.conftest import at
from tests.service.test_coupons import offered  # noqa: F401  (the fixture: two campaigns' coupons on offer)
from tests.support.bookings import customer, request, with_demo_plan


def test_each_slot_shows_its_labour_at_the_slots_discount(svc, chain):
    with_demo_plan(svc, chain)
    found = svc.availability.day(chain, "pudong", date(2026, 11, 24), "maintenance")
    shown = {v.start.strftime("%H:%M"): v.to_json() for v in found.slots}
    # the demo price list: maintenance 2 h x 180.00 + 350.00 parts; the recommended afternoon takes 15 % off labour
    assert {k: shown["14:00"][k] for k in ("price_estimate", "labour_estimate")} == {
        "price_estimate": "656.00", "labour_estimate": "306.00"}
    assert {k: shown["10:00"][k] for k in ("price_estimate", "labour_estimate")} == {
        "price_estimate": "710.00", "labour_estimate": "360.00"}
    unasked = svc.availability.day(chain, "pudong", date(2026, 11, 24), None)
    assert {v.to_json()["labour_estimate"] for v in unasked.slots} == {None}


def test_a_slots_labour_is_what_the_booking_takes_a_percent_coupon_off(svc, chain, clock, offered):  # noqa: F811
    alice = customer(svc, chain, "alice")
    with_demo_plan(svc, chain)
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "tenth")
    [slot] = [v for v in svc.availability.day(chain, "pudong", date(2026, 12, 8), "maintenance").slots
              if v.start == at("2026-12-08", "14:00")]
    booking, _ = svc.booking.book_online(alice, request(at("2026-12-08", "14:00")), "k1", "tenth")
    assert booking.coupon_fen == round(slot.labour_estimate * 0.10)  # 10 % of 306.00
    assert booking.price_estimate == slot.price_estimate - booking.coupon_fen


def test_a_claimed_coupon_stays_listed_as_expired_for_thirty_days(svc, chain, clock, offered):  # noqa: F811
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-12-02", "09:00"))
    svc.coupons.claim(alice, "winter-check")
    shown = {c["coupon_id"]: c["expired"] for c in svc.coupons.mine(alice)["coupons"]}
    assert shown == {"winter-check": False, "tenth": False}
    clock.set(at("2027-01-01", "09:00"))  # both ended on 2026-12-31; only the claimed one is still listed
    [row] = svc.coupons.mine(alice)["coupons"]
    assert (row["coupon_id"], row["claimed"], row["expired"], row["usable"]) == ("winter-check", True, True, False)
    clock.set(at("2027-01-30", "09:00"))  # the 30th day after its last
    assert [c["coupon_id"] for c in svc.coupons.mine(alice)["coupons"]] == ["winter-check"]
    clock.set(at("2027-01-31", "09:00"))
    assert svc.coupons.mine(alice) == {"coupons": []}
