"""`make run`'s program as a new user meets it: a real process, chalice local on a port, the demo chain,
the README's curl walk-through, and 50 concurrent bookings for a slot with three online places."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def api():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_PREFIX", "JWT_", "WECHAT_"))}
    env["PORT"] = str(port)
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack.run"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
        assert proc.poll() is None, proc.stdout.read()
    else:
        proc.kill()
        pytest.fail("the local API did not answer /health within 60 s")
    yield base, proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _login(base: str, code: str) -> dict:
    r = requests.post(f"{base}/mp/login", json={"chain_id": "demo", "code": code}, timeout=10)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _open_day(base: str, headers: dict) -> tuple[str, list[dict]]:
    day = date.today() + timedelta(days=2)
    for _ in range(14):
        slots = requests.get(
            f"{base}/mp/stores/demo-pudong/slots", params={"date": day.isoformat()}, headers=headers, timeout=10
        ).json()
        if slots["slots"]:
            return day.isoformat(), slots["slots"]
        day += timedelta(days=1)
    pytest.fail("no open day in two weeks")


def test_demo_chain_and_customer_walkthrough(api):
    base, _ = api
    headers = _login(base, "alice")
    stores = requests.get(f"{base}/mp/stores", headers=headers, timeout=10).json()["stores"]
    assert [s["store_id"] for s in stores] == ["demo-pudong", "demo-xuhui"]
    assert stores[0]["hours"]["mon"] == ["08:30", "17:30"] and stores[0]["timezone"] == "Asia/Shanghai"
    day, slots = _open_day(base, headers)
    assert slots[0]["start"] == f"{day}T08:30:00+08:00" and slots[-1]["end"] == f"{day}T17:30:00+08:00"
    assert len(slots) == 18 and slots[0]["available"] == 3  # capacity 4, one place kept for walk-ins

    body = {
        "store_id": "demo-pudong", "start": slots[2]["start"], "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": "沪AD12345", "model": "Mazda CX-5", "mileage": 35000},
    }
    created = requests.post(f"{base}/mp/bookings", json=body, headers={**headers, "Idempotency-Key": "walk-1"}, timeout=10)
    assert created.status_code == 201, created.text
    # 09:30 is never in the demo plan's recommended segment (Tuesday to Thursday afternoons): full price
    assert (created.json()["price_estimate"], created.json()["discount"]) == ("710.00", 0.0)
    priced = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day, "service_type": "maintenance"},
                          headers=headers, timeout=10).json()["slots"]
    for slot in priced:
        recommended = slot["tier"] == "recommended"
        assert slot["price_estimate"] == ("656.00" if recommended else "710.00"), slot
        assert not recommended or slot["segment"] == "周中午后闲时", slot
    booking_id = created.json()["booking_id"]
    mine = requests.get(f"{base}/mp/bookings", headers=headers, timeout=10).json()["bookings"]
    assert [b["booking_id"] for b in mine] == [booking_id]
    other = _login(base, "bob")
    assert requests.get(f"{base}/mp/bookings/{booking_id}", headers=other, timeout=10).status_code == 404
    cancelled = requests.post(f"{base}/mp/bookings/{booking_id}/cancel", json={}, headers=headers, timeout=10)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_fifty_concurrent_bookings_over_http_get_three_places(api):
    base, _ = api
    people = [_login(base, f"racer-{i}") for i in range(50)]
    day, slots = _open_day(base, people[0])
    start = slots[6]["start"]

    def book(i: int) -> int:
        body = {
            "store_id": "demo-pudong", "start": start, "service_type": "maintenance",
            "customer": {"name": "顾客", "phone": f"139{i:08d}"},
            "vehicle": {"plate": f"沪B{10000 + i}", "model": "Mazda 3", "mileage": 1000 + i},
        }
        r = requests.post(f"{base}/mp/bookings", json=body, headers={**people[i], "Idempotency-Key": f"race-{i}"}, timeout=30)
        if r.status_code == 409:
            assert r.json()["error"]["code"] == "slot_full"
        return r.status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(book, range(50)))
    assert statuses.count(201) == 3 and statuses.count(409) == 47, statuses
    after = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day}, headers=people[0], timeout=10).json()
    slot = next(s for s in after["slots"] if s["start"] == start)
    assert slot["available"] == 0 and slot["tier"] == "busy"


def test_a_confirmed_booking_reaches_the_customer_through_the_local_stand_ins(api):
    base, _ = api
    login = {"chain_id": "demo", "username": "manager", "password": "manager-pass"}
    staff = requests.post(f"{base}/staff/login", json=login, timeout=10)
    headers = {"Authorization": f"Bearer {staff.json()['token']}"}
    day, slots = _open_day(base, _login(base, "carol"))
    body = {"start": slots[-1]["start"], "service_type": "repair",
            "customer": {"name": "王芳", "phone": "13700137000", "honorific": "女士"},
            "vehicle": {"plate": "沪C24680", "model": "Mazda 6", "mileage": 42000}}
    created = requests.post(f"{base}/staff/stores/demo-pudong/bookings", json=body, headers=headers, timeout=10)
    assert created.status_code == 201, created.text
    booking_id = created.json()["booking_id"]
    confirmed = requests.post(f"{base}/staff/bookings/{booking_id}/confirm", json={}, headers=headers, timeout=10)
    assert confirmed.status_code == 200
    assert requests.get(f"{base}/local/outbox", timeout=10).status_code == 401  # the local token is required
    local = {"Authorization": "Bearer local-dev-token"}  # LOCAL_TOKEN's default, printed by make run
    sms = requests.get(f"{base}/local/outbox", headers=local, timeout=10).json()["sms"]
    mine = [m for m in sms if m["phone"] == "+8613700137000"]
    assert len(mine) == 1 and mine[0]["params"][:2] == ["王女士", "上海浦东店"]
    ran = requests.post(f"{base}/local/checks/outbox", headers=local, timeout=10)
    assert ran.status_code == 200 and ran.json()["check"] == "outbox"
    assert requests.post(f"{base}/local/checks/nope", headers=local, timeout=10).status_code == 404
    assert requests.get(f"{base}/no/such/path", timeout=10).json()["error"]["code"] == "not_found"
    too_long = requests.get(f"{base}/health?q=" + "x" * 100_000, timeout=10)  # refused by the HTTP server itself
    assert too_long.status_code == 414 and too_long.json()["error"]["code"] == "http_414"
    assert requests.get(f"{base}/health?q=" + "x" * 10_000, timeout=10).json()["error"]["field"] == "query"


def _printed(proc, prefix: str, limit: int = 60) -> str:
    """A line the local run printed before it served (they are all in the pipe by then)."""
    for _ in range(limit):
        line = proc.stdout.readline()
        if prefix in line:
            return line[line.index(prefix):]
    pytest.fail(f"the local run printed no line starting {prefix!r}")


def test_the_stand_in_pushes_an_encrypted_follow_with_the_printed_key(api):
    base, proc = api
    standin = re.search(r"http://[\d.]+:\d+", _printed(proc, "WeChat stand-in:")).group(0)
    push_line = _printed(proc, "WeChat server push:")
    token, aes_key = push_line.split("token ")[1].split(",")[0], push_line.split("AES key ")[1].strip()
    assert token == "demo-oa-token" and len(aes_key) == 43
    headers = _login(base, "push-user")
    follower = requests.post(f"{standin}/__follow", json={"appid": "wxdemooa00000001", "code": "push-user"},
                             timeout=10).json()
    fields = {"ToUserName": "gh_demo", "FromUserName": follower["openid"], "CreateTime": str(int(time.time())),
              "MsgType": "event", "Event": "subscribe"}
    pushed = requests.post(f"{standin}/__push", json={"url": f"{base}/wechat/demo/oa", "token": token,
                                                      "appid": "wxdemooa00000001", "aes_key": aes_key, "fields": fields},
                           timeout=15).json()
    assert pushed == {"status": 200, "body": "success"}
    data = requests.get(f"{base}/mp/me/data", headers=headers, timeout=10).json()
    assert follower["openid"] in str(data)


def test_the_platform_operator_of_the_local_run_opens_a_chain_whose_bookings_get_an_advisor(api):
    base, _ = api
    login = {"chain_id": "platform", "username": "operator", "password": "operator-pass"}
    operator = requests.post(f"{base}/staff/login", json=login, timeout=10)
    assert operator.status_code == 200 and operator.json()["role"] == "operator", operator.text
    headers = {"Authorization": f"Bearer {operator.json()['token']}"}
    body = {"chain_id": "local-east", "name": "东方汽车", "mp_appid": "wxlocaleast", "mp_secret_ref": "/appt/local/east",
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    created = requests.post(f"{base}/operator/chains", json=body, headers=headers, timeout=10)
    assert created.status_code == 201, created.text
    chief = requests.post(f"{base}/staff/login", json={"chain_id": "local-east", "username": "chief",
                                                       "password": "chief-pass"}, timeout=10)
    assert chief.status_code == 200 and chief.json()["role"] == "chain_admin"
    manager = requests.post(f"{base}/staff/login", json={"chain_id": "demo", "username": "manager",
                                                         "password": "manager-pass"}, timeout=10).json()["token"]
    day, slots = _open_day(base, _login(base, "dave"))
    booked = requests.post(f"{base}/staff/stores/demo-pudong/bookings", headers={"Authorization": f"Bearer {manager}"},
                           json={"start": slots[-2]["start"], "service_type": "repair",
                                 "customer": {"name": "赵磊", "phone": "13600136000"},
                                 "vehicle": {"plate": "沪C13579", "model": "Mazda 6", "mileage": 1000}}, timeout=10)
    assert booked.status_code == 201 and booked.json()["advisor_id"] == "wang"  # pudong's advisor
