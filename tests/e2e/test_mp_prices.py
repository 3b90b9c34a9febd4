"""Prices and the store plan over HTTP: slots show tier, segment, discount and a yuan price; the booking keeps
the quote (customer and staff see it), a reschedule re-quotes; every answer matches its OpenAPI schema; an
admin's plan and price list are checked field by field."""
from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from app import app  # noqa: F401  (registers every route the document describes)
from chalicelib.api.openapi import document
from tests.e2e.test_mp_api import BODY, get, login, post
from tests.e2e.test_staff_api import act, call, staff_login
from tests.support.bookings import with_demo_plan

DOC = document()
REGISTRY = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(DOC))


def conforms(answer: dict, method: str, path: str, status: str = "200", *, schema_name: str | None = None) -> None:
    """The answer validates against the schema the document gives this operation (or the named one)."""
    schema = ({"$ref": f"#/components/schemas/{schema_name}"} if schema_name else
              DOC["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"])
    assert "$ref" in schema, (method, path)
    resolved = {"$ref": "urn:openapi" + schema["$ref"]}
    validator = Draft202012Validator({"$schema": "https://json-schema.org/draft/2020-12/schema", **resolved},
                                     registry=REGISTRY)
    errors = [e.message for e in validator.iter_errors(answer)]
    assert not errors, errors


@pytest.fixture
def plan(svc, chain):
    with_demo_plan(svc, chain)
    return chain


def test_slots_carry_tier_segment_discount_and_a_yuan_price(client, plan):
    token = login(client, plan, "alice")
    answer = get(client, "/mp/stores/pudong/slots?date=2026-11-24&service_type=maintenance", token).json_body
    conforms(answer, "get", "/mp/stores/{store_id}/slots")
    by_time = {s["start"][11:16]: s for s in answer["slots"]}
    assert {k: by_time["14:00"][k] for k in ("tier", "segment", "discount", "price_estimate")} == {
        "tier": "recommended", "segment": "周中午后闲时", "discount": 0.15, "price_estimate": "656.00"}
    assert (by_time["13:00"]["tier"], by_time["13:00"]["price_estimate"]) == ("normal", "710.00")
    saturday = get(client, "/mp/stores/pudong/slots?date=2026-11-28&service_type=maintenance", token).json_body
    assert {(s["tier"], s["discount"], s["price_estimate"]) for s in saturday["slots"]} == {("busy", 0.0, "710.00")}
    first = get(client, "/mp/first-available?service_type=maintenance&days=2", token).json_body
    conforms(first, "get", "/mp/first-available")


def test_the_booking_keeps_its_quote_for_customer_and_staff_and_a_reschedule_requotes(client, plan, people):
    token = login(client, plan, "alice")
    r = post(client, "/mp/bookings", {**BODY, "start": "2026-11-24T14:00:00+08:00"}, token, key="p-1")
    assert r.status_code == 201, r.json_body
    conforms(r.json_body, "post", "/mp/bookings", "201")
    booking = r.json_body
    assert (booking["tier"], booking["discount"], booking["segment"], booking["price_estimate"]) == (
        "recommended", 0.15, "周中午后闲时", "656.00")
    bid = booking["booking_id"]
    mine = get(client, f"/mp/bookings/{bid}", token).json_body
    conforms(mine, "get", "/mp/bookings/{booking_id}")
    assert mine["price_estimate"] == "656.00"
    conforms(get(client, "/mp/bookings", token).json_body, "get", "/mp/bookings")

    staff = staff_login(client, people, "wang")
    day = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-24", staff).json_body
    seen = next(b for b in day["bookings"] if b["booking_id"] == bid)
    assert (seen["price_estimate"], seen["discount"], seen["segment"]) == ("656.00", 0.15, "周中午后闲时")

    moved = post(client, f"/mp/bookings/{bid}/reschedule", {"start": "2026-11-25T10:00:00+08:00"}, token)
    assert moved.status_code == 200, moved.json_body
    conforms(moved.json_body, "post", "/mp/bookings/{booking_id}/reschedule")
    assert (moved.json_body["tier"], moved.json_body["discount"], moved.json_body["segment"],
            moved.json_body["price_estimate"]) == ("normal", 0.0, None, "710.00")
    confirmed = act(client, staff, bid, "confirm", {"estimate": {"price": "688.50"}})
    conforms(confirmed.json_body, "post", "/staff/bookings/{booking_id}/{action}", schema_name="Booking")
    assert confirmed.json_body["price_estimate"] == "688.50"


def test_an_admin_sets_the_plan_and_price_list_and_a_bad_one_names_its_field(client, plan, people):
    boss = staff_login(client, people, "boss")
    body = {"name": "浦东店", "capacity_per_slot": 3,
            "plan": [{"id": "fri-idle", "name": "周五闲时", "days": ["fri"], "from": "09:00", "to": "11:00",
                      "tier": "recommended", "quota": 6}],
            "price_list": {"maintenance": {"labour_hours": 1.5, "hourly_rate": "200.00", "parts": 299.9}}}
    r = call(client, "PUT", "/admin/stores/pudong", boss, body)
    assert r.status_code == 200, r.json_body
    assert r.json_body["price_list"] == {"maintenance": {"labour_hours": 1.5, "hourly_rate": "200.00", "parts": "299.90"}}
    assert r.json_body["plan"][0] | {"discount": 0.15} == r.json_body["plan"][0]  # the store's default discount
    token = login(client, plan, "alice")
    friday = get(client, "/mp/stores/pudong/slots?date=2026-11-27&service_type=maintenance", token).json_body
    at_nine = next(s for s in friday["slots"] if s["start"][11:16] == "09:00")
    assert (at_nine["tier"], at_nine["price_estimate"]) == ("recommended", "554.90")  # 300 × 0.85 + 299.90
    bad = call(client, "PUT", "/admin/stores/pudong", boss, {**body, "plan": [{**body["plan"][0], "tier": "quiet"}]})
    assert bad.status_code == 400 and bad.json_body["error"]["field"] == "plan[0].tier"
    bad = call(client, "PUT", "/admin/stores/pudong", boss,
               {**body, "price_list": {"maintenance": {"labour_hours": 1, "hourly_rate": "1.234"}}})
    assert bad.status_code == 400 and bad.json_body["error"]["field"] == "price_list.maintenance.hourly_rate"
