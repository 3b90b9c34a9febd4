"""Findings 5 and 6 of the hardening issue: what used to answer 500, or was accepted wrongly or refused
wrongly, through HTTP. Every refusal is a 4xx naming the field."""
from __future__ import annotations

import copy
import json

import pytest

from tests.e2e.test_mp_api import BODY
from tests.e2e.test_staff_api import PHONE_BOOKING, STAFF, add_staff, staff_login

JSON = {"Content-Type": "application/json"}



@pytest.fixture
def alice(client, chain):
    r = client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": chain, "code": "alice"}))
    return r.json_body["token"]


def book(client, token, body, key="k"):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": key}
    return client.post("/mp/bookings", headers=headers, body=body if isinstance(body, (bytes, str)) else json.dumps(body))


def with_(path: str, value):
    body = copy.deepcopy(BODY)
    *parents, last = path.split(".")
    target = body
    for p in parents:
        target = target[p]
    target[last] = value
    return body


BAD_FIELDS = [
    ("vehicle.mileage", 1e300), ("vehicle.mileage", -1), ("vehicle.mileage", True), ("vehicle.mileage", "35000"),
    ("customer.name", ["张伟"]), ("customer.phone", {"n": 1}), ("store_id", ["pudong"]), ("service_type", ["maintenance"]),
    ("start", "0001-01-01T00:00:00-23:59"), ("start", "9999-12-31T23:59:59+14:00"), ("start", ["2026-11-24T09:00:00+08:00"]),
    ("start", "２０２６-11-24T09:00:00+08:00"),
    ("customer.phone", "13800138000\n"), ("customer.phone", "1380013800０x"), ("vehicle.plate", "沪AD12345\n"),
    ("customer.name", "\u200b\u200b"), ("customer.name", "\u0007张伟"), ("customer.name", "张\u202e伟"),
    ("customer.honorific", ["先生"]), ("preferred_channel", ["sms"]),
]


def test_bad_fields_are_refused_naming_the_field(client, alice):
    for path, value in BAD_FIELDS:
        r = book(client, alice, with_(path, value))
        assert r.status_code == 400, (path, value, r.body)
        assert r.json_body["error"]["field"] == path, (path, value)


RAW = [
    b'{"store_id": "pudong", "vehicle": {"mileage": NaN}}', b'{"vehicle": {"mileage": Infinity}}',
    b'{"vehicle": {"mileage": 1e400}}',
    b'{"a":' * 50 + b"1" + b"}" * 50, json.dumps({"description": "x" * 1_000_000}).encode(),
    b'{"customer": {"name": "\\ud83d"}}', json.dumps(BODY).encode("utf-16"),
]


def test_bodies_that_used_to_answer_500_are_4xx(client, alice):
    for raw in RAW:
        r = book(client, alice, raw)
        assert 400 <= r.status_code < 500 and set(r.json_body) == {"error"}, raw[:40]


def test_phones_typed_with_other_digits_are_stored_as_ascii(client, alice):
    for n, phone in enumerate(["１３８００１３８０００", "١٣٨٠٠١٣٨٠٠٠", "+86 138 0013 8000"]):
        r = book(client, alice, {**with_("customer.phone", phone), "start": f"2026-11-24T1{n}:00:00+08:00"}, key=f"p{n}")
        assert r.status_code == 201, r.body
        assert r.json_body["customer"]["phone"] == "13800138000"


def test_a_trailer_plate_is_accepted(client, alice):
    r = book(client, alice, with_("vehicle.plate", "粤B12345挂"))
    assert r.status_code == 201 and r.json_body["vehicle"]["plate"] == "粤B12345挂"


def test_the_same_instant_with_another_offset_books_the_same_slot(client, alice):
    r = book(client, alice, with_("start", "2026-11-24T10:00:00+09:00"))
    assert r.status_code == 201, r.body
    assert r.json_body["start"] == "2026-11-24T09:00:00+08:00"


def test_query_numbers_are_ascii_whole_numbers(client, alice):
    for query, field in [("days=٣", "days"), ("days=3.0", "days"), ("days=%EF%BC%93", "days"),
                         ("days=99999999999999999999", "days"), ("service_type=nope", "service_type")]:
        r = client.get(f"/mp/first-available?{query}", headers={"Authorization": f"Bearer {alice}"})
        assert r.status_code == 400 and r.json_body["error"]["field"] == field, query


def test_a_non_string_password_is_400(client, chain):
    r = client.post("/staff/login", headers={"Content-Type": "application/json"},
                    body=json.dumps({"chain_id": chain, "username": "wang", "password": ["x"]}))
    assert r.status_code == 400 and r.json_body["error"]["field"] == "password"


def test_staff_bookings_in_impossible_years_are_refused(client, chain):
    for username, (role, stores) in STAFF.items():
        add_staff(chain, username, role, stores)
    token = staff_login(client, chain, "wang")
    for start in ["9999-12-31T09:00:00+08:00", "0001-01-01T09:00:00-23:59"]:
        r = client.post("/staff/stores/pudong/bookings", headers={**JSON, "Authorization": f"Bearer {token}"},
                        body=json.dumps({**PHONE_BOOKING, "start": start}))
        assert r.status_code == 400 and r.json_body["error"]["field"] == "start"


def test_slot_minutes_must_be_whole(client, chain):
    for username, (role, stores) in STAFF.items():
        add_staff(chain, username, role, stores)
    token = staff_login(client, chain, "boss")
    r = client.put("/admin/stores/newstore", headers={**JSON, "Authorization": f"Bearer {token}"},
                   body=json.dumps({"name": "新店", "slot_minutes": 30.9}))
    assert r.status_code == 400 and r.json_body["error"]["field"] == "slot_minutes"
