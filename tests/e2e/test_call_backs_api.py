"""Call-backs and the call to agree a new time, over HTTP on the embedded DynamoDB (docs/product-rules.md#call-back,
#agree-new-time): a promise from a booking or a customer, one per Idempotency-Key; a customer's own cancellation
opens the call, which their next booking closes as `rebooked`."""
from __future__ import annotations

import json

from chalicelib.adapters.dynamo.models import CustomerModel
from chalicelib.domain.people.customer import phone_customer_id
from tests.conftest import at
from tests.e2e.test_phone_link import login
from tests.e2e.test_rebooking_api import ONLINE, online_booking
from tests.e2e.test_staff_api import book, call, staff_login

DAY = "2026-11-24"


def promise(client, token, path, body, key=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(path, headers=headers, body=json.dumps(body))


def open_calls(client, token, kind):
    return [t for t in call(client, "GET", "/staff/stores/pudong/tasks", token).json_body["tasks"] if t["kind"] == kind]


def test_a_call_back_from_a_booking_once_per_intent_and_from_a_customer(client, people, clock):
    clock.set(at("2026-11-23", "09:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)
    path = f"/staff/bookings/{booking['booking_id']}/call-back"
    first = promise(client, wang, path, {"within_minutes": 10, "note": "问保养价格"}, key="cb-1")
    assert first.status_code == 201, first.json_body
    again = promise(client, wang, path, {"within_minutes": 10, "note": "问保养价格"}, key="cb-1")  # a double click
    assert again.json_body["task_id"] == first.json_body["task_id"]
    task = first.json_body
    assert (task["kind"], task["title"], task["due_at"]) == ("call_back", "已答应客户回电，请按时回电",
                                                             "2026-11-23T09:10:00+08:00")
    assert [t["task_id"] for t in open_calls(client, wang, "call_back")] == [task["task_id"]]
    mine = promise(client, wang, f"/staff/stores/pudong/customers/{phone_customer_id(people, '13800138000')}/call-back",
                   {"within_minutes": 30}, key="cb-2")
    assert mine.status_code == 201 and mine.json_body["booking_id"] is None
    assert len(open_calls(client, wang, "call_back")) == 2


def test_a_promise_out_of_range_or_for_a_stranger_is_refused(client, people, clock):
    clock.set(at("2026-11-23", "09:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)
    bad = promise(client, wang, f"/staff/bookings/{booking['booking_id']}/call-back", {"within_minutes": 0})
    assert (bad.status_code, bad.json_body["error"]["field"]) == (400, "within_minutes")
    nobody = promise(client, wang, "/staff/stores/pudong/customers/c_0000/call-back", {"within_minutes": 10})
    assert nobody.status_code == 404


def test_an_own_cancellation_opens_the_new_time_call_and_the_next_booking_closes_it(client, people, clock):
    clock.set(at("2026-11-23", "08:00"))
    token, customer_id = login(client, people, "alice")
    mine = online_booking(client, token, ONLINE)
    r = client.post(f"/mp/bookings/{mine}/cancel", headers={"Content-Type": "application/json",
                                                             "Authorization": f"Bearer {token}"}, body="{}")
    assert r.status_code == 200, r.json_body
    wang = staff_login(client, people, "wang")
    [task] = open_calls(client, wang, "agree_new_time")
    assert (task["booking_id"], task["title"]) == (mine, "客户自行取消了预约，请致电约定新的时间")
    assert CustomerModel.get(people, customer_id).new_time_task == f"pudong|{task['task_id']}"
    again = book(client, wang, start="2026-11-26T09:00:00+08:00")  # the clerk agrees a time: her number and car
    assert again["priority"] is None  # an own cancellation earns no priority
    assert open_calls(client, wang, "agree_new_time") == []
    done = call(client, "GET", "/staff/stores/pudong/tasks?status=done&date=2026-11-23", wang).json_body["tasks"]
    assert [(t["kind"], t["outcome"]) for t in done] == [("agree_new_time", "rebooked")]
    assert CustomerModel.get(people, customer_id).new_time_task is None
