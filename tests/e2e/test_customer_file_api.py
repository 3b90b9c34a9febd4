"""The customer's file over HTTP on the embedded DynamoDB (docs/product-rules.md#customer-file): read and edited
by staff with an audit trail, refused in Chinese on a stale edit; its reads are a GetItem and Queries (no
Scan), counted at botocore."""
from __future__ import annotations

import json

from chalicelib.domain.people.customer import phone_customer_id
from tests.conftest import at
from tests.e2e.test_staff_api import book, call, staff_login


def patch(client, token, path, body):
    return client.patch(path, headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                        body=json.dumps(body))


def test_the_file_read_and_edited_with_its_trail(client, people, clock, calls):
    clock.set(at("2026-11-23", "09:00"))
    wang = staff_login(client, people, "wang")
    booked = book(client, wang)
    path = f"/staff/stores/pudong/customers/{phone_customer_id(people, '13800138000')}"
    r = patch(client, wang, path, {"address": "浦东新区张江路1号", "leftovers": "左前轮胎磨损"})
    assert r.status_code == 200, r.json_body
    calls.clear()
    found = call(client, "GET", path, wang)
    assert found.status_code == 200
    # the signed-in account (its token version), the customer with the file, their bookings (the index, then
    # the items),
    # the cars of the file (one BatchGetItem), the store's open calls: no Scan
    assert calls.dynamodb() == ["GetItem", "GetItem", "Query", "BatchGetItem", "BatchGetItem", "Query"]
    body = found.json_body
    assert (body["address"], body["leftovers"], body["notes"]) == ("浦东新区张江路1号", "左前轮胎磨损", None)
    assert [v["booking_id"] for v in body["visits"]] == [booked["booking_id"]]
    assert [(e["by"], e["field"]) for e in body["audit"]] == [("staff:wang", "leftovers"), ("staff:wang", "address")]
    assert body["wechat"] == {"linked": False, "official_account": False, "phone_verified": False}
    unknown = patch(client, wang, path, {"phone": "13900000000"})
    assert unknown.status_code == 400 and unknown.json_body["error"]["field"] == "phone"


def test_the_history_imported_from_the_dms_is_in_the_file_marked_as_imported(client, people, clock):
    clock.set(at("2026-11-23", "09:00"))
    boss, wang = staff_login(client, people, "boss"), staff_login(client, people, "wang")
    for day, km, jobs in (("2025-10-10", 20000, "小保养"), ("2026-04-15", 30000, "大保养")):
        record = {"store_id": "pudong", "plate": "沪A12345", "model": "迈腾", "name": "张伟", "phone": "13800138000",
                  "service_date": day, "mileage": km, "jobs": jobs}
        r = call(client, "POST", "/admin/vehicles", boss, record)
        assert r.status_code == 200 and r.json_body["outcome"] == "imported", r.json_body
    path = f"/staff/stores/pudong/customers/{phone_customer_id(people, '13800138000')}"
    before = call(client, "GET", path, wang).json_body  # known only from the DMS: its file has the car and visits
    assert before["vehicles"] == [{"plate": "沪A12345", "model": "迈腾", "mileage": 30000, "imported": True}]
    booked = book(client, wang)
    body = call(client, "GET", path, wang).json_body
    assert [(v["source"], v["booking_id"], v["date"], v["mileage"], v["jobs"]) for v in body["visits"]] == [
        ("booking", booked["booking_id"], "2026-11-24", 52000, None),
        ("dms", None, "2026-04-15", 30000, "大保养"),
        ("dms", None, "2025-10-10", 20000, "小保养"),
    ]
    assert [(v["plate"], v["imported"]) for v in body["vehicles"]] == [("沪A12345", True)]


def test_the_day_plan_row_of_the_next_booking_carries_the_leftovers_and_notes(client, people, clock):
    clock.set(at("2026-11-23", "09:00"))
    wang = staff_login(client, people, "wang")
    booked = book(client, wang)  # the next visit, made before the file says anything
    path = f"/staff/stores/pudong/customers/{phone_customer_id(people, '13800138000')}"
    assert patch(client, wang, path, {"leftovers": "左前轮胎磨损", "notes": "只接受上午来电"}).status_code == 200
    plan = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-24", wang).json_body
    [row] = [b for b in plan["bookings"] if b["booking_id"] == booked["booking_id"]]
    assert row["carried"] == {"leftovers": "左前轮胎磨损", "notes": "只接受上午来电"}
