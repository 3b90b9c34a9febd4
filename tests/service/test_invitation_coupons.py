"""An invitation's coupon (docs/product-rules.md#invitation-coupons) through the lapse check, as the fan-out runs it:
the chain admin attaches a coupon to an invitation kind; each customer the invitation goes to is given it once, sees
it in the mini-program "for you", books with it (for the services that answer the invitation), and the report counts
it like any coupon; the SMS never names it; no invitation, no coupon."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import Conflict, Forbidden, NotFound, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.service.test_first_service import PLATE, done, new_car_booking
from tests.support.bookings import customer, request

GIFT = {"name": "首保礼券", "coupon": {"amount_fen": 3000, "valid_from": "2026-12-01", "valid_to": "2027-03-31"}}
WIN_BACK = {"coupon": {"percent": 20, "valid_from": "2027-01-01", "valid_to": "2027-06-30", "per_customer": 1}}


@pytest.fixture
def admin(svc, chain):
    return add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())


@pytest.fixture
def owner(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "newcar")
    svc.preferences.set_consent(who, {"marketing": True})
    return who


def invited_to_the_first_service(svc, clock, mgr, owner) -> None:
    """A new car's film job done, then the first-service invitation through the fan-out's lapse run."""
    done(svc, clock, mgr, new_car_booking(svc, owner, "beauty"))
    clock.set(at("2027-01-01", "18:00"))
    ran = svc.fanout.run("lapse")
    assert ran.get("first_service_due") == 1, ran


def test_the_chain_admin_attaches_a_coupon_to_an_invitation_kind(svc, chain, admin, mgr):
    attached = svc.invitation_coupons.attach(admin, "first_service_due", GIFT)
    assert (attached["coupon_id"], attached["invitation"], attached["service_types"]) == (
        "invitation-first_service_due", "first_service_due", ["first_service", "maintenance"])
    assert svc.invitation_coupons.attach(admin, "lapse_invitation", WIN_BACK)["service_types"] == []  # any service
    assert [c["coupon_id"] for c in svc.invitation_coupons.of_chain(admin)["invitation_coupons"]] == [
        "invitation-first_service_due", "invitation-lapse_invitation"]
    assert svc.campaigns.of_chain(admin) == []  # kept beside the campaigns, not one of them
    with pytest.raises(NotFound):
        svc.campaigns.schedule(admin, "invitation-first_service_due", at("2026-12-01", "10:00"))
    with pytest.raises(ValidationError) as kind:
        svc.invitation_coupons.attach(admin, "reminder", GIFT)
    assert kind.value.field == "kind"
    with pytest.raises(ValidationError):  # a campaign may not take an invitation coupon's id
        svc.campaigns.define(admin, {"campaign_id": "invitation-lapse_invitation", "name": "x", "service_type": "maintenance",
                                     "store_ids": ["pudong"], "starts": "2026-12-01", "ends": "2026-12-31",
                                     "wording": "seasonal", "audience": "lapsed"})
    with pytest.raises(Forbidden):
        svc.invitation_coupons.attach(mgr, "first_service_due", GIFT)


def test_the_invited_customer_is_given_the_coupon_once_and_books_with_it(svc, chain, clock, admin, mgr, owner):
    svc.invitation_coupons.attach(admin, "first_service_due", GIFT)
    other = customer(svc, chain, "nobody-invited")
    invited_to_the_first_service(svc, clock, mgr, owner)
    [mine] = svc.coupons.mine(owner)["coupons"]
    assert (mine["coupon_id"], mine["for_you"], mine["claimed"], mine["usable"], mine["name"]) == (
        "invitation-first_service_due", True, True, True, "首保礼券")
    assert svc.coupons.mine(other) == {"coupons": []}  # given with the invitation, not on offer to all
    with pytest.raises(NotFound):
        svc.coupons.claim(other, "invitation-first_service_due")
    svc.fanout.run("lapse")  # the run again: nothing given twice
    assert [c["used"] for c in svc.coupons.mine(owner)["coupons"]] == [0]

    with pytest.raises(Conflict) as not_for_it:  # a first-service invitation's coupon is for a maintenance service
        svc.booking.book_online(owner, request(at("2027-01-05", "10:00"), plate=PLATE, service_type="repair"), "r",
                                "invitation-first_service_due")
    assert not_for_it.value.code == "coupon_not_valid"
    booking, _ = svc.booking.book_online(
        owner, request(at("2027-01-05", "10:00"), plate=PLATE, service_type="maintenance"), "fs",
        "invitation-first_service_due")
    assert (booking.coupon_id, booking.coupon_fen) == ("invitation-first_service_due", 3000)
    clock.set(at("2027-01-05", "10:00"))
    svc.staff_ops.act(mgr, booking.booking_id, "check-in")
    totals = svc.reports.store_report(mgr, "pudong", date(2027, 1, 5), date(2027, 1, 5))["totals"]
    assert (totals["coupon_bookings"], totals["coupon_fen"]) == (1, 3000)


def test_the_invitation_never_names_its_coupon(svc, chain, clock, admin, mgr, owner):
    svc.invitation_coupons.attach(admin, "first_service_due", GIFT)
    invited_to_the_first_service(svc, clock, mgr, owner)
    svc.fanout.drain()  # the send workers
    [sms] = [s for s in sent(svc, "sms") if s.template_id == "sms-first_service_due"]
    assert not any(word in sms.data for word in ("首保礼券", "30.00", "30元", "券", "invitation-"))


def test_no_invitation_no_coupon(svc, chain, clock, admin, mgr, owner):
    """Without consent the invitation is withheld: nothing is given either."""
    svc.invitation_coupons.attach(admin, "first_service_due", GIFT)
    svc.preferences.set_consent(owner, {"marketing": False})
    done(svc, clock, mgr, new_car_booking(svc, owner, "beauty"))
    clock.set(at("2027-01-01", "18:00"))
    assert svc.fanout.run("lapse").get("moot") == 1
    assert svc.coupons.mine(owner) == {"coupons": []}


def test_a_coupon_past_its_last_day_is_no_longer_given(svc, chain, clock, admin, mgr, owner):
    svc.invitation_coupons.attach(admin, "first_service_due", {
        "coupon": {"amount_fen": 3000, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}})
    invited_to_the_first_service(svc, clock, mgr, owner)  # invited on 2027-01-01
    assert svc.coupons.mine(owner) == {"coupons": []}


def test_a_lapse_win_back_gives_its_coupon_for_any_service(svc, chain, clock, admin, mgr):
    svc.invitation_coupons.attach(admin, "lapse_invitation", WIN_BACK)
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "lapsing")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00")), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    svc.preferences.set_consent(who, {"marketing": True})
    clock.set(at("2027-02-24", "18:00"))
    assert svc.fanout.run("lapse").get("invited") == 1
    [mine] = svc.coupons.mine(who)["coupons"]
    assert (mine["coupon_id"], mine["for_you"], mine["usable"]) == ("invitation-lapse_invitation", True, True)
    back, _ = svc.booking.book_online(who, request(at("2027-03-02", "10:00"), service_type="repair"), "k2",
                                      "invitation-lapse_invitation")
    assert back.coupon_id == "invitation-lapse_invitation" and back.coupon_fen > 0
