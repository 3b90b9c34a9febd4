"""Search at the counter through HTTP: by plate (with or without the province character, or a part of it), by
phone (whole, its beginning or its last four digits) and by name, within the store; the customers found come
with their vehicles."""
from __future__ import annotations

from tests.e2e.test_staff_api import PHONE_BOOKING, book, call, staff_login


def found(client, token, q, store="pudong"):
    r = call(client, "GET", f"/staff/stores/{store}/search?q={q}", token)
    assert r.status_code == 200, r.json_body
    return sorted(b["vehicle"]["plate"] for b in r.json_body["bookings"])


def person(name, phone, plate, start="2026-11-24T10:00:00+08:00"):
    return {"customer": {"name": name, "phone": phone, "honorific": "先生"},
            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}, "start": start}


def test_a_booking_is_found_by_plate_phone_or_name_as_it_is_typed(client, people):
    mgr = staff_login(client, people, "mgr")
    book(client, mgr, **person("张伟", "13800138001", "沪A88801"))
    book(client, mgr, **person("王芳", "13900001234", "苏B12345"))
    book(client, mgr, **person("李雷", "13700007777", "沪A12888", start="2026-11-24T11:00:00+08:00"))
    book(client, staff_login(client, people, "boss"), store="xuhui", **person("赵敏", "13600008801", "沪A88802"))  # another store
    assert found(client, mgr, "沪A888") == ["沪A88801"]
    assert found(client, mgr, "a888") == ["沪A88801"]  # without the province, in lower case
    assert found(client, mgr, "888") == ["沪A12888", "沪A88801"]  # a fragment
    assert found(client, mgr, "A 888-01") == ["沪A88801"]
    assert found(client, mgr, "8001") == ["沪A88801"]  # the phone's last four
    assert found(client, mgr, "13900") == ["苏B12345"]  # the phone's beginning
    assert found(client, mgr, "13900001234") == ["苏B12345"]
    assert found(client, mgr, "王") == ["苏B12345"]
    assert found(client, mgr, "李雷") == ["沪A12888"]
    assert found(client, mgr, "8") == []  # too short to look up
    assert found(client, mgr, "沪A88802") == []


def test_the_customers_found_come_with_their_vehicles_and_a_moved_booking_with_its_new_time(client, people):
    mgr = staff_login(client, people, "mgr")
    first = book(client, mgr, **person("张伟", "13800138001", "沪A88801"))
    book(client, mgr, **person("张伟", "13800138001", "沪A66601", start="2026-11-25T10:00:00+08:00"))
    r = call(client, "POST", f"/staff/bookings/{first['booking_id']}/reschedule", mgr,
             {"start": "2026-11-24T15:00:00+08:00"})
    assert r.status_code == 200, r.json_body
    answer = call(client, "GET", "/staff/stores/pudong/search?q=8001", mgr).json_body
    [customer] = answer["customers"]
    assert (customer["name"], customer["phone"]) == ("张伟", "13800138001")
    assert sorted(v["plate"] for v in customer["vehicles"]) == ["沪A66601", "沪A88801"]
    moved = next(b for b in answer["bookings"] if b["booking_id"] == first["booking_id"])
    assert moved["start"] == "2026-11-24T15:00:00+08:00"


def test_an_advisor_searches_only_their_stores(client, people):
    li = staff_login(client, people, "li")  # xuhui only
    r = call(client, "GET", "/staff/stores/pudong/search?q=888", li)
    assert r.status_code in (403, 404)
