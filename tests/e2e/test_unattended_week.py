"""A simulated week over HTTP, as the local stage's time travel drives it (`POST /local/checks/{name}?now=`):
a customer with contact hours, a neighbour without, and a walk-in who queued before opening and was seated,
followed through every check. Every run answers 200 and everyone gets every reminder and follow-up (a
booking with contact hours once failed every reminder run, and a queued walk-in every follow-up run)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.adapters.dynamo.models import OutboxModel
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.e2e.test_staff_api import PHONE_BOOKING, act, call, staff_login

JSON = {"Content-Type": "application/json"}
LOCAL = {"Authorization": "Bearer local-dev-token"}
VEHICLE = {"model": "Mazda 6", "mileage": 35000}


@pytest.fixture
def local_client(svc):
    """/local/... is served on the local stage only: a Chalice app of its own here, on the same container. Its
    routes leave the route registry as they found it, so the deployed stages' OpenAPI document stays theirs."""
    from chalicelib.api import audience

    before = dict(audience.ROUTES)
    from chalicelib.api.local import local

    only_local = Chalice(app_name="appt-local-routes")
    only_local.register_blueprint(local)
    try:
        with Client(only_local) as c:
            yield c.http
    finally:
        audience.ROUTES.clear()
        audience.ROUTES.update(before)


def customer(client, chain: str, code: str) -> dict[str, str]:
    token = client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": chain, "code": code})).json_body["token"]
    me = {**JSON, "Authorization": f"Bearer {token}"}
    granted = client.post("/mp/subscriptions", headers=me, body=json.dumps({"templates": {k: 3 for k in MESSAGE_KINDS}}))
    assert granted.status_code == 200, granted.json_body
    return me


def book(client, me: dict[str, str], start: str, plate: str, name: str) -> str:
    body = {"store_id": "pudong", "start": start, "service_type": "maintenance",
            "customer": {"name": name, "phone": "13800138000"}, "vehicle": {**VEHICLE, "plate": plate}}
    r = client.post("/mp/bookings", headers={**me, "Idempotency-Key": plate}, body=json.dumps(body))
    assert r.status_code == 201, r.json_body
    return r.json_body["booking_id"]


def kinds(booking_id: str, *, sent: bool = True) -> list[str]:
    """The kinds of the booking's messages (sent ones, or all that were made)."""
    found = [m for m in OutboxModel.scan() if f"#{booking_id}#" in m.dedupe_key]  # a test's own small table
    return sorted(m.kind for m in found if m.status == "sent" or not sent)


def test_a_week_of_checks_reaches_everyone_and_every_run_answers_200(client, local_client, svc, chain, people, clock):
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain),
                                       templates={k: f"sub-{k}" for k in MESSAGE_KINDS}))
    svc.ports.stores.clear_cache()
    clock.set(at("2026-11-23", "08:00"))  # Monday, before opening
    alice, bob = customer(client, chain, "alice-week"), customer(client, chain, "bob-week")
    window = client.patch("/mp/me/preferences", headers=alice, body=json.dumps({"contact_hours": ["09:00", "20:00"]}))
    assert window.status_code == 200, window.json_body
    with_window = book(client, alice, "2026-11-25T10:00:00+08:00", "沪A51234", "李娜")
    without = book(client, bob, "2026-11-25T10:30:00+08:00", "沪A51235", "王强")
    mgr = staff_login(client, people, "mgr")
    walk_in = call(client, "POST", "/staff/stores/pudong/walk-ins", mgr,
                   {**{k: v for k, v in PHONE_BOOKING.items() if k not in ("start", "source")},
                    "vehicle": {**VEHICLE, "plate": "沪B60001"}})
    assert walk_in.status_code == 201 and walk_in.json_body["seated"] is False, walk_in.json_body  # queued
    walk_in_id = walk_in.json_body["booking_id"]
    clock.set(at("2026-11-23", "09:05"))
    seated = call(client, "POST", "/staff/stores/pudong/walk-ins/seat", mgr)
    assert seated.status_code == 200, seated.json_body
    for action in ("start", "complete"):
        assert act(client, mgr, walk_in_id, action).status_code == 200

    answers = []
    moment = at("2026-11-23", "09:00")
    while moment <= at("2026-11-28", "21:00"):  # Monday to Saturday, four times a day
        daily = moment.hour == 21
        for name in CHECKS if daily else ("reminders", "lateness", "follow_up", "outbox"):
            r = local_client.post(f"/local/checks/{name}?now={moment.isoformat().replace('+', '%2B')}", headers=LOCAL)
            answers.append((name, moment, r.status_code))
        if moment == at("2026-11-25", "09:00"):  # both arrive for their Wednesday appointments
            clock.set(moment)
            mgr = staff_login(client, people, "mgr")  # a new day's session
            for booking_id in (with_window, without):
                for action in ("check-in", "start", "complete"):
                    assert act(client, mgr, booking_id, action).status_code == 200, (booking_id, action)
        moment += timedelta(hours=4) if moment.hour < 21 else timedelta(hours=12)
    assert [a for a in answers if a[2] != 200] == []
    for booking_id in (with_window, without):  # over WeChat, as they subscribed
        assert "reminder" in kinds(booking_id) and "follow_up" in kinds(booking_id), (booking_id, kinds(booking_id))
    # the walk-in gave a phone only, and this chain sends no SMS: the follow-up is made, nothing can carry it
    assert "follow_up" in kinds(walk_in_id, sent=False), kinds(walk_in_id, sent=False)
