"""What the counter's screens read: the day plan's slots against capacity and confirmation deadlines, and the
slots a phone booking is made from, with tier, price and the advisor proposed."""
from __future__ import annotations

from tests.conftest import at
from tests.e2e.test_staff_api import PHONE_BOOKING, book, call, staff_login


def test_the_plan_counts_each_slot_against_its_capacity_and_dates_pending_confirmations(client, people, clock):
    mgr = staff_login(client, people, "mgr")
    for i in range(2):
        book(client, mgr, start="2026-11-23T10:00:00+08:00", vehicle={**PHONE_BOOKING["vehicle"], "plate": f"沪A1000{i}"})
    plan = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-23", mgr).json_body
    slots = {s["start"]: (s["taken"], s["capacity"]) for s in plan["slots"]}
    assert slots["10:00"] == (2, 3) and slots["08:30"] == (0, 3) and len(slots) == 18
    assert all(b["confirm_by"] for b in plan["bookings"])  # pending: two store-hours after booking
    assert plan["bookings"][0]["confirm_by"] == at("2026-11-23", "10:30").isoformat()


def test_a_phone_booking_is_made_from_the_days_slots_with_tier_price_and_a_proposed_advisor(client, people, clock):
    mgr = staff_login(client, people, "mgr")
    clock.set(at("2026-11-23", "10:10"))
    r = call(client, "GET", "/staff/stores/pudong/slots?date=2026-11-23&service_type=maintenance&phone=13800138000", mgr)
    assert r.status_code == 200, r.json_body
    first = r.json_body["slots"][0]
    assert first["start"] == at("2026-11-23", "10:00").isoformat()  # under way: staff may still book it
    assert first["tier"] and first["price_estimate"] is not None and first["available"] == 3
    assert r.json_body["advisor"]["username"] == "wang"
    other = call(client, "GET", "/staff/stores/xuhui/slots?date=2026-11-23", staff_login(client, people, "wang"))
    assert other.status_code in (403, 404)
