"""PIPL erasure: DELETE /mp/me leaves nothing that names the person in any table, while the stores keep
their anonymous figures and the slot counters stay exact. Run on the embedded DynamoDB: the test reads
every item of every table afterwards (a Scan is fine in a test, never in the product)."""
from __future__ import annotations

import json
from datetime import date

import boto3

from chalicelib.adapters.dynamo import models
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.e2e.test_staff_api import add_staff, staff_login

JSON = {"Content-Type": "application/json"}
ERIN = {"name": "王小明", "phone": "13912345678", "plate": "沪B54321", "fault": "左前轮异响", "comment": "等太久了投诉"}
FRANK = {"name": "李大华", "phone": "13700001111", "plate": "沪C11111"}


def _login(client, chain, code):
    body = client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": chain, "code": code})).json_body
    return {**JSON, "Authorization": f"Bearer {body['token']}"}


def _book(client, headers, start, who, key, fault=None):
    body = {"store_id": "pudong", "start": start, "service_type": "maintenance", "description": fault,
            "customer": {"name": who["name"], "phone": who["phone"]},
            "vehicle": {"plate": who["plate"], "model": "Mazda 6", "mileage": 35000}}
    r = client.post("/mp/bookings", headers={**headers, "Idempotency-Key": key},
                    body=json.dumps({k: v for k, v in body.items() if v is not None}))
    assert r.status_code == 201, r.json_body
    return r.json_body["booking_id"]


def _everything(config) -> str:
    """Every item of every table of this test, as one text."""
    dynamo = boto3.client("dynamodb", endpoint_url=config.dynamodb_endpoint)
    items = []
    for model in models.MODELS:
        pages = dynamo.get_paginator("scan").paginate(TableName=model.Meta.table_name)
        items += [item for page in pages for item in page["Items"]]
    return json.dumps(items, ensure_ascii=False)


def _a_history(svc, chain, clock, client):
    """Erin: a finished service with a complaint, an upcoming booking that was reminded and is in the
    preparation digest; Frank: an upcoming booking in the same slot."""
    erin, frank = _login(client, chain, "erin"), _login(client, chain, "frank")
    done = _book(client, erin, "2026-11-23T09:00:00+08:00", ERIN, "e1", fault=ERIN["fault"])
    upcoming = _book(client, erin, "2026-11-25T10:00:00+08:00", ERIN, "e2", fault=ERIN["fault"])
    _book(client, frank, "2026-11-25T10:00:00+08:00", FRANK, "f1")
    mgr = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))
    clock.set(at("2026-11-23", "09:05"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, done, action)
    clock.set(at("2026-11-24", "10:30"))
    erin = _login(client, chain, "erin")  # a day later: the morning's token has expired
    r = client.post(f"/mp/bookings/{done}/feedback", headers=erin, body=json.dumps({"score": 2, "comment": ERIN["comment"]}))
    assert r.status_code == 200, r.json_body
    svc.checks.run("reminders")
    clock.set(at("2026-11-24", "20:00"))
    svc.daily_report.run()
    return _login(client, chain, "erin"), upcoming


def test_erasure_leaves_nothing_personal_and_keeps_the_figures(svc, chain, clock, client, tables):
    add_staff(chain, "mgr", Role.STORE_MANAGER, {"pudong"})
    erin, upcoming = _a_history(svc, chain, clock, client)
    mine = client.get("/mp/me/data", headers=erin).json_body["customer"]
    before = _everything(tables)
    traces = [*ERIN.values(), mine["customer_id"], mine["wechat_openid"]]
    assert all(trace in before for trace in traces)  # the history really holds them all

    r = client.delete("/mp/me", headers=erin)

    assert r.status_code == 200, r.json_body
    erased = r.json_body["erased"]
    assert erased["bookings"] == 2 and erased["cancelled"] == 1 and erased["customer"] == 1
    # messages: the reminder, the done service's "started" and "ready for pickup" notices, and the answer to
    # her complaint saying by when the manager calls (docs/product-rules.md#complaints)
    assert erased["tasks"] >= 1 and erased["messages"] == 4 and erased["report_days"] >= 1 and erased["vehicles"] == 1
    after = _everything(tables)
    assert [trace for trace in traces if trace in after] == []
    assert all(value in after for value in FRANK.values())  # somebody else's data is untouched
    staff = {"Authorization": f"Bearer {staff_login(client, chain, 'mgr')}"}
    plan = client.get("/staff/stores/pudong/bookings?date=2026-11-25", headers=staff).json_body["bookings"]
    cancelled = [b for b in plan if b["booking_id"] == upcoming]
    assert cancelled and cancelled[0]["status"] == "cancelled"  # the store sees the place was given back
    report = client.get("/staff/stores/pudong/report?from=2026-11-23&to=2026-11-25", headers=staff).json_body["totals"]
    assert report["bookings"] == 3 and report["cancellations"] == 1 and report["arrivals"] == 1
    assert svc.auditor.store_day(chain, "pudong", date(2026, 11, 25)).total == 0
    assert client.get("/mp/bookings", headers=erin).json_body["bookings"] == []


def test_erasure_runs_again_without_harm(svc, chain, clock, client):
    erin = _login(client, chain, "erin")
    _book(client, erin, "2026-11-25T10:00:00+08:00", ERIN, "e1")
    first = client.delete("/mp/me", headers=erin)
    again = client.delete("/mp/me", headers=erin)
    assert first.status_code == again.status_code == 200
    assert first.json_body["erased"]["bookings"] == 1
    assert again.json_body["erased"] == {"messages": 0, "tasks": 0, "report_days": 0, "cancelled": 0, "bookings": 0,
                                         "vehicles": 0, "coupon_claims": 0, "customer": 0}
