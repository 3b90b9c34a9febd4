"""Fuzzing every operation of the route registry in the suite (a few dozen cases each, as a customer and as
staff): no 5xx, every refusal in the error shape, and the counters still agree with the bookings afterwards.
`python -m bench.fuzz` runs the same generation much deeper, outside the suite."""
from __future__ import annotations

import json
import os
from datetime import date

from chalice.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import app
from chalicelib.api.audience import Audience
from tests.e2e.test_staff_api import STAFF, add_staff, book, call, staff_login
from tests.support.audit import drift
from tests.support.fuzzing import body_for, operations, path_for

CASES_PER_OPERATION = int(os.environ.get("FUZZ_CASES", "25"))  # bench/fuzz.py runs it deeper
SEEN = {"requests": 0, "5xx": 0}


def check(r) -> None:
    SEEN["requests"] += 1
    assert r.status_code < 500, r.body[:300]
    if r.status_code >= 400:
        body = json.loads(r.body)
        assert set(body) == {"error"} and {"code", "message", "field"} <= set(body["error"]), r.body[:300]


def fuzz(client, spec, token, ids) -> None:
    @settings(max_examples=CASES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def one(data):
        path = path_for(spec, ids, data.draw)
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": "fuzz"}
        if spec.method == "GET":
            check(client.get(path, headers=headers))
        else:
            check(getattr(client, spec.method.lower())(path, headers=headers, body=data.draw(body_for(spec))))

    one()


def test_fuzzing_every_operation_finds_no_server_error(svc, chain):
    with Client(app) as c:
        client = c.http
        for username, (role, stores) in STAFF.items():
            add_staff(chain, username, role, stores)
        boss = staff_login(client, chain, "boss")
        booking_id = book(client, boss)["booking_id"]
        alice = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "alice"}).json_body["token"]
        ids = {"store_id": "pudong", "booking_id": booking_id, "action": "confirm", "task_id": "t1", "username": "wang"}
        for spec in operations(Audience.CUSTOMER, Audience.PUBLIC):
            fuzz(client, spec, alice, ids)
        for spec in operations(Audience.STAFF, Audience.CHAIN_ADMIN, Audience.BOARD):
            if spec.path.startswith("/admin/staff/{username}") and spec.method in ("DELETE", "PATCH"):
                ids = {**ids, "username": "li"}  # the admin's own account stays usable for the rest of the run
            fuzz(client, spec, staff_login(client, chain, "boss"), ids)
    assert SEEN["5xx"] == 0 and SEEN["requests"] >= CASES_PER_OPERATION * 20
    for store in ("pudong", "xuhui"):
        assert not any(drift(chain, store, date(2026, 11, 24)).values())
    print(f"fuzz: {SEEN['requests']} requests, 0 server errors")
