"""PIPL export: GET /mp/me/data answers the customer's own record and bookings, and nobody else's."""
from __future__ import annotations

import json

from chalice.test import Client

from app import app

JSON = {"Content-Type": "application/json"}


def test_a_customer_exports_their_own_data_only(svc, chain):
    with Client(app) as c:
        client = c.http
        tokens = {code: client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": chain, "code": code})).json_body
                  for code in ("alice", "bob")}
        body = {"store_id": "pudong", "start": "2026-11-24T09:00:00+08:00", "service_type": "maintenance",
                "customer": {"name": "张伟", "phone": "13800138000"},
                "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}}
        for code, key in (("alice", "a1"), ("bob", "b1")):
            headers = {**JSON, "Authorization": f"Bearer {tokens[code]['token']}", "Idempotency-Key": key}
            assert client.post("/mp/bookings", headers=headers, body=json.dumps(body)).status_code == 201
        r = client.get("/mp/me/data", headers={"Authorization": f"Bearer {tokens['alice']['token']}"})
    assert r.status_code == 200
    data = r.json_body
    assert data["customer"]["customer_id"] == tokens["alice"]["customer_id"]
    assert data["customer"]["phone"] == "13800138000" and data["customer"]["wechat_openid"]
    assert len(data["bookings"]) == 1 and data["bookings"][0]["vehicle"]["plate"] == "沪AD12345"
    assert tokens["bob"]["customer_id"] not in json.dumps(data)
