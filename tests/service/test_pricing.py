"""The store plan and prices through the use cases: slots with tier, segment, discount and price estimate; a
segment's quota; the booking keeps the quote, a reschedule re-quotes; staff prices in fen."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import SlotFull
from tests.conftest import at
from tests.support.bookings import PHONE_BOOKING, customer, request, with_demo_plan

MONDAY, TUESDAY, SATURDAY = "2026-11-23", "2026-11-24", "2026-11-28"


def slots(svc, chain, day: str, service_type: str | None = "maintenance") -> dict[str, dict]:
    found = svc.availability.day(chain, "pudong", date.fromisoformat(day), service_type)
    return {v.start.strftime("%H:%M"): v.to_json() for v in found.slots}


def test_each_slot_shows_tier_segment_discount_and_price(svc, chain):
    with_demo_plan(svc, chain)
    tuesday = slots(svc, chain, TUESDAY)
    assert {k: tuesday["14:00"][k] for k in ("tier", "segment", "discount", "price_estimate")} == {
        "tier": "recommended", "segment": "周中午后闲时", "discount": 0.15, "price_estimate": "656.00"}
    assert {k: tuesday["10:00"][k] for k in ("tier", "segment", "discount", "price_estimate")} == {
        "tier": "normal", "segment": None, "discount": 0.0, "price_estimate": "710.00"}
    saturday = slots(svc, chain, SATURDAY)
    assert {(v["tier"], v["segment"], v["price_estimate"]) for v in saturday.values()} == {("busy", "周六全天", "710.00")}
    monday = slots(svc, chain, MONDAY)  # the clock reads Monday 08:00: the first slot is 09:00
    assert (monday["09:00"]["tier"], monday["10:30"]["tier"]) == ("busy", "normal")
    assert slots(svc, chain, TUESDAY, None)["14:00"]["price_estimate"] is None  # no service asked about
    assert slots(svc, chain, TUESDAY, "repair")["14:00"]["price_estimate"] == "840.00"  # 400 × 0.85 + 500


def test_a_segments_quota_caps_its_bookings_across_its_slots_and_a_cancel_frees_one(svc, chain):
    store = with_demo_plan(svc, chain)
    idle = replace(store.plan[2], quota=2)
    svc.ports.stores.put(replace(store, plan=(*store.plan[:2], idle)))
    first = svc.booking.book_online(customer(svc, chain, "a"), request(at(TUESDAY, "13:30"), plate="沪A10001"), "k")[0]
    svc.booking.book_online(customer(svc, chain, "b"), request(at(TUESDAY, "15:30"), plate="沪A10002"), "k")
    shown = slots(svc, chain, TUESDAY)
    assert {hhmm: shown[hhmm]["available"] for hhmm in ("13:30", "14:00", "15:30", "16:00")} == {
        "13:30": 0, "14:00": 0, "15:30": 0, "16:00": 3}
    late = customer(svc, chain, "c")
    with pytest.raises(SlotFull) as refused:
        svc.booking.book_online(late, request(at(TUESDAY, "14:30"), plate="沪A10003"), "k")
    assert (refused.value.code, refused.value.field) == ("segment_full", "start")
    assert svc.ports.bookings.day_load(chain, "pudong", date(2026, 11, 24)).segments == {"midweek-idle": 2}
    svc.booking.cancel_own(customer(svc, chain, "a"), first.booking_id)
    assert svc.booking.book_online(late, request(at(TUESDAY, "14:30"), plate="沪A10003"), "k2")[0].segment == "midweek-idle"
    assert svc.auditor.store_day(chain, "pudong", date(2026, 11, 24)).total == 0


def test_a_reschedule_requotes_for_the_new_slot(svc, chain, clock):
    with_demo_plan(svc, chain)
    alice = customer(svc, chain, "alice")
    booking = svc.booking.book_online(alice, request(at(TUESDAY, "10:00")), "k")[0]
    assert (booking.tier, booking.price_estimate) == ("normal", 71_000)
    moved = svc.booking.reschedule_own(alice, booking.booking_id, at(TUESDAY, "14:00"))
    assert (moved.tier, moved.discount, moved.segment, moved.price_estimate) == ("recommended", 0.15, "midweek-idle", 65_600)
    assert svc.ports.bookings.day_load(chain, "pudong", date(2026, 11, 24)).segments == {"midweek-idle": 1}
    clock.advance(minutes=5)
    back = svc.booking.reschedule_own(alice, booking.booking_id, at(SATURDAY, "10:00"))
    assert (back.tier, back.discount, back.segment_name, back.price_estimate) == ("busy", 0.0, "周六全天", 71_000)
    assert svc.ports.bookings.day_load(chain, "pudong", date(2026, 11, 24)).segments == {"midweek-idle": 0}
    for day in (date(2026, 11, 24), date(2026, 11, 28)):
        assert svc.auditor.store_day(chain, "pudong", day).total == 0


def test_the_booking_json_keeps_the_quote_in_yuan(svc, chain):
    with_demo_plan(svc, chain)
    alice = customer(svc, chain, "alice")
    booking = svc.booking.book_online(alice, request(at(TUESDAY, "14:00")), "k")[0]
    shown = svc.booking.own(alice, booking.booking_id).to_json()
    assert {k: shown[k] for k in ("tier", "discount", "segment", "price_estimate")} == {
        "tier": "recommended", "discount": 0.15, "segment": "周中午后闲时", "price_estimate": "656.00"}


def test_staff_bookings_take_the_list_price_or_the_advisors(svc, chain, mgr):
    with_demo_plan(svc, chain)
    listed = svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "start": "2026-11-24T14:00:00+08:00"}))
    assert (listed.tier, listed.discount, listed.price_estimate) == ("recommended", 0.15, 84_000)  # repair
    quoted = svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "start": "2026-11-24T14:30:00+08:00", "estimate": {"price": "1280.50"},
         "vehicle": {**PHONE_BOOKING["vehicle"], "plate": "沪B22222"}}))
    assert quoted.price_estimate == 128_050 and quoted.to_json()["price_estimate"] == "1280.50"
    confirmed = svc.staff_ops.act(mgr, listed.booking_id, "confirm", staff_requests.staff_action({"estimate": {"price": 999}}))
    assert confirmed.price_estimate == 99_900


def test_a_service_without_a_listed_price_has_no_estimate(svc, chain):
    store = with_demo_plan(svc, chain)
    svc.ports.stores.put(replace(store, price_list={}))
    booking = svc.booking.book_online(customer(svc, chain, "a"), request(at(TUESDAY, "14:00")), "k")[0]
    assert (booking.discount, booking.price_estimate, booking.to_json()["price_estimate"]) == (0.15, None, None)



def test_booking_messages_carry_the_quote_for_their_wording(svc, chain, mgr):
    with_demo_plan(svc, chain)
    booking = svc.staff_ops.book(mgr, "pudong", staff_requests.staff_booking_request(
        {**PHONE_BOOKING, "service_type": "maintenance", "start": "2026-11-24T14:00:00+08:00"}))
    confirmed = svc.staff_ops.act(mgr, booking.booking_id, "confirm", staff_requests.staff_action({}))
    message = svc.ports.outbox.get(f"{chain}#{confirmed.booking_id}#booking_confirmed#{svc.clock.now().isoformat()}")
    assert (message.context["price_estimate"], message.context["discount"]) == (65_600, 0.15)


def test_a_grace_release_and_a_no_show_give_the_segments_quota_back_once(svc, chain, clock):
    """The checks move the segment counter with the place: released after the grace period, not twice at the
    no-show, and the auditor agrees at every step."""
    from tests.service.test_checks import walk

    with_demo_plan(svc, chain)
    booking = svc.booking.book_online(customer(svc, chain, "a"), request(at(TUESDAY, "14:00")), "k")[0]
    day = date(2026, 11, 24)
    assert svc.ports.bookings.day_load(chain, "pudong", day).segments == {"midweek-idle": 1}
    walk(svc, clock, [(MONDAY, "10:31")])  # the checks ran the day before too (the confirmation-SLA step)
    walk(svc, clock, [(TUESDAY, "14:10")])  # grace over: place and quota go to walk-ins
    load = svc.ports.bookings.day_load(chain, "pudong", day)
    assert (load.taken, load.segments) == ({"14:00": 0}, {"midweek-idle": 0})
    assert svc.auditor.store_day(chain, "pudong", day).total == 0
    walk(svc, clock, [(TUESDAY, "15:00"), (TUESDAY, "15:01")])
    assert svc.ports.bookings.get(booking.booking_id).status.value == "no_show"
    assert svc.ports.bookings.day_load(chain, "pudong", day).segments == {"midweek-idle": 0}
    assert svc.auditor.store_day(chain, "pudong", day).total == 0
