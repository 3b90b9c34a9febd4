"""Rebooking a mini-program customer who missed their booking, over HTTP (docs/product-rules.md#rebooking): the
clerk's phone booking for that number and car goes to the same customer, with the rebooking priority, and the
rebooking call closes as `rebooked` in the same write."""
from __future__ import annotations

import json

import pytest

from chalicelib.adapters.dynamo.models import CustomerModel
from chalicelib.domain.people.customer import phone_customer_id
from tests.conftest import at
from tests.e2e.test_phone_link import login, mp
from tests.e2e.test_staff_api import act, book, call, staff_login

DAY = "2026-11-24"
ONLINE = {
    "store_id": "pudong", "start": f"{DAY}T10:00:00+08:00", "service_type": "maintenance",
    "customer": {"name": "张伟", "phone": "13800138000"},  # the phone booking's number and car (PHONE_BOOKING)
    "vehicle": {"plate": "沪A12345", "model": "Mazda 6", "mileage": 35000},
}


def online_booking(client, token, body):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"}
    r = client.post("/mp/bookings", headers=headers, body=json.dumps(body))
    assert r.status_code == 201, r.json_body
    return r.json_body["booking_id"]


def rebook_tasks(client, token, status):
    path = "/staff/stores/pudong/tasks" + (f"?status=done&date={DAY}" if status == "done" else "")
    return [(t["kind"], t["outcome"]) for t in call(client, "GET", path, token).json_body["tasks"]
            if t["kind"] == "rebook_no_show"]


def test_a_clerks_phone_rebooking_of_a_wechat_no_show_lands_on_them_with_priority(client, people, clock):
    token, customer_id = login(client, people, "alice")
    missed = online_booking(client, token, ONLINE)
    clock.set(at(DAY, "11:05"))
    wang = staff_login(client, people, "wang")
    assert act(client, wang, missed, "no-show").json_body["status"] == "no_show"
    assert rebook_tasks(client, wang, "open") == [("rebook_no_show", None)]
    again = book(client, wang, start="2026-11-26T09:00:00+08:00")  # the clerk calls back: same number, same car
    assert again["priority"] == "rebook"
    assert rebook_tasks(client, wang, "open") == []
    assert rebook_tasks(client, wang, "done") == [("rebook_no_show", "rebooked")]
    me = CustomerModel.get(people, customer_id)
    assert (me.rebook_priority, me.rebook_task) == (False, None)
    token, _ = login(client, people, "alice")
    listed = {b["booking_id"] for b in mp(client, "get", "/mp/bookings", token).json_body["bookings"]}
    assert listed == {missed, again["booking_id"]}  # one customer: the new booking shows in her mini-program
    with pytest.raises(CustomerModel.DoesNotExist):  # no second customer for the number
        CustomerModel.get(people, phone_customer_id(people, "13800138000"))
