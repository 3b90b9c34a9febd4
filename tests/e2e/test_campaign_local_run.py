"""A campaign through `make run`'s program (docs/product-rules.md#campaigns, #coupons): the demo chain's admin
defines a campaign with a coupon for the cars whose first service falls due, previews its audience, schedules it
for tomorrow 10:00; the campaigns check, run through /local/checks as if the clock read then, sends the one
customer who agreed by the SMS stand-in; she claims the coupon in the mini-program, books with it, and the
store report counts it."""
from __future__ import annotations

import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from devstack.seed import demo_sms_templates
from tests.support.local_run import LocalRun
from tests.support.patience import ANSWER

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOCAL = {"Authorization": "Bearer local-dev-token"}  # LOCAL_TOKEN's default, printed by make run
PHONE = "13612345678"


@pytest.fixture(scope="module")
def api():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_PREFIX", "JWT_", "WECHAT_"))}
    with LocalRun(env=env, ready_line="Serving on http://127.0.0.1:{port}") as run:
        yield run.base


def _customer(base: str, code: str) -> dict:
    r = requests.post(f"{base}/mp/login", json={"chain_id": "demo", "code": code}, timeout=ANSWER)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _staff(base: str, username: str, password: str) -> dict:
    r = requests.post(f"{base}/staff/login", json={"chain_id": "demo", "username": username, "password": password},
                      timeout=ANSWER)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _slot(base: str, headers: dict, first: datetime) -> str:
    day = first.date()
    for _ in range(14):
        slots = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day.isoformat()}, headers=headers,
                             timeout=ANSWER).json()["slots"]
        if slots:
            return str(slots[2]["start"])
        day += timedelta(days=1)
    pytest.fail("no open day in two weeks")


def test_a_campaign_to_the_demo_chains_cars_due_with_a_coupon(api):
    base = api
    today = datetime.now(SHANGHAI)
    amy = _customer(base, "amy")
    assert requests.put(f"{base}/mp/me/consent", json={"marketing": True}, headers=amy, timeout=ANSWER).ok
    assert requests.post(f"{base}/mp/phone", json={"code": f"phone-{PHONE}"}, headers=amy, timeout=ANSWER).ok
    # a car bought two months ago: its first service falls due within the month
    bought = (today - timedelta(days=70)).date().isoformat()
    film = {"store_id": "demo-pudong", "start": _slot(base, amy, today + timedelta(days=2)), "service_type": "beauty",
            "customer": {"name": "林娜", "phone": PHONE, "honorific": "女士"},
            "vehicle": {"plate": "沪AF13579", "model": "CX-50", "mileage": 3000, "purchase_date": bought}}
    assert requests.post(f"{base}/mp/bookings", json=film, headers={**amy, "Idempotency-Key": "film"},
                         timeout=ANSWER).status_code == 201

    admin = _staff(base, "admin", "admin-pass")
    starts, ends = today.date(), (today + timedelta(days=40)).date()
    campaign = {"campaign_id": "first-service-month", "name": "首保月", "service_type": "first_service",
                "store_ids": ["demo-pudong"], "starts": starts.isoformat(), "ends": ends.isoformat(),
                "wording": "seasonal", "audience": "first_service",
                "coupon": {"amount_fen": 3000, "valid_from": starts.isoformat(), "valid_to": ends.isoformat()}}
    created = requests.post(f"{base}/admin/campaigns", json=campaign, headers=admin, timeout=ANSWER)
    assert created.status_code == 201, created.text
    preview = requests.get(f"{base}/admin/campaigns/first-service-month/audience", headers=admin, timeout=ANSWER).json()
    assert (preview["audience"], preview["with_consent"]) == (1, 1)
    send_at = datetime.combine(starts + timedelta(days=1), datetime.min.time(), SHANGHAI).replace(hour=10)
    scheduled = requests.post(f"{base}/admin/campaigns/first-service-month/schedule",
                              json={"send_at": send_at.isoformat()}, headers=admin, timeout=ANSWER)
    assert scheduled.status_code == 200, scheduled.text

    ran = requests.post(f"{base}/local/checks/campaigns", params={"now": (send_at + timedelta(minutes=5)).isoformat()},
                        headers=LOCAL, timeout=ANSWER)
    assert ran.status_code == 200 and ran.json()["result"].get("queued") == 1, ran.text
    sms = requests.get(f"{base}/local/outbox", headers=LOCAL, timeout=ANSWER).json()["sms"]
    campaign_template = demo_sms_templates()["campaign_seasonal"]["id"]  # the demo chain's approved template
    mine = [m for m in sms if m["phone"] == f"+86{PHONE}" and m["template_id"] == campaign_template]
    assert len(mine) == 1, sms  # the marketing SMS at 10:05, inside the contact hours
    assert mine[0]["text"].endswith("拒收请回复R")  # Tencent's prescribed opt-out, fixed text of the template
    assert not any(word in mine[0]["text"] for word in ("30.00", "30元", "券"))  # never naming the coupon

    [coupon] = requests.get(f"{base}/mp/coupons", headers=amy, timeout=ANSWER).json()["coupons"]
    assert coupon["coupon_id"] == "first-service-month" and coupon["claimed"] is False
    assert requests.post(f"{base}/mp/coupons/first-service-month/claim", headers=amy, timeout=ANSWER).json()["usable"]
    service = {**film, "service_type": "maintenance", "start": _slot(base, amy, today + timedelta(days=5)),
               "coupon_id": "first-service-month"}
    booked = requests.post(f"{base}/mp/bookings", json=service, headers={**amy, "Idempotency-Key": "service"},
                           timeout=ANSWER)
    assert booked.status_code == 201, booked.text
    assert booked.json()["coupon"] == {"coupon_id": "first-service-month", "off": "30.00"}  # off the labour, in fen

    day = booked.json()["start"][:10]
    manager = _staff(base, "manager", "manager-pass")
    report = requests.get(f"{base}/staff/stores/demo-pudong/report", params={"from": day}, headers=manager,
                          timeout=ANSWER).json()
    assert report["totals"]["coupon_bookings"] == 1
