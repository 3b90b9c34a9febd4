"""Logs never hold tokens, secrets, passwords, full phone numbers or plates: every log record of a busy flow
(logins, bookings, a failed login, board pairing, messages sent) is captured at INFO and scanned.

At DEBUG, pynamodb and botocore log whole items and request bodies (phones, plates, hashes): deployed stages
must never run those loggers at DEBUG."""
from __future__ import annotations

import json
import logging

from chalice.test import Client

from app import app
from tests.conftest import JWT_SECRET
from tests.e2e.test_staff_api import PHONE_BOOKING, STAFF, add_staff, book, call, pair_board, staff_login

PHONE, PLATE = "13912345678", "沪AD54321"


def test_a_busy_flow_logs_no_secret_or_personal_data(svc, chain, caplog):
    caplog.set_level(logging.INFO)
    secrets = {JWT_SECRET, "test-mp-secret", "boss-pass", "wang-pass", "wrong-password", PHONE, PLATE}
    with Client(app) as c:
        client = c.http
        for username, (role, stores) in STAFF.items():
            add_staff(chain, username, role, stores)
        boss = staff_login(client, chain, "boss")
        call(client, "POST", "/staff/login", body={"chain_id": chain, "username": "wang", "password": "wrong-password"})
        wang = staff_login(client, chain, "wang")
        alice = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "alice"}).json_body["token"]
        secrets |= {boss, wang, alice}
        body = {"store_id": "pudong", "start": "2026-11-24T09:00:00+08:00", "service_type": "maintenance",
                "customer": {"name": "张伟", "phone": PHONE}, "vehicle": {"plate": PLATE, "model": "X", "mileage": 1}}
        r = client.post("/mp/bookings", headers={"Content-Type": "application/json", "Authorization": f"Bearer {alice}",
                                                 "Idempotency-Key": "k"}, body=json.dumps(body))
        assert r.status_code == 201, r.body
        booked = book(client, wang, customer={**PHONE_BOOKING["customer"], "phone": PHONE},
                      vehicle={**PHONE_BOOKING["vehicle"], "plate": PLATE}, start="2026-11-24T10:00:00+08:00")
        assert call(client, "POST", f"/staff/bookings/{booked['booking_id']}/confirm", wang, {}).status_code == 200
        link = call(client, "POST", "/staff/stores/pudong/board-token", boss).json_body["url"]
        session = pair_board(client, link)
        secrets |= {link.split("#")[1], session}
        client.get("/staff/stores/pudong/board", headers={"Cookie": f"board_session={session}"})
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    leaked = sorted(s[:12] for s in secrets if s and s in logged)
    assert leaked == []
