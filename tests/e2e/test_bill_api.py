"""The bill (结算单) over HTTP on the embedded DynamoDB (docs/product-rules.md#the-bill): the front desk and the
booking's own customer read it item by item; approved extra work is billed, declined is not; the front desk sets
the final labour and parts once per intent; the CSV is UTF-8 with a BOM and Chinese headers."""
from __future__ import annotations

import json

from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.e2e.test_job_progress_api import DAY, customer_booking
from tests.e2e.test_staff_api import act, add_staff, call, staff_login


def _lines(bill: dict) -> list[tuple[str, int]]:
    return [(line["kind"], line["fen"]) for line in bill["lines"]]


def test_the_bill_through_the_job_estimate_then_final(client, people, clock, svc):
    alice, wang, booking_id = customer_booking(client, people, clock)
    for item in ({"what": "更换前刹车片", "why": "刹车片剩余2毫米", "price_fen": 68000},
                 {"what": "更换雨刮片", "why": "雨刮片老化", "price_fen": 12000}):
        assert call(client, "POST", f"/staff/bookings/{booking_id}/extra-work", wang, item).status_code == 200
    assert call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x1", alice,
                {"decision": "approve"}).status_code == 200
    assert call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x2", alice,
                {"decision": "decline"}).status_code == 200

    mine = call(client, "GET", f"/mp/bookings/{booking_id}/bill", alice)
    assert mine.status_code == 200, mine.json_body
    estimate = mine.json_body
    assert estimate["stage"] == "estimate"
    assert [(line["kind"], line["item_id"]) for line in estimate["lines"] if line["kind"] == "extra_work"] == [
        ("extra_work", "x1")]  # the declined wipers are not billed
    assert sum(fen for _, fen in _lines(estimate)) == estimate["balance_fen"]
    staff_view = call(client, "GET", f"/staff/bookings/{booking_id}/bill", wang).json_body
    assert staff_view == estimate

    clock.set(at(DAY, "12:00"))
    assert act(client, wang, booking_id, "complete").status_code == 200
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {wang}", "Idempotency-Key": "bill-1"}
    body = json.dumps({"labour": "400.00", "parts": 285.5})
    first = client.put(f"/staff/bookings/{booking_id}/bill", headers=headers, body=body)
    again = client.put(f"/staff/bookings/{booking_id}/bill", headers=headers, body=body)
    assert first.status_code == again.status_code == 200, first.json_body
    final = again.json_body
    assert final["stage"] == "final"
    assert _lines(final)[0] == ("labour", 40000) and _lines(final)[2] == ("parts", 28550)
    assert final["balance_fen"] == 40000 + _lines(final)[1][1] + 28550 + 68000
    assert final == call(client, "GET", f"/mp/bookings/{booking_id}/bill", alice).json_body
    events = svc.ports.bookings.get(booking_id).events
    assert [e.kind for e in events].count("bill_final") == 1  # the retried click wrote once

    csv = client.get(f"/staff/bookings/{booking_id}/bill.csv", headers={"Authorization": f"Bearer {wang}"})
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    text = csv.body.decode("utf-8") if isinstance(csv.body, bytes) else csv.body
    assert text.startswith("\ufeff项目,说明,金额（元）\r\n")
    assert "增项,更换前刹车片,680.00" in text and "更换雨刮片" not in text
    assert f"应付余额,结算单,{final['balance']}" in text


def test_someone_elses_bill_is_missing_and_the_parts_desk_cannot_set_it(client, people, clock):
    alice, wang, booking_id = customer_booking(client, people, clock)
    mallory = client.post("/mp/login", headers={"Content-Type": "application/json"},
                          body=json.dumps({"chain_id": people, "code": "mallory"})).json_body["token"]
    assert call(client, "GET", f"/mp/bookings/{booking_id}/bill", mallory).status_code == 404
    add_staff(people, "qian", Role.PARTS, {"pudong"})
    refused = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", staff_login(client, people, "qian"),
                   {"labour": 100, "parts": 0})
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "role_not_allowed"


def test_bad_amounts_are_refused_naming_the_field(client, people, clock):
    _, wang, booking_id = customer_booking(client, people, clock)
    r = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": "4.001", "parts": 0})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "labour"


def test_the_customers_invoice_request_reaches_the_front_desk_bill_and_csv(client, people, clock):
    alice, wang, booking_id = customer_booking(client, people, clock)
    body = {"kind": "company", "title": "上海某某汽车服务有限公司", "tax_id": "91310115MA1H7XXX0A"}
    asked = call(client, "PUT", f"/mp/bookings/{booking_id}/invoice", alice, body)
    assert asked.status_code == 200, asked.json_body
    assert asked.json_body["invoice"] == {**body, "email": None}
    assert call(client, "GET", f"/staff/bookings/{booking_id}/bill", wang).json_body["invoice"] == {**body,
                                                                                                  "email": None}
    csv = client.get(f"/staff/bookings/{booking_id}/bill.csv", headers={"Authorization": f"Bearer {wang}"})
    text = csv.body.decode("utf-8") if isinstance(csv.body, bytes) else csv.body
    assert "发票抬头,单位,上海某某汽车服务有限公司" in text and "税号,,91310115MA1H7XXX0A" in text


def test_an_invoice_request_is_refused_naming_the_field_and_before_the_customer_came(client, people, clock):
    alice, _, booking_id = customer_booking(client, people, clock)
    personal_with_tax_id = {"kind": "personal", "title": "张伟", "tax_id": "91310115MA1H7XXX0A"}
    r = call(client, "PUT", f"/mp/bookings/{booking_id}/invoice", alice, personal_with_tax_id)
    assert r.status_code == 400 and r.json_body["error"]["field"] == "tax_id"
    r = call(client, "PUT", f"/mp/bookings/{booking_id}/invoice", alice, {"kind": "company", "title": "某公司"})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "tax_id"
    mallory = client.post("/mp/login", headers={"Content-Type": "application/json"},
                          body=json.dumps({"chain_id": people, "code": "mallory"})).json_body["token"]
    r = call(client, "PUT", f"/mp/bookings/{booking_id}/invoice", mallory, {"kind": "personal", "title": "某某"})
    assert r.status_code == 404
    later = client.post("/mp/bookings", headers={"Content-Type": "application/json", "Idempotency-Key": "x-2",
                                                 "Authorization": f"Bearer {alice}"}, body=json.dumps({
        "store_id": "pudong", "start": f"{DAY}T15:00:00+08:00", "service_type": "repair",
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}}))
    assert later.status_code == 201, later.json_body
    r = call(client, "PUT", f"/mp/bookings/{later.json_body['booking_id']}/invoice", alice,
             {"kind": "personal", "title": "张伟"})
    assert r.status_code == 409 and r.json_body["error"]["field"] == "status"
