"""`make run`'s program as a new user meets it: a real process, chalice local on a port, the demo chain,
the README's curl walk-through, 50 concurrent bookings for a slot with three online places, a chain set up
through the API alone taking a customer and a safe-mode push, and a scanned store code checking a customer in."""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shlex
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from tests.support.local_run import ROOT, LocalRun
from tests.support.patience import ANSWER

README = ROOT / "README.md"
# one worker runs the module (`make test`: --dist loadgroup), so its one local run is started once, not on each worker
pytestmark = pytest.mark.xdist_group("make run")


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


def day_and_time(start: str) -> str:
    """12月9日 17:00 for a slot's start (store-local ISO)."""
    from datetime import datetime

    at = datetime.fromisoformat(start)
    return f"{at.month}月{at.day}日 {at:%H:%M}"


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
    assert len(mine) == 1 and mine[0]["params"][:2] == ["王女士", day_and_time(slots[-1]["start"])]
    # the demo chain's approved confirmation template of the store, as the customer's phone shows it
    assert mine[0]["text"].startswith("【演示汽车】王女士您好，您在上海浦东店的预约已确认")
    assert "预计费用" in mine[0]["text"] and "10分钟" in mine[0]["text"] and "{" not in mine[0]["text"]
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
    body = {"chain_id": "local-east", "name": "东方汽车", "mp_appid": "wxlocaleast", "mp_secret": "e" * 32,
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


def _staff(base: str, chain: str, username: str, password: str) -> dict:
    r = requests.post(f"{base}/staff/login", json={"chain_id": chain, "username": username, "password": password},
                      timeout=ANSWER)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_a_chain_set_up_through_the_api_alone_logs_a_customer_in_and_takes_only_safe_mode_pushes(api):
    from devstack.wechat_push import new_aes_key

    base, run = api
    standin = re.search(r"http://[\d.]+:\d+", run.printed("WeChat stand-in:")).group(0)
    operator = _staff(base, "platform", "operator", "operator-pass")
    chain, oa_appid, aes_key = "api-only", "wx" + "a1" * 8, "".join(c for c in new_aes_key() if c.isalnum())
    aes_key = (aes_key + "A" * 43)[:43]
    created = requests.post(f"{base}/operator/chains", headers=operator, timeout=ANSWER, json={
        "chain_id": chain, "name": "接口集团", "mp_appid": "wx" + "b2" * 8,
        "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}})
    assert created.status_code == 201, created.text
    refused = requests.post(f"{base}/mp/login", json={"chain_id": chain, "code": "api-user"}, timeout=ANSWER)
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "chain_not_configured"
    setup = {"mp_secret": "c3" * 16, "oa_appid": oa_appid, "oa_secret": "d4" * 16, "oa_push_token": "apiOnlyToken",
             "oa_push_aes_key": aes_key, "oa_original_id": "gh_0123456789ab"}
    chief = _staff(base, chain, "chief", "chief-pass")
    configured = requests.patch(f"{base}/admin/wechat", json=setup, headers=chief, timeout=ANSWER)
    assert configured.status_code == 200, configured.text
    assert configured.json()["safe_mode"]["oa"] and aes_key not in configured.text and "c3" * 16 not in configured.text
    login = requests.post(f"{base}/mp/login", json={"chain_id": chain, "code": "api-user"}, timeout=ANSWER)
    assert login.status_code == 200, login.text
    me = {"Authorization": f"Bearer {login.json()['token']}"}
    follower = requests.post(f"{standin}/__follow", json={"appid": oa_appid, "code": "api-user"}, timeout=ANSWER).json()
    fields = {"ToUserName": "gh_0123456789ab", "FromUserName": follower["openid"], "CreateTime": str(int(time.time())),
              "MsgType": "event", "Event": "subscribe"}
    order = {"url": f"{base}/wechat/{chain}/oa", "token": "apiOnlyToken", "appid": oa_appid, "fields": fields,
             "timeout": ANSWER / 2}
    plain = requests.post(f"{standin}/__push", json=order, timeout=ANSWER).json()
    assert plain["status"] == 403  # safe mode: a plain push is refused, whoever signed it
    assert follower["openid"] not in str(requests.get(f"{base}/mp/me/data", headers=me, timeout=ANSWER).json())
    pushed = requests.post(f"{standin}/__push", json={**order, "aes_key": aes_key}, timeout=ANSWER).json()
    assert pushed == {"status": 200, "body": "success"}
    assert follower["openid"] in str(requests.get(f"{base}/mp/me/data", headers=me, timeout=ANSWER).json())


def _midday_zone() -> str:
    """A fixed-offset zone where it is about noon now, so that today has open slots whenever the suite runs."""
    offset = (12 - datetime.now(UTC).hour + 12) % 24 - 12
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


def test_a_scanned_store_code_checks_a_booked_customer_in_and_the_manager_hears_at_once(api):
    from devstack.wechat_codes import png_text

    base, _ = api
    admin = _staff(base, "demo", "admin", "admin-pass")
    here = {"lat": 31.2000, "lng": 121.4500}
    store = requests.put(f"{base}/admin/stores/demo-qr", headers=admin, timeout=ANSWER, json={
        "name": "扫码测试店", "phone": "021-64001001",
        "timezone": _midday_zone(), "location": here, "closes_on_public_holidays": False,
        "lead_time_minutes": 30, "hours": {d: ["00:00", "23:30"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})
    assert store.status_code == 200, store.text
    staffed = requests.post(f"{base}/admin/staff", headers=admin, timeout=ANSWER, json={
        "username": "qrmgr", "password": "qrmgr-pass-2026", "display_name": "扫码店长", "role": "store_manager",
        "store_ids": ["demo-qr"]})
    assert staffed.status_code == 201, staffed.text
    assert requests.put(f"{base}/admin/staff/qrmgr/contact", headers=admin, json={"phone": "13900000077"},
                        timeout=ANSWER).status_code == 200
    manager = _staff(base, "demo", "qrmgr", "qrmgr-pass-2026")
    poster = requests.get(f"{base}/staff/stores/demo-qr/checkin-poster", headers=manager, timeout=ANSWER)
    assert poster.status_code == 200, poster.text
    scanned = png_text(base64.b64decode(poster.json()["image"]))  # what WeChat hands the page on a scan

    customer = _login(base, "qr-carol")
    slots = requests.get(f"{base}/mp/stores", headers=customer, timeout=ANSWER)
    assert "demo-qr" in slots.text
    today = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo(_midday_zone())).date().isoformat()
    free = [s for s in requests.get(f"{base}/mp/stores/demo-qr/slots", params={"date": today}, headers=customer,
                                    timeout=ANSWER).json()["slots"] if s["available"] > 0]
    assert free, today
    booked = requests.post(f"{base}/mp/bookings", headers={**customer, "Idempotency-Key": "qr-1"}, timeout=ANSWER, json={
        "store_id": "demo-qr", "start": free[0]["start"], "service_type": "inspection",
        "customer": {"name": "陈静", "phone": "13700001111"}, "vehicle": {"plate": "沪F55667", "model": "Golf",
                                                                        "mileage": 3000}})
    assert booked.status_code == 201, booked.text
    arrived = requests.post(f"{base}/mp/checkin", headers=customer, timeout=ANSWER,
                            json={"scene": scanned["scene"], "location": here})
    assert arrived.status_code == 200, arrived.text
    assert arrived.json()["status"] == "arrived" and arrived.json()["booking"]["booking_id"] == booked.json()["booking_id"]
    local = {"Authorization": "Bearer local-dev-token"}
    sms = requests.get(f"{base}/local/outbox", headers=local, timeout=ANSWER).json()["sms"]
    told = [m for m in sms if m["phone"] == "+8613900000077"]
    assert len(told) == 1, sms[-3:]  # the store's manager (no advisor on duty there), at once
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


def test_a_scanned_store_code_checks_a_booked_customer_in_and_the_advisor_reads_it_in_wecom(api):
    """The chain's WeCom app set through the API (no seed), the advisor's own WeCom link, and the arrival's
    text card read back from the WeCom stand-in as the advisor's WeCom shows it."""
    from devstack.wechat_codes import png_text

    base, _ = api
    admin = _staff(base, "demo", "admin", "admin-pass")
    here = {"lat": 31.2100, "lng": 121.4600}
    store = requests.put(f"{base}/admin/stores/demo-qr-wecom", headers=admin, timeout=ANSWER, json={
        "name": "企微测试店", "phone": "021-64001002",
        "timezone": _midday_zone(), "location": here, "closes_on_public_holidays": False,
        "lead_time_minutes": 30, "hours": {d: ["00:00", "23:30"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})
    assert store.status_code == 200, store.text
    for username, role in (("wxmgr", "store_manager"), ("wxadv", "advisor")):
        made = requests.post(f"{base}/admin/staff", headers=admin, timeout=ANSWER, json={
            "username": username, "password": f"{username}-pass-2026", "display_name": "企微" + username[-3:],
            "role": role, "store_ids": ["demo-qr-wecom"]})
        assert made.status_code == 201, made.text
    app = {"corp_id": "ww0000000000de0001", "agent_id": "1000002", "secret": "DemoWeComSecret0123456789abcdefghijklmnopqr"}
    assert requests.patch(f"{base}/admin/wecom", headers=admin, json=app, timeout=ANSWER).status_code == 200
    advisor = _staff(base, "demo", "wxadv", "wxadv-pass-2026")
    linked = requests.put(f"{base}/staff/me/wecom", headers=advisor, json={"userid": "ZhaoAdvisor", "notices": None},
                          timeout=ANSWER)
    assert linked.status_code == 200, linked.text
    manager = _staff(base, "demo", "wxmgr", "wxmgr-pass-2026")
    poster = requests.get(f"{base}/staff/stores/demo-qr-wecom/checkin-poster", headers=manager, timeout=ANSWER)
    scanned = png_text(base64.b64decode(poster.json()["image"]))

    customer = _login(base, "qr-dave")
    today = datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo(_midday_zone())).date().isoformat()
    free = [s for s in requests.get(f"{base}/mp/stores/demo-qr-wecom/slots", params={"date": today}, headers=customer,
                                    timeout=ANSWER).json()["slots"] if s["available"] > 0]
    assert free, today
    booked = requests.post(f"{base}/mp/bookings", headers={**customer, "Idempotency-Key": "qr-wecom-1"}, timeout=ANSWER,
                           json={"store_id": "demo-qr-wecom", "start": free[0]["start"], "service_type": "inspection",
                                 "customer": {"name": "赵磊", "phone": "13700002222"},
                                 "vehicle": {"plate": "沪G66778", "model": "Octavia", "mileage": 5000}})
    assert booked.status_code == 201, booked.text
    # the advisor desk reads a chain's roster once a minute, so the new advisor is given the booking by the manager
    given = requests.post(f"{base}/staff/bookings/{booked.json()['booking_id']}/advisor", timeout=ANSWER,
                          headers={**manager, "Idempotency-Key": "qr-wecom-advisor"}, json={"username": "wxadv"})
    assert given.status_code == 200 and given.json()["advisor_id"] == "wxadv", given.text
    arrived = requests.post(f"{base}/mp/checkin", headers=customer, timeout=ANSWER,
                            json={"scene": scanned["scene"], "location": here})
    assert arrived.status_code == 200 and arrived.json()["status"] == "arrived", arrived.text
    local = {"Authorization": "Bearer local-dev-token"}
    wecom = requests.get(f"{base}/local/outbox", headers=local, timeout=ANSWER).json()["wecom"]
    # what the advisor's WeCom shows of the arrival (a new-booking card may be there too: the advisor desk may
    # have read the new advisor's roster before the booking, and then gave it to them at once)
    (card,) = [m for m in wecom if m["userid"] == "ZhaoAdvisor" and m["title"].startswith("客户已到店")]
    assert card["corp_id"] == app["corp_id"] and card["msgtype"] == "textcard"
    assert "赵磊" in card["title"] and "store=demo-qr-wecom" in card["link"]


def test_a_booking_the_store_cancels_reaches_its_advisor_in_wecom_once(api):
    """A changed booking's staff notice (decision 0056) through the local run: the store cancels a customer's
    booking, and its advisor reads the card once in the WeCom stand-in (the call it asks for is in the card, so
    the rebooking task's own notice is not sent as well)."""
    base, _ = api
    admin = _staff(base, "demo", "admin", "admin-pass")
    store = requests.put(f"{base}/admin/stores/demo-wecom-change", headers=admin, timeout=ANSWER, json={
        "name": "改约测试店", "phone": "021-64001003",
        "timezone": _midday_zone(), "closes_on_public_holidays": False, "lead_time_minutes": 30,
        "hours": {d: ["00:00", "23:30"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}})
    assert store.status_code == 200, store.text
    for username, role in (("wcmgr", "store_manager"), ("wcadv", "advisor")):
        made = requests.post(f"{base}/admin/staff", headers=admin, timeout=ANSWER, json={
            "username": username, "password": f"{username}-pass-2026", "display_name": "改约" + username[-3:],
            "role": role, "store_ids": ["demo-wecom-change"]})
        assert made.status_code == 201, made.text
    app = {"corp_id": "ww0000000000de0001", "agent_id": "1000002", "secret": "DemoWeComSecret0123456789abcdefghijklmnopqr"}
    assert requests.patch(f"{base}/admin/wecom", headers=admin, json=app, timeout=ANSWER).status_code == 200
    advisor = _staff(base, "demo", "wcadv", "wcadv-pass-2026")
    assert requests.put(f"{base}/staff/me/wecom", headers=advisor, json={"userid": "QianAdvisor", "notices": None},
                        timeout=ANSWER).status_code == 200
    manager = _staff(base, "demo", "wcmgr", "wcmgr-pass-2026")
    customer = _login(base, "wc-erin")
    tomorrow = (datetime.now(UTC).astimezone(__import__("zoneinfo").ZoneInfo(_midday_zone())).date()
                + timedelta(days=1)).isoformat()
    free = [s for s in requests.get(f"{base}/mp/stores/demo-wecom-change/slots", params={"date": tomorrow},
                                    headers=customer, timeout=ANSWER).json()["slots"] if s["available"] > 0]
    assert free, tomorrow
    booked = requests.post(f"{base}/mp/bookings", headers={**customer, "Idempotency-Key": "wc-change-1"}, timeout=ANSWER,
                           json={"store_id": "demo-wecom-change", "start": free[10]["start"], "service_type": "inspection",
                                 "customer": {"name": "钱芳", "phone": "13700003333"},
                                 "vehicle": {"plate": "沪H77889", "model": "Polo", "mileage": 8000}})
    assert booked.status_code == 201, booked.text
    booking_id = booked.json()["booking_id"]
    given = requests.post(f"{base}/staff/bookings/{booking_id}/advisor", timeout=ANSWER,
                          headers={**manager, "Idempotency-Key": "wc-change-advisor"}, json={"username": "wcadv"})
    assert given.status_code == 200 and given.json()["advisor_id"] == "wcadv", given.text
    cancelled = requests.post(f"{base}/staff/bookings/{booking_id}/cancel", timeout=ANSWER,
                              headers={**manager, "Idempotency-Key": "wc-change-cancel"}, json={"note": "技师请假"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
    local = {"Authorization": "Bearer local-dev-token"}
    wecom = requests.get(f"{base}/local/outbox", headers=local, timeout=ANSWER).json()["wecom"]
    mine = [m for m in wecom if m["userid"] == "QianAdvisor" and "钱芳" in m["title"] + (m["text"] or "")]
    (card,) = [m for m in mine if m["title"].startswith("门店取消预约")]
    assert card["title"] == "门店取消预约：钱芳 沪H77889" and card["msgtype"] == "textcard"
    assert "store=demo-wecom-change" in card["link"]
    assert not [m for m in mine if m["title"].startswith("新任务")]
    assert not [m for m in wecom if m["title"].startswith("门店取消预约：钱芳") and m["userid"] != "QianAdvisor"]
