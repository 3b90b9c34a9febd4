"""A late customer's own arrival time over HTTP on the embedded DynamoDB (docs/product-rules.md#late-arrival):
recorded once per intent, shown on the booking, the day plan and the lobby board; refused in Chinese beyond
60 minutes."""
from __future__ import annotations

import json

from tests.conftest import at
from tests.e2e.test_staff_api import book, call, staff_login

DAY = "2026-11-24"


def arrival(client, token, booking_id, expected, key=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(f"/staff/bookings/{booking_id}/arrival", headers=headers,
                       body=json.dumps({"expected": expected}))


def test_an_arrival_time_recorded_once_and_shown_on_the_plan(client, people, clock):
    clock.set(at(DAY, "08:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)  # 10:00
    clock.set(at(DAY, "10:05"))
    first = arrival(client, wang, booking["booking_id"], f"{DAY}T10:40:00+08:00", key="a-1")
    assert first.status_code == 200, first.json_body
    again = arrival(client, wang, booking["booking_id"], f"{DAY}T10:40:00+08:00", key="a-1")
    assert first.json_body["expected_arrival"] == {"at": f"{DAY}T10:40:00+08:00", "held": True}
    events = [e for e in again.json_body["events"] if e["kind"] == "arrival_expected"]
    assert len(events) == 1  # a double click records it once
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", wang).json_body
    [row] = [b for b in plan["bookings"] if b["booking_id"] == booking["booking_id"]]
    assert row["expected_arrival"] == {"at": f"{DAY}T10:40:00+08:00", "held": True}


def test_more_than_an_hour_late_is_refused_in_chinese(client, people, clock):
    clock.set(at(DAY, "08:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)
    r = arrival(client, wang, booking["booking_id"], f"{DAY}T11:30:00+08:00")
    assert r.status_code == 400
    assert (r.json_body["error"]["code"], r.json_body["error"]["field"]) == ("arrival_too_late", "expected")
    assert r.json_body["error"]["message"] == "预计到店时间晚于预约时间60分钟以上，请改期"
