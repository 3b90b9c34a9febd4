"""`make run`'s program as a new user meets it: a real process, chalice local on a port, the demo chain,
the README's curl walk-through, and 50 concurrent bookings for a slot with three online places."""
from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests

from tests.support.local_run import ROOT, LocalRun
from tests.support.patience import ANSWER

README = ROOT / "README.md"


@pytest.fixture(scope="module")
def api():
    """The local run on a free port, ready once /health answers (a slow answer is one more poll); stopped with
    its API server child when the module is done or its start failed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_PREFIX", "JWT_", "WECHAT_"))}
    with LocalRun(env=env, ready_line="Serving on http://127.0.0.1:{port}") as run:
        yield run.base, run


def _login(base: str, code: str) -> dict:
    r = requests.post(f"{base}/mp/login", json={"chain_id": "demo", "code": code}, timeout=ANSWER)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _open_day(base: str, headers: dict) -> tuple[str, list[dict]]:
    day = date.today() + timedelta(days=2)
    for _ in range(14):
        slots = requests.get(
            f"{base}/mp/stores/demo-pudong/slots", params={"date": day.isoformat()}, headers=headers, timeout=ANSWER
        ).json()
        if slots["slots"]:
            return day.isoformat(), slots["slots"]
        day += timedelta(days=1)
    pytest.fail("no open day in two weeks")


def test_demo_chain_and_customer_walkthrough(api):
    base, _ = api
    headers = _login(base, "alice")
    stores = requests.get(f"{base}/mp/stores", headers=headers, timeout=ANSWER).json()["stores"]
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
    created = requests.post(f"{base}/mp/bookings", json=body, headers={**headers, "Idempotency-Key": "walk-1"}, timeout=ANSWER)
    assert created.status_code == 201, created.text
    # 09:30 is never in the demo plan's recommended segment (Tuesday to Thursday afternoons): full price
    assert (created.json()["price_estimate"], created.json()["discount"]) == ("710.00", 0.0)
    priced = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day, "service_type": "maintenance"},
                          headers=headers, timeout=ANSWER).json()["slots"]
    for slot in priced:
        recommended = slot["tier"] == "recommended"
        assert slot["price_estimate"] == ("656.00" if recommended else "710.00"), slot
        assert not recommended or slot["segment"] == "周中午后闲时", slot
    booking_id = created.json()["booking_id"]
    mine = requests.get(f"{base}/mp/bookings", headers=headers, timeout=ANSWER).json()["bookings"]
    assert [b["booking_id"] for b in mine] == [booking_id]
    other = _login(base, "bob")
    assert requests.get(f"{base}/mp/bookings/{booking_id}", headers=other, timeout=ANSWER).status_code == 404
    cancelled = requests.post(f"{base}/mp/bookings/{booking_id}/cancel", json={}, headers=headers, timeout=ANSWER)
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
        r = requests.post(f"{base}/mp/bookings", json=body, headers={**people[i], "Idempotency-Key": f"race-{i}"}, timeout=ANSWER)
        if r.status_code == 409:
            assert r.json()["error"]["code"] == "slot_full"
        return r.status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(book, range(50)))
    assert statuses.count(201) == 3 and statuses.count(409) == 47, statuses
    after = requests.get(f"{base}/mp/stores/demo-pudong/slots", params={"date": day}, headers=people[0], timeout=ANSWER).json()
    slot = next(s for s in after["slots"] if s["start"] == start)
    assert slot["available"] == 0 and slot["tier"] == "busy"


def test_a_confirmed_booking_reaches_the_customer_through_the_local_stand_ins(api):
    base, _ = api
    login = {"chain_id": "demo", "username": "manager", "password": "manager-pass"}
    staff = requests.post(f"{base}/staff/login", json=login, timeout=ANSWER)
    headers = {"Authorization": f"Bearer {staff.json()['token']}"}
    day, slots = _open_day(base, _login(base, "carol"))
    body = {"start": slots[-1]["start"], "service_type": "repair",
            "customer": {"name": "王芳", "phone": "13700137000", "honorific": "女士"},
            "vehicle": {"plate": "沪C24680", "model": "Mazda 6", "mileage": 42000}}
    created = requests.post(f"{base}/staff/stores/demo-pudong/bookings", json=body, headers=headers, timeout=ANSWER)
    assert created.status_code == 201, created.text
    booking_id = created.json()["booking_id"]
    confirmed = requests.post(f"{base}/staff/bookings/{booking_id}/confirm", json={}, headers=headers, timeout=ANSWER)
    assert confirmed.status_code == 200
    assert requests.get(f"{base}/local/outbox", timeout=ANSWER).status_code == 401  # the local token is required
    local = {"Authorization": "Bearer local-dev-token"}  # LOCAL_TOKEN's default, printed by make run
    sms = requests.get(f"{base}/local/outbox", headers=local, timeout=ANSWER).json()["sms"]
    mine = [m for m in sms if m["phone"] == "+8613700137000"]
    assert len(mine) == 1 and mine[0]["params"][:2] == ["王女士", "上海浦东店"]
    ran = requests.post(f"{base}/local/checks/outbox", headers=local, timeout=ANSWER)
    assert ran.status_code == 200 and ran.json()["check"] == "outbox"
    assert requests.post(f"{base}/local/checks/nope", headers=local, timeout=ANSWER).status_code == 404
    assert requests.get(f"{base}/no/such/path", timeout=ANSWER).json()["error"]["code"] == "not_found"
    too_long = requests.get(f"{base}/health?q=" + "x" * 100_000, timeout=ANSWER)  # refused by the HTTP server itself
    assert too_long.status_code == 414 and too_long.json()["error"]["code"] == "http_414"
    assert requests.get(f"{base}/health?q=" + "x" * 10_000, timeout=ANSWER).json()["error"]["field"] == "query"


def test_the_stand_in_pushes_an_encrypted_follow_with_the_printed_key(api):
    base, run = api
    standin = re.search(r"http://[\d.]+:\d+", run.printed("WeChat stand-in:")).group(0)
    push_line = run.printed("WeChat server push:")
    token, aes_key = push_line.split("token ")[1].split(",")[0], push_line.split("AES key ")[1].strip()
    assert token == "demo-oa-token" and len(aes_key) == 43
    headers = _login(base, "push-user")
    follower = requests.post(f"{standin}/__follow", json={"appid": "wxdemooa00000001", "code": "push-user"},
                             timeout=ANSWER).json()
    fields = {"ToUserName": "gh_demo", "FromUserName": follower["openid"], "CreateTime": str(int(time.time())),
              "MsgType": "event", "Event": "subscribe"}
    pushed = requests.post(f"{standin}/__push", json={"url": f"{base}/wechat/demo/oa", "token": token,
                                                      "appid": "wxdemooa00000001", "aes_key": aes_key, "fields": fields,
                                                      "timeout": ANSWER / 2},
                           timeout=ANSWER).json()
    assert pushed == {"status": 200, "body": "success"}
    data = requests.get(f"{base}/mp/me/data", headers=headers, timeout=ANSWER).json()
    assert follower["openid"] in str(data)


def test_the_platform_operator_of_the_local_run_opens_a_chain_whose_bookings_get_an_advisor(api):
    base, _ = api
    login = {"chain_id": "platform", "username": "operator", "password": "operator-pass"}
    operator = requests.post(f"{base}/staff/login", json=login, timeout=ANSWER)
    assert operator.status_code == 200 and operator.json()["role"] == "operator", operator.text
    headers = {"Authorization": f"Bearer {operator.json()['token']}"}
    body = {"chain_id": "local-east", "name": "东方汽车", "mp_appid": "wxlocaleast", "mp_secret_ref": "/appt/local/east",
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    created = requests.post(f"{base}/operator/chains", json=body, headers=headers, timeout=ANSWER)
    assert created.status_code == 201, created.text
    chief = requests.post(f"{base}/staff/login", json={"chain_id": "local-east", "username": "chief",
                                                       "password": "chief-pass"}, timeout=ANSWER)
    assert chief.status_code == 200 and chief.json()["role"] == "chain_admin"
    manager = requests.post(f"{base}/staff/login", json={"chain_id": "demo", "username": "manager",
                                                         "password": "manager-pass"}, timeout=ANSWER).json()["token"]
    day, slots = _open_day(base, _login(base, "dave"))
    booked = requests.post(f"{base}/staff/stores/demo-pudong/bookings", headers={"Authorization": f"Bearer {manager}"},
                           json={"start": slots[-2]["start"], "service_type": "repair",
                                 "customer": {"name": "赵磊", "phone": "13600136000"},
                                 "vehicle": {"plate": "沪C13579", "model": "Mazda 6", "mileage": 1000}}, timeout=ANSWER)
    assert booked.status_code == 201 and booked.json()["advisor_id"] == "wang"  # pudong's advisor


def _second_shell(command: str) -> subprocess.CompletedProcess[str]:
    """`command` in a new bash in the repository with nothing of the run's environment (a newcomer's second
    terminal): only PATH and HOME."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=ANSWER * 4)


def test_the_onboarding_command_the_run_prints_works_from_a_second_shell_and_the_demo_file_is_the_seed(api):
    _, run = api
    line = run.printed("onboard a chain from a file:")
    command = line.split(":", 1)[1].split("  (with LOCAL_RUN_FILE=")[0].strip()
    assert command.endswith("-m devstack.onboard devstack/onboarding/demo.json --dry-run")
    done = _second_shell(f"LOCAL_RUN_FILE={shlex.quote(str(run.settings_file))} {command}")
    assert (done.returncode, done.stdout.splitlines()) == (0, ["no changes"]), done.stdout + done.stderr


def test_the_readme_push_walkthrough_runs_with_the_settings_the_run_wrote(api):
    _, run = api
    block = next(b for b in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S) if "__push" in b)
    assert block.startswith(". .local/run.env\n")  # B, W and K come from the run, not by hand
    done = _second_shell(block.replace(". .local/run.env", f". {shlex.quote(str(run.settings_file))}", 1))
    assert json.loads(done.stdout.splitlines()[-1]) == {"status": 200, "body": "success"}, done.stdout + done.stderr


def test_without_a_local_run_the_onboarding_command_says_what_it_needs(tmp_path, monkeypatch):
    from devstack import onboard

    monkeypatch.setenv("LOCAL_RUN_FILE", str(tmp_path / "run.env"))
    out = io.StringIO()
    assert onboard.main(["devstack/onboarding/demo.json", "--dry-run"], out) == 2
    assert "start `make run` first" in out.getvalue() and "AWS_ENDPOINT_URL" in out.getvalue()
