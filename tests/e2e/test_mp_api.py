"""The mini-program HTTP contract through chalice.test.Client, on the moto server and the WeChat stand-in."""
from __future__ import annotations

import json
from datetime import date

import pytest

from chalicelib.adapters.dynamo.models import CustomerModel, VehicleModel

BODY = {
    "store_id": "pudong",
    "start": "2026-11-24T09:00:00+08:00",
    "service_type": "maintenance",
    "customer": {"name": "张伟", "phone": "13800138000"},
    "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000},
}



def post(client, path, body=None, token=None, key=None, raw=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if key:
        headers["Idempotency-Key"] = key
    payload = raw if raw is not None else (json.dumps(body) if body is not None else "")
    return client.post(path, headers=headers, body=payload)


def get(client, path, token):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def login(client, chain, code):
    r = post(client, "/mp/login", {"chain_id": chain, "code": code})
    assert r.status_code == 200, r.json_body
    return r.json_body["token"]


def test_health_needs_no_token(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json_body["status"] == "ok"


def test_login_maps_a_code_to_a_stable_customer(client, chain, wechat):
    a1 = post(client, "/mp/login", {"chain_id": chain, "code": "alice"}).json_body
    a2 = post(client, "/mp/login", {"chain_id": chain, "code": "alice"}).json_body
    bob = post(client, "/mp/login", {"chain_id": chain, "code": "bob"}).json_body
    assert a1["customer_id"] == a2["customer_id"] != bob["customer_id"]
    calls = [c for c in wechat.state.calls if c["path"] == "/sns/jscode2session"]
    assert calls and all("access_token" not in c["params"] for c in calls)  # no token spent on logins


@pytest.mark.parametrize(
    "body, status, code, field",
    [
        ({"code": "alice"}, 400, "required", "chain_id"),
        ({"chain_id": "nope", "code": "alice"}, 404, "chain_not_found", "chain_id"),
        ({"chain_id": "CHAIN", "code": "invalid-code"}, 400, "invalid_code", "code"),
    ],
)
def test_login_refusals(client, chain, body, status, code, field):
    body = {k: (chain if v == "CHAIN" else v) for k, v in body.items()}
    r = post(client, "/mp/login", body)
    assert r.status_code == status
    assert r.json_body["error"]["code"] == code and r.json_body["error"]["field"] == field


def test_the_platform_chain_has_no_customers(client, svc, wechat):
    """The operators' reserved chain exists (it has a chain record) but no mini-program: a customer can neither
    sign in to it (the same answer as an unknown chain) nor use a customer token naming it."""
    from datetime import timedelta

    from chalicelib.adapters.people.auth import TokenService
    from chalicelib.domain.people.principal import Principal
    from chalicelib.domain.people.staff import PLATFORM_CHAIN
    from tests.conftest import JWT_SECRET
    from tests.e2e.test_floor_api import add_operator

    add_operator(svc)
    r = post(client, "/mp/login", {"chain_id": PLATFORM_CHAIN, "code": "alice"})
    assert (r.status_code, r.json_body["error"]["code"], r.json_body["error"]["field"]) == (404, "chain_not_found",
                                                                                            "chain_id")
    minted = TokenService(JWT_SECRET, timedelta(hours=24)).issue(Principal("c_x", PLATFORM_CHAIN, "customer"),
                                                                 svc.clock.now())
    r = get(client, "/mp/stores", minted)  # a token from before this rule
    assert r.status_code == 403 and r.json_body["error"]["field"] == "Authorization"


def test_wechat_busy_is_a_503_not_a_500(client, chain, wechat):
    import requests

    requests.post(f"{wechat.url}/__faults", json={"path": "/sns/jscode2session", "errcode": 45011})
    r = post(client, "/mp/login", {"chain_id": chain, "code": "alice"})
    assert r.status_code == 503 and r.json_body["error"]["code"] == "upstream_unavailable"


def test_routes_need_a_token(client, chain):
    for path in ("/mp/stores", "/mp/bookings", "/mp/first-available"):
        r = client.get(path)
        assert r.status_code == 401 and r.json_body["error"]["field"] == "Authorization"
    r = get(client, "/mp/stores", "garbage")
    assert r.status_code == 401 and r.json_body["error"]["code"] == "invalid_token"


def test_customer_flow(client, chain, svc):
    token = login(client, chain, "alice")
    stores = get(client, "/mp/stores", token).json_body["stores"]
    assert [s["store_id"] for s in stores] == ["pudong", "xuhui"]

    slots = get(client, "/mp/stores/pudong/slots?date=2026-11-24&service_type=maintenance", token).json_body
    first = slots["slots"][0]
    assert first == {"start": "2026-11-24T08:30:00+08:00", "end": "2026-11-24T09:00:00+08:00",
                     "available": 3, "tier": "normal", "segment": None, "discount": 0.0, "price_estimate": "710.00",
                     "labour_estimate": "360.00"}

    r = post(client, "/mp/bookings", BODY, token, key="k-1")
    assert r.status_code == 201, r.json_body
    booking = r.json_body
    assert booking["status"] == "pending" and booking["start"] == BODY["start"]
    assert booking["customer"] == {"name": "张伟", "phone": "13800138000"}
    assert booking["vehicle"] == {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}
    assert [e["kind"] for e in booking["events"]] == ["booked"]
    assert "张伟".encode() in r.body and r.headers["Content-Type"] == "application/json; charset=utf-8"

    replay = post(client, "/mp/bookings", BODY, token, key="k-1")
    assert replay.status_code == 200 and replay.json_body["booking_id"] == booking["booking_id"]

    listed = get(client, "/mp/bookings", token).json_body["bookings"]
    assert [b["booking_id"] for b in listed] == [booking["booking_id"]]
    assert get(client, f"/mp/bookings/{booking['booking_id']}", token).json_body == booking

    moved = post(client, f"/mp/bookings/{booking['booking_id']}/reschedule", {"start": "2026-11-24T15:00:00+08:00"}, token)
    assert moved.status_code == 200 and moved.json_body["start"] == "2026-11-24T15:00:00+08:00"

    ack = post(client, f"/mp/bookings/{booking['booking_id']}/acknowledge", None, token)
    assert ack.status_code == 200 and ack.json_body["acknowledged_at"]

    cancelled = post(client, f"/mp/bookings/{booking['booking_id']}/cancel", {"reason": "临时有事"}, token)
    assert cancelled.status_code == 200 and cancelled.json_body["status"] == "cancelled"
    again = post(client, f"/mp/bookings/{booking['booking_id']}/cancel", None, token)
    assert again.status_code == 409
    assert again.json_body["error"]["code"] == "illegal_transition" and again.json_body["error"]["current_status"] == "cancelled"
    assert svc.ports.bookings.day_load(chain, "pudong", date(2026, 11, 24)).taken == {"09:00": 0, "15:00": 0}

    subs = post(client, "/mp/subscriptions", {"templates": {"reminder": 3, "booking_confirmed": 1}}, token)
    assert subs.status_code == 200 and subs.json_body["subscriptions"] == {"reminder": 3, "booking_confirmed": 1}


def test_another_customers_booking_is_not_found(client, chain):
    alice, bob = login(client, chain, "alice"), login(client, chain, "bob")
    booking = post(client, "/mp/bookings", BODY, alice, key="a").json_body
    for path in (f"/mp/bookings/{booking['booking_id']}",):
        assert get(client, path, bob).status_code == 404
    for action in ("cancel", "acknowledge"):
        r = post(client, f"/mp/bookings/{booking['booking_id']}/{action}", None, bob)
        assert r.status_code == 404 and r.json_body["error"]["code"] == "booking_not_found"
    assert get(client, "/mp/bookings", bob).json_body["bookings"] == []


def test_another_chains_customer_sees_nothing(client, chain, svc):
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    svc.ports.stores.put_chain(Chain("other", "别家", mp_appid="wxother", mp_secret_ref="/appt/test/mp-secret"))
    svc.ports.stores.put(demo_store("pudong", "别家浦东", chain_id="other"))
    mine = login(client, chain, "alice")
    theirs = login(client, "other", "alice")
    booking = post(client, "/mp/bookings", BODY, mine, key="a").json_body
    assert get(client, f"/mp/bookings/{booking['booking_id']}", theirs).status_code == 404
    assert [s["name"] for s in get(client, "/mp/stores", theirs).json_body["stores"]] == ["别家浦东"]


def test_full_slot_is_409_slot_full(client, chain):
    for i in range(3):
        token = login(client, chain, f"c{i}")
        body = {**BODY, "vehicle": {**BODY["vehicle"], "plate": f"沪A1000{i}"}}
        assert post(client, "/mp/bookings", body, token, key="k").status_code == 201
    r = post(client, "/mp/bookings", BODY, login(client, chain, "late"), key="k")
    assert r.status_code == 409
    assert r.json_body["error"] == {"code": "slot_full", "message": r.json_body["error"]["message"], "field": "start"}


def _with(path: str, value):
    body = json.loads(json.dumps(BODY))
    section, _, leaf = path.rpartition(".")
    target = body[section] if section else body
    if value is None:
        target.pop(leaf)
    else:
        target[leaf] = value
    return body


BAD = [
    ("customer.name", None, 400, "customer.name"),
    ("customer.phone", "12345", 400, "customer.phone"),
    ("vehicle.plate", "ABC123", 400, "vehicle.plate"),
    ("vehicle.mileage", -5, 400, "vehicle.mileage"),
    ("service_type", "oil", 400, "service_type"),
    ("start", "2026-11-22T09:00:00+08:00", 400, "start"),  # past
    ("start", "2026-11-24T09:00:00", 400, "start"),  # no offset
    ("start", "2026-11-24T19:00:00+08:00", 400, "start"),  # after closing
    ("start", "2026-12-25T09:00:00+08:00", 400, "start"),  # beyond the 30-day horizon
    ("start", "2026-11-25T09:00:00+08:00", 400, "start"),  # a closed date (set below)
    ("store_id", "nowhere", 404, "store_id"),
]


@pytest.mark.parametrize("path, value, status, field", BAD, ids=[f"{p}={v}" for p, v, _, _ in BAD])
def test_bad_input_names_the_field_and_writes_nothing(client, chain, svc, path, value, status, field):
    from dataclasses import replace

    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, closed_dates=frozenset({date(2026, 11, 25)})))
    token = login(client, chain, "alice")
    r = post(client, "/mp/bookings", _with(path, value), token, key="k")
    assert r.status_code == status, r.json_body
    assert r.json_body["error"]["field"] == field
    assert set(r.json_body["error"]) >= {"code", "message", "field"}
    # nothing written: no booking, no counter, no vehicle, customer untouched
    assert get(client, "/mp/bookings", token).json_body["bookings"] == []
    for day in (date(2026, 11, 22), date(2026, 11, 24), date(2026, 11, 25), date(2026, 12, 25)):
        assert svc.ports.bookings.day_load(chain, "pudong", day).taken == {}
    with pytest.raises(VehicleModel.DoesNotExist):
        VehicleModel.get(chain, "沪AD12345")
    customer_id = post(client, "/mp/login", {"chain_id": chain, "code": "alice"}).json_body["customer_id"]
    assert CustomerModel.get(chain, customer_id).phone is None


@pytest.mark.parametrize("raw, code", [("{not json", "invalid_json"), ("[1, 2]", "invalid_body"), ("", "invalid_body")])
def test_malformed_bodies(client, chain, raw, code):
    r = post(client, "/mp/bookings", token=login(client, chain, "alice"), key="k", raw=raw)
    assert r.status_code == 400 and r.json_body["error"]["code"] == code


def test_missing_idempotency_key(client, chain):
    r = post(client, "/mp/bookings", BODY, login(client, chain, "alice"))
    assert r.status_code == 400 and r.json_body["error"]["field"] == "Idempotency-Key"


@pytest.mark.parametrize(
    "query, field", [("", "date"), ("date=24-11-2026", "date"), ("date=2026-11-24&service_type=x", "service_type")]
)
def test_slot_query_refusals(client, chain, query, field):
    r = get(client, f"/mp/stores/pudong/slots?{query}", login(client, chain, "alice"))
    assert r.status_code == 400 and r.json_body["error"]["field"] == field


def test_unknown_store_slots(client, chain):
    r = get(client, "/mp/stores/nowhere/slots?date=2026-11-24", login(client, chain, "alice"))
    assert r.status_code == 404 and r.json_body["error"]["field"] == "store_id"


def test_first_available_over_http(client, chain):
    r = get(client, "/mp/first-available?service_type=maintenance&days=2&limit=3", login(client, chain, "alice"))
    assert r.status_code == 200
    slots = r.json_body["slots"]
    assert len(slots) == 3 and {s["store_id"] for s in slots} <= {"pudong", "xuhui"}
    assert r.json_body["slots"][0]["start"] == "2026-11-23T09:00:00+08:00"
    bad = get(client, "/mp/first-available?days=0", login(client, chain, "alice"))
    assert bad.status_code == 400 and bad.json_body["error"]["field"] == "days"


def test_subscription_refusals(client, chain):
    token = login(client, chain, "alice")
    r = post(client, "/mp/subscriptions", {"templates": {"reminder": 0}}, token)
    assert r.status_code == 400 and r.json_body["error"]["field"] == "templates.reminder"
    r = post(client, "/mp/subscriptions", {}, token)
    assert r.status_code == 400 and r.json_body["error"]["field"] == "templates"


def test_a_json_body_sent_as_form_data_is_refused_as_415(client, chain):
    """Contract §10: a body that is not declared as JSON answers 415 in the error shape (it used to be guessed at)."""
    token = login(client, chain, "alice")
    r = client.post("/mp/bookings", body=json.dumps(BODY), headers={
        "Authorization": f"Bearer {token}", "Idempotency-Key": "curl", "Content-Type": "application/x-www-form-urlencoded",
    })
    assert r.status_code == 415 and r.json_body["error"]["field"] == "Content-Type"
