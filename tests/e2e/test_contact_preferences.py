"""Over HTTP: a customer reads and sets their contact hours and marketing consent; the SMS provider's reply
callback is public but signed, and a T reply withdraws the number from SMS invitations."""
from __future__ import annotations

import json
from dataclasses import replace

import boto3
from chalice.test import Client

from app import app
from devstack.sms_standin import TencentSmsStandIn

JSON = {"Content-Type": "application/json"}
SECRET = "test-sms-reply-secret"


def login(client, chain: str, code: str) -> dict[str, str]:
    token = client.post("/mp/login", headers=JSON, body=json.dumps({"chain_id": chain, "code": code})).json_body["token"]
    return {**JSON, "Authorization": f"Bearer {token}"}


def test_a_customer_sets_contact_hours_and_consent(svc, chain):
    with Client(app) as c:
        client = c.http
        me = login(client, chain, "alice")
        assert client.get("/mp/me/preferences", headers=me).json_body == {
            "contact_hours": None, "contact_days": "any", "rush_hours": [], "marketing": False}
        r = client.patch("/mp/me/preferences", headers=me, body=json.dumps({"contact_hours": ["09:00", "20:00"]}))
        assert r.status_code == 200 and r.json_body["contact_hours"] == ["09:00", "20:00"]
        bad = client.patch("/mp/me/preferences", headers=me, body=json.dumps({"contact_hours": ["9", "20:00"]}))
        assert bad.status_code == 400 and bad.json_body["error"]["field"] == "contact_hours"
        assert client.get("/mp/me/consent", headers=me).json_body == {"marketing": False}
        assert client.put("/mp/me/consent", headers=me, body=json.dumps({"marketing": True})).json_body == {"marketing": True}
        bad = client.put("/mp/me/consent", headers=me, body=json.dumps({"marketing": "yes"}))
        assert bad.status_code == 400 and bad.json_body["error"]["field"] == "marketing"
        assert client.get("/mp/me/preferences", headers=me).json_body == {
            "contact_hours": ["09:00", "20:00"], "contact_days": "any", "rush_hours": [], "marketing": True}
        # days and rush hours (docs/product-rules.md#contact-preference)
        r = client.patch("/mp/me/preferences", headers=me, body=json.dumps(
            {"contact_hours": ["09:00", "20:00"], "contact_days": "weekdays", "rush_hours": [["17:00", "19:00"]]}))
        assert r.status_code == 200 and (r.json_body["contact_days"], r.json_body["rush_hours"]) == (
            "weekdays", [["17:00", "19:00"]])
        bad = client.patch("/mp/me/preferences", headers=me, body=json.dumps(
            {"contact_hours": None, "rush_hours": [["19:00", "17:00"]]}))
        assert bad.status_code == 400 and bad.json_body["error"]["field"] == "rush_hours"


def test_the_sms_reply_callback_is_signed_and_records_the_opt_out(svc, chain):
    boto3.client("ssm").put_parameter(Name="/appt/test/sms-reply", Value=SECRET, Type="SecureString", Overwrite=True)
    stored = svc.ports.stores.get_chain(chain)
    svc.ports.stores.put_chain(replace(stored, sms={**stored.sms, "reply_secret_ref": "/appt/test/sms-reply"}))
    svc.ports.stores.clear_cache()
    with Client(app) as c:
        client = c.http
        body, headers = TencentSmsStandIn.signed_reply("wrong-secret", "13800138000", "T")
        forged = client.post(f"/sms/{chain}/replies", headers=headers, body=body)
        assert forged.status_code == 403 and forged.json_body["error"]["field"] == "X-Sms-Signature"
        assert client.post(f"/sms/{chain}/replies", headers=JSON, body=body).status_code == 403  # unsigned
        assert not svc.ports.customers.phone_opted_out(chain, "13800138000")
        body, headers = TencentSmsStandIn.signed_reply(SECRET, "13800138000", "T")
        r = client.post(f"/sms/{chain}/replies", headers=headers, body=body)
        assert r.status_code == 200 and r.json_body == {"replies": 1, "opted_out": 1}
        body, headers = TencentSmsStandIn.signed_reply(SECRET, "13900139000", "好的,谢谢")
        assert client.post(f"/sms/{chain}/replies", headers=headers, body=body).json_body == {"replies": 1, "opted_out": 0}
    assert svc.ports.customers.phone_opted_out(chain, "13800138000")
    assert not svc.ports.customers.phone_opted_out(chain, "13900139000")
