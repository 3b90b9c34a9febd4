"""Findings 5 and 6 of the hardening issue: what used to answer 500, or was accepted wrongly or refused
wrongly, through HTTP. Every refusal is a 4xx naming the field."""
from __future__ import annotations

import copy
import json
import re

import pytest

from app import app
from chalicelib.api.audience import ROUTES, Audience, RouteSpec
from chalicelib.domain.people.staff import PLATFORM_CHAIN
from tests.e2e.test_floor_api import add_operator
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


# --- Unknown fields: refused on every write route of ours, generated from the route table ----------------
# Only the senders' callbacks read their bodies raw and take fields we do not know: WeChat's server push
# (signed XML or JSON) and the SMS provider's reply callback.
SENDERS_CALLBACKS = {("POST", "/wechat/{chain_id}/oa"), ("POST", "/wechat/{chain_id}/mp"),
                     ("POST", "/sms/{chain_id}/replies"),
                     ("POST", "/wechatpay/notify/{chain_id}")}  # WeChat Pay's signed notification (decision 0062)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
DYNAMO_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
PATH_VALUES = {"store_id": "pudong", "booking_id": "b_none", "action": "confirm", "task_id": "t1", "name": "reminders",
               "item_id": "x1",
               "username": "wang", "chain_id": "c", "year": "2027", "campaign_id": "winter-check", "coupon_id": "winter-check",
               "kind": "maintenance_due", "endpoint_id": "we_0", "event_id": "ev_0", "import_id": "im_0", "customer_id": "c_0"}


def write_routes() -> list[RouteSpec]:
    """Every write route the app serves, hidden catch-alls and the senders' callbacks aside."""
    served = {(method, path) for path, methods in app.routes.items() for method in methods}
    return [ROUTES[key] for key in sorted(served)
            if key[0] in WRITES and not ROUTES[key].hidden and key not in SENDERS_CALLBACKS]


def _resolve(doc: dict, schema: dict) -> dict:
    return doc["components"]["schemas"][schema["$ref"].split("/")[-1]] if "$ref" in schema else schema


def request_schema(doc: dict, spec: RouteSpec) -> dict | None:
    op = doc["paths"][spec.path][spec.method.lower()]
    body = op.get("requestBody")
    return _resolve(doc, body["content"]["application/json"]["schema"]) if body else None


def _nested(doc: dict, schema: dict, path: str):
    """(a field's path, a body reaching it, the object schema there) for each object the schema nests."""
    for name, sub in schema.get("properties", {}).items():
        sub = _resolve(doc, sub)
        here = f"{path}.{name}" if path else name
        if sub.get("type") == "object" and sub.get("properties"):
            yield here, sub, lambda inner, name=name: {name: inner}
            for deeper, deep, wrap in _nested(doc, sub, ""):
                yield f"{here}.{deeper}", deep, lambda inner, name=name, wrap=wrap: {name: wrap(inner)}
        items = _resolve(doc, sub.get("items", {})) if sub.get("type") == "array" else {}
        if items.get("type") == "object" and items.get("properties"):
            yield f"{here}[0]", items, lambda inner, name=name: {name: [inner]}


def unknown_field_probes(doc: dict, spec: RouteSpec) -> list[tuple[dict, str]]:
    """A body with one field the route does not know, at the top and inside every object its schema nests."""
    probes = [({"zz_unknown": 1}, "zz_unknown")]
    schema = request_schema(doc, spec)
    if schema:
        probes += [(wrap({"zz_unknown": 1}), f"{here}.zz_unknown") for here, _, wrap in _nested(doc, schema, "")]
    return probes


@pytest.fixture
def doc(client):
    return client.get("/openapi.json").json_body


@pytest.fixture
def callers(client, people, svc):
    """A token of each audience a write route serves."""
    add_operator(svc)
    alice = client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": people, "code": "alice"}))
    boss = staff_login(client, people, "boss")
    return {Audience.PUBLIC: None, Audience.CUSTOMER: alice.json_body["token"], Audience.STAFF: boss,
            Audience.CHAIN_ADMIN: boss, Audience.OPERATOR: staff_login(client, PLATFORM_CHAIN, "operator", "operator-pass"),
            "store_manager": staff_login(client, people, "mgr")}  # for routes whose roles leave the chain admin out


def caller_of(callers: dict, spec: RouteSpec) -> object:
    if spec.audience is Audience.STAFF and spec.roles and "chain_admin" not in spec.roles:
        return callers["store_manager"]
    return callers[spec.audience]


def send(client, spec: RouteSpec, token, body) -> object:
    headers = {**JSON, "Idempotency-Key": "k"} | ({"Authorization": f"Bearer {token}"} if token else {})
    path = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)], spec.path)
    return getattr(client, spec.method.lower())(path, headers=headers, body=json.dumps(body))


def test_every_write_route_refuses_a_field_it_does_not_know_and_writes_nothing(client, doc, callers, calls):
    wrong, probed = [], 0
    for spec in write_routes():
        for body, field in unknown_field_probes(doc, spec):
            calls.clear()
            r = send(client, spec, caller_of(callers, spec), body)
            error = (r.json_body or {}).get("error") or {} if r.status_code != 204 else {}
            written = DYNAMO_WRITES & set(calls.dynamodb())
            if r.status_code != 400 or error.get("code") != "invalid" or error.get("field") != field or written:
                wrong.append(f"{spec.method} {spec.path} {body}: {r.status_code} {error} {sorted(written)}")
            probed += 1
    assert not wrong, "\n".join(wrong)
    assert probed > len(write_routes()) > 25


def test_only_the_senders_callbacks_read_their_bodies_raw():
    assert {key for key, spec in ROUTES.items() if spec.raw_body and key[0] in WRITES} == SENDERS_CALLBACKS


# --- Types are strict: a number, a whole number or true/false sent as text (or the other way) is refused -----
def _types(schema: dict) -> set[str]:
    kind = schema.get("type", [])
    return set(kind if isinstance(kind, list) else [kind])


def _leaves(doc: dict, schema: dict, path: str = ""):
    """(the field a refusal names, a function putting a value there in an otherwise empty body, its schema)
    for every field the schema nests; in a list, its first item (objects in a list are named by their place,
    plan[0].quota; text or numbers by the list)."""
    for name, sub in schema.get("properties", {}).items():
        sub = _resolve(doc, sub)
        here = f"{path}.{name}" if path else name
        yield here, (lambda value, name=name: {name: value}), sub
        if "object" in _types(sub):
            for deeper, wrap, leaf in _leaves(doc, sub, here):
                yield deeper, (lambda value, name=name, wrap=wrap: {name: wrap(value)}), leaf
        if "array" in _types(sub):
            items = _resolve(doc, sub.get("items", {}))
            yield here, (lambda value, name=name: {name: [value]}), items  # text or numbers: the list is named
            for deeper, wrap, leaf in _leaves(doc, items, f"{here}[0]"):
                yield deeper, (lambda value, name=name, wrap=wrap: {name: [wrap(value)]}), leaf


WRONG_KINDS = {"integer": ["5", True, 2.5], "number": ["5", True], "boolean": ["true", 1]}


def type_probes(doc: dict, spec: RouteSpec) -> list[tuple[dict, str]]:
    """A body with one number or true/false field sent as another JSON type, and the field it must name."""
    schema = request_schema(doc, spec)
    probes = []
    for here, put, leaf in _leaves(doc, schema) if schema else ():
        kinds = _types(leaf)
        if "string" not in kinds:
            probes += [(put(value), here) for kind in sorted(kinds & set(WRONG_KINDS)) for value in WRONG_KINDS[kind]]
    return probes


def test_numbers_and_flags_of_every_write_route_refuse_other_types_naming_the_field(client, doc, callers):
    wrong, probed = [], 0
    for spec in write_routes():
        for body, field in type_probes(doc, spec):
            r = send(client, spec, caller_of(callers, spec), body)
            error = (r.json_body or {}).get("error") or {}
            if r.status_code != 400 or error.get("code") != "invalid" or error.get("field") != field:
                wrong.append(f"{spec.method} {spec.path} {body}: {r.status_code} {error}")
            probed += 1
    assert not wrong, "\n".join(wrong)
    assert probed > 80


def test_a_score_sent_as_text_is_refused(client, chain, svc, alice, clock):
    from chalicelib.domain.people.staff import Role, StaffAccess
    from tests.conftest import at

    made = book(client, alice, with_("start", "2026-11-23T09:00:00+08:00")).json_body["booking_id"]
    clock.set(at("2026-11-23", "08:55"))
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, made, action)
    headers = {**JSON, "Authorization": f"Bearer {alice}"}
    r = client.post(f"/mp/bookings/{made}/feedback", headers=headers, body=json.dumps({"score": "5"}))
    assert r.status_code == 400 and r.json_body["error"] == {**r.json_body["error"], "code": "invalid", "field": "score"}
    assert client.post(f"/mp/bookings/{made}/feedback", headers=headers, body=json.dumps({"score": 5})).status_code == 200


# --- A number beyond a float's range (valid JSON) is refused naming its field, not as invalid_json ----------
HUGE = ["1e400", "-1e400", "1E+999", "0.1e99999", "1" * 5000, "-" + "9" * 5000]


def test_a_number_too_large_for_a_float_is_refused_naming_its_field(client, alice, people):
    booking = json.dumps(BODY)
    for literal in HUGE:
        r = book(client, alice, booking.replace('"mileage": 35000', f'"mileage": {literal}'))
        assert r.status_code == 400 and r.json_body["error"]["field"] == "vehicle.mileage", (literal[:10], r.body)
        assert r.json_body["error"]["code"] == "invalid"
    boss = {**JSON, "Authorization": f"Bearer {staff_login(client, people, 'boss')}"}
    for body, field in [('{"name": "新店", "capacity_per_slot": 1e400}', "capacity_per_slot"),
                        ('{"name": "新店", "plan": [{"quota": 1e400}]}', "plan[0].quota"),
                        ('{"name": "新店", "location": {"lat": -1e400, "lng": 1}}', "location.lat")]:
        r = client.put("/admin/stores/newstore", headers=boss, body=body)
        assert r.status_code == 400 and r.json_body["error"]["field"] == field, (body, r.body)
    r = client.put("/admin/stores/newstore", headers=boss, body="1e400")  # not an object, nowhere to point
    assert r.status_code == 400 and r.json_body["error"]["field"] is None
