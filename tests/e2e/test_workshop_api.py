"""The workshop and parts desks over HTTP on the embedded DynamoDB (docs/product-rules.md#workshop-and-parts):
the workshop's view of the store-day; the parts check and the readiness once per intent (Idempotency-Key);
refusals in Chinese; the desks kept to their own routes; the advisor's day plan showing both checks."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, book, call, staff_login

DAY = "2026-11-24"


@pytest.fixture
def desks(client, people, clock):
    clock.set(at("2026-11-23", "15:00"))  # the afternoon before the booked day: the sessions last into it
    add_staff(people, "chen", Role.WORKSHOP, {"pudong"})
    add_staff(people, "qian", Role.PARTS, {"pudong"})
    return {name: staff_login(client, people, name) for name in ("wang", "chen", "qian")}


def post(client, token, path, body=None, key=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(path, headers=headers, body=json.dumps(body) if body is not None else None)


def test_the_workshop_reads_tomorrow_and_its_login_lists_its_store(client, clock, desks):
    clock.set(at("2026-11-23", "15:00"))
    book(client, desks["wang"])  # a repair of 2 h at 10:00 tomorrow
    book(client, desks["wang"], start=f"{DAY}T11:00:00+08:00", service_type="accident",
         customer={"name": "李娜", "phone": "13900139000"}, vehicle={"plate": "沪B54321", "model": "Passat", "mileage": 1})
    r = call(client, "GET", f"/staff/stores/pudong/workshop?date={DAY}", desks["chen"])
    assert r.status_code == 200, r.json_body
    assert {t["name"]: t["hours"] for t in r.json_body["trades"]} == {"保养": 0, "机电": 2.0, "钣金": 2.0, "喷漆": 2.0,
                                                                      "美容": 0}
    assert [b["plate"] for b in r.json_body["bookings"]] == ["沪A12345", "沪B54321"]
    stores = call(client, "GET", "/staff/stores", desks["chen"])
    assert stores.status_code == 200 and [s["store_id"] for s in stores.json_body["stores"]] == ["pudong"]


@pytest.mark.parametrize("method,path", [
    ("GET", f"/staff/stores/pudong/bookings?date={DAY}"), ("POST", "/staff/stores/pudong/bookings"),
    ("GET", "/staff/stores/pudong/tasks"), ("GET", "/staff/stores/pudong/report?from=2026-11-23&to=2026-11-23"),
    ("GET", "/staff/stores/pudong/search?q=沪A"), ("GET", "/staff/stores/pudong/customers/c_0"),
])
def test_the_desks_reach_no_front_desk_route(client, desks, method, path):
    for name in ("chen", "qian"):
        r = call(client, method, path, desks[name], {} if method == "POST" else None)
        assert r.status_code == 403, (name, r.body)
        assert r.json_body["error"]["code"] == "role_not_allowed"


def test_a_short_check_once_per_intent_and_the_advisor_sees_it(client, people, clock, desks):
    clock.set(at("2026-11-23", "15:00"))
    booking = book(client, desks["wang"])
    body = {"state": "short", "note": "刹车片缺货", "expected": "2026-11-25"}
    path = f"/staff/bookings/{booking['booking_id']}/parts-check"
    first = post(client, desks["qian"], path, body, key="pc-1")
    again = post(client, desks["qian"], path, body, key="pc-1")  # a double click
    assert first.status_code == again.status_code == 200, first.json_body
    assert first.json_body["parts_check"]["state"] == "short" and again.json_body == first.json_body
    tasks = call(client, "GET", "/staff/stores/pudong/tasks", desks["wang"]).json_body["tasks"]
    assert [t["kind"] for t in tasks if t["booking_id"] == booking["booking_id"]] == ["parts_short"]
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", desks["wang"]).json_body
    [row] = [b for b in plan["bookings"] if b["booking_id"] == booking["booking_id"]]
    assert row["parts_check"]["note"] == "刹车片缺货" and row["parts_ready"]["state"] == "not_yet"
    events = [e for e in row["events"] if e["kind"] == "parts_checked"]
    assert len(events) == 1
    reused = post(client, desks["qian"], path, {"state": "ready"}, key="pc-1")
    assert reused.status_code == 409 and reused.json_body["error"]["code"] == "idempotency_key_reused"


def test_readiness_refused_in_chinese_then_confirmed_once(client, clock, desks):
    clock.set(at("2026-11-23", "15:00"))
    booking = book(client, desks["wang"])
    path = f"/staff/bookings/{booking['booking_id']}/parts-ready"
    early = post(client, desks["qian"], path, key="pr-0")  # the day before
    assert early.status_code == 409
    assert early.json_body["error"]["message"] == "备件到位须在预约当天确认"
    clock.set(at(DAY, "09:10"))
    first = post(client, desks["qian"], path, key="pr-1")
    again = post(client, desks["qian"], path, key="pr-1")
    assert first.status_code == again.status_code == 200, again.json_body
    assert again.json_body["parts_ready"]["state"] == "confirmed"
    third = post(client, desks["qian"], path, key="pr-2")  # another click, another intent: already done
    assert third.status_code == 409 and third.json_body["error"]["code"] == "parts_ready_already"
    view = call(client, "GET", "/staff/stores/pudong/workshop", desks["chen"]).json_body
    assert view["bookings"][0]["parts_ready"]["by"] == "staff:qian"


def test_the_workshop_may_not_check_parts(client, clock, desks):
    clock.set(at("2026-11-23", "15:00"))
    booking = book(client, desks["wang"])
    r = post(client, desks["chen"], f"/staff/bookings/{booking['booking_id']}/parts-check", {"state": "ready"})
    assert r.status_code == 403


def test_the_desks_link_their_own_wecom_so_their_tasks_reach_them(client, desks):
    for name, userid in (("chen", "ChenWs"), ("qian", "QianParts")):
        linked = call(client, "PUT", "/staff/me/wecom", desks[name], {"userid": userid, "notices": ["tasks"]})
        assert linked.status_code == 200, linked.json_body
        assert call(client, "GET", "/staff/me/wecom", desks[name]).json_body["wecom_userid"] == userid
