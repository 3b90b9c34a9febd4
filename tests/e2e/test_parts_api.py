"""A booking waiting for parts through HTTP, from the advisor's estimate to the month's figures: the customer
hears the parts' expected date (and every change of it), the slot staff give it once the parts arrive keeps
the advisor's estimate and confirms it, and the report counts its revenue and no confirmation-SLA miss."""
from __future__ import annotations

from chalicelib.adapters.dynamo.keys import customer_key
from chalicelib.adapters.dynamo.models import OutboxModel
from tests.conftest import at
from tests.e2e.test_staff_api import act, book, call, staff_login


def messages(svc, chain: str, booking_id: str) -> list[tuple[str, dict]]:
    """(kind, context) of every message queued for the booking's customer about it, oldest first."""
    customer_id = svc.ports.bookings.get(booking_id).customer_id
    keys = [m.dedupe_key for m in OutboxModel.by_customer.query(customer_key(chain, customer_id))]
    records = [svc.ports.outbox.get(k) for k in keys]
    return [(r.kind, r.context) for r in records if r is not None and r.booking_id == booking_id]


def test_a_parts_booking_keeps_the_advisors_estimate_and_is_confirmed_when_given_its_slot(client, people, svc, clock):
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")
    waiting = book(client, wang, waiting_for_parts=True, start=None, service_type="repair", estimate={"price": 3800},
                   parts={"expected": "2026-11-25", "estimate_fen": 300_000, "deposit_fen": 150_000})
    bid = waiting["booking_id"]
    assert (waiting["status"], waiting["price_estimate"]) == ("pending", "3800.00")
    assert [(kind, ctx.get("due")) for kind, ctx in messages(svc, people, bid)] == [("parts_expected", "2026-11-25")]

    clock.set(at("2026-11-24", "15:00"))  # the supplier is late: the customer hears the new date
    wang = staff_login(client, people, "wang")
    moved = call(client, "POST", f"/staff/bookings/{bid}/parts-expected", wang, {"expected": "2026-11-26"})
    assert moved.status_code == 200, moved.json_body
    assert moved.json_body["parts"]["expected"] == "2026-11-26"
    assert [(kind, ctx.get("due")) for kind, ctx in messages(svc, people, bid)] == [
        ("parts_expected", "2026-11-25"), ("parts_expected", "2026-11-26")]
    past = call(client, "POST", f"/staff/bookings/{bid}/parts-expected", wang, {"expected": "2026-11-20"})
    assert past.status_code == 400 and past.json_body["error"]["field"] == "expected"

    clock.set(at("2026-11-26", "10:00"))
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")  # a new day: sign in again
    assert act(client, wang, bid, "parts-arrived").status_code == 200
    late = call(client, "POST", f"/staff/bookings/{bid}/parts-expected", wang, {"expected": "2026-11-28"})
    assert late.status_code == 409 and late.json_body["error"]["code"] == "parts_not_waiting"
    r = call(client, "POST", f"/staff/bookings/{bid}/reschedule", wang, {"start": "2026-11-27T10:00:00+08:00"})
    assert r.status_code == 200, r.json_body
    assert (r.json_body["status"], r.json_body["price_estimate"]) == ("confirmed", "3800.00")  # not the list's 900.00
    confirmations = [said for kind, said in messages(svc, people, bid) if kind == "booking_confirmed"]
    assert [said["price_estimate"] for said in confirmations] == [380_000]

    clock.set(at("2026-11-27", "09:50"))
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")
    plan = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-27", wang).json_body
    assert plan["pending_past_sla"] == []
    for action in ("check-in", "start", "complete"):
        assert act(client, wang, bid, action).status_code == 200
    day = call(client, "GET", "/staff/stores/pudong/report?from=2026-11-27", mgr).json_body["days"][0]
    assert (day["revenue_fen"], day["sla_misses"]) == (380_000, 0)
