"""The visit through `make run`'s program (docs/product-rules.md#promised-time, #extra-work): a customer's booking
checked in with a promised hand-back time, a progress check, two extra-work items (one agreed in the mini-program
API, one declined on the phone), a delay, the pick-up notice of the reminders check, what the customer and the
workshop read of it in the local stand-ins, and the bill at the end (docs/product-rules.md#the-bill), its balance
paid in the mini-program through the WeChat Pay stand-in (the demo chain takes it there, #balance-payment)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import requests

from chalicelib.domain.booking.balance import order_no_of
from tests.e2e.test_make_run import _login, _midday_zone, _staff, api  # noqa: F401  (the local run)
from tests.support.patience import ANSWER, wait_until

LOCAL = {"Authorization": "Bearer local-dev-token"}


def _post(base, path, headers, body, key):
    r = requests.post(f"{base}{path}", headers={**headers, "Idempotency-Key": key}, json=body, timeout=ANSWER)
    assert r.status_code in (200, 201), (path, r.text)
    return r.json()


def test_a_job_under_way_is_promised_checked_extended_delayed_and_announced(api):  # noqa: F811
    base, run = api
    admin = _staff(base, "demo", "admin", "admin-pass")
    zone = _midday_zone()
    assert requests.put(f"{base}/admin/stores/demo-visit", headers=admin, timeout=ANSWER, json={
        "name": "交车测试店", "phone": "021-61234567", "timezone": zone, "closes_on_public_holidays": False,
        "lead_time_minutes": 30,
        "hours": {d: ["00:00", "23:30"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}}).status_code == 200
    for username, role in (("vmgr", "store_manager"), ("vws", "workshop")):
        made = requests.post(f"{base}/admin/staff", headers=admin, timeout=ANSWER, json={
            "username": username, "password": f"{username}-pass-2026", "display_name": "交车" + username,
            "role": role, "store_ids": ["demo-visit"]})
        assert made.status_code == 201, made.text
    app = {"corp_id": "ww0000000000de0002", "agent_id": "1000003", "secret": "DemoWeComSecret0123456789abcdefghijklmnopqs"}
    assert requests.patch(f"{base}/admin/wecom", headers=admin, json=app, timeout=ANSWER).status_code == 200
    manager, workshop = _staff(base, "demo", "vmgr", "vmgr-pass-2026"), _staff(base, "demo", "vws", "vws-pass-2026")
    assert requests.put(f"{base}/staff/me/wecom", headers=workshop, json={"userid": "VisitWorkshop", "notices": None},
                        timeout=ANSWER).status_code == 200
    customer = _login(base, "visit-fay")
    today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date().isoformat()
    free = [s for s in requests.get(f"{base}/mp/stores/demo-visit/slots", params={"date": today}, headers=customer,
                                    timeout=ANSWER).json()["slots"] if s["available"] > 0]
    assert free, today
    booking = _post(base, "/mp/bookings", customer, {
        "store_id": "demo-visit", "start": free[0]["start"], "service_type": "repair",
        "customer": {"name": "孙丽", "phone": "13700004444"},
        "vehicle": {"plate": "沪K12321", "model": "Lavida", "mileage": 20000}}, "visit-1")
    path = f"/staff/bookings/{booking['booking_id']}"
    start = datetime.fromisoformat(booking["start"])
    promised = (start + timedelta(hours=3)).isoformat()

    checked = _post(base, f"{path}/check-in", manager, {"promised": promised}, "visit-checkin")
    assert checked["promised"]["at"] == promised
    _post(base, f"{path}/start", manager, {}, "visit-start")
    _post(base, f"{path}/progress-check", workshop, {"note": "正在更换机油"}, "visit-progress")
    pads = {"what": "更换前刹车片", "why": "刹车片剩余2毫米", "labour_hours": 1.0, "parts": "前刹车片一套",
            "price_fen": 68000, "minutes": 60}
    _post(base, f"{path}/extra-work", workshop, pads, "visit-x1")
    _post(base, f"{path}/extra-work", workshop, {"what": "更换雨刮片", "why": "老化", "price_fen": 12000, "minutes": 0},
          "visit-x2")
    agreed = _post(base, f"/mp/bookings/{booking['booking_id']}/extra-work/x1", customer, {"decision": "approve"},
                   "visit-yes")
    declined = _post(base, f"{path}/extra-work/x2", manager, {"decision": "decline", "said": "车主电话表示下次再换"},
                     "visit-no")
    assert [(i["item_id"], i["status"], i["by_phone"]) for i in declined["extra_work"]] == [
        ("x1", "approved", False), ("x2", "declined", True)]
    moved = datetime.fromisoformat(declined["promised"]["at"])
    assert moved == start + timedelta(hours=4) and agreed["promised"]["delays"] == 0  # the agreed hour, not a delay
    later = (moved + timedelta(minutes=30)).isoformat()
    delayed = _post(base, f"{path}/delay", manager, {"reason": "需等待配件到货", "promised": later}, "visit-delay")
    assert delayed["promised"]["delays"] == 1 and delayed["promised"]["reason"] == "需等待配件到货"

    an_hour_before = datetime.fromisoformat(later) - timedelta(minutes=59)
    ran = requests.post(f"{base}/local/checks/reminders", params={"now": an_hour_before.isoformat()}, headers=LOCAL,
                        timeout=ANSWER)
    assert ran.status_code == 200, ran.text
    def customer_heard() -> list[dict] | None:  # the send workers of the local run's scheduler deliver them
        heard = [m for m in requests.get(f"{base}/local/outbox", headers=LOCAL, timeout=ANSWER).json()["sms"]
                 if m["phone"] == "+8613700004444"]
        said = " ".join(m["text"] for m in heard)
        wanted = ("开始施工", "维修进展顺利", "680.00元", "120.00元", "需等待配件到货", "届时请到交车测试店取车")
        return heard if all(w in said for w in wanted) else None  # started, progress, both proposals, delay, pick-up

    told = wait_until(customer_heard, within=ANSWER, what="the job's messages to the customer")
    said = " ".join(m["text"] for m in told)
    assert "021-61234567" in said
    promised_text = f"{datetime.fromisoformat(later):%H:%M}"
    assert promised_text in said  # the delayed time, in the apology and the pick-up notice
    cards = [m for m in requests.get(f"{base}/local/outbox", headers=LOCAL, timeout=ANSWER).json()["wecom"]
             if m["userid"] == "VisitWorkshop"]
    assert [c["title"] for c in cards if "增项" in c["title"]] == ["客户同意增项：孙丽 沪K12321",
                                                                  "客户不同意增项：孙丽 沪K12321"]

    _post(base, f"{path}/complete", manager, {}, "visit-complete")
    bill = requests.get(f"{base}{path}/bill", headers=manager, timeout=ANSWER).json()
    lines = {line["kind"]: line["fen"] for line in bill["lines"] if line["kind"] != "extra_work"}
    extra = [(line["item_id"], line["fen"]) for line in bill["lines"] if line["kind"] == "extra_work"]
    assert bill["stage"] == "final" and extra == [("x1", 68000)]  # the agreed item only
    assert bill["balance_fen"] == (lines.get("labour", 0) + lines.get("discount", 0) + lines.get("parts", 0) + 68000
                                   + lines.get("coupon", 0) + lines.get("deposit", 0))  # discounts are negative lines
    assert bill["balance_fen"] == bill["charged_fen"] and bill["refund_fen"] == 0  # no deposit, no coupon here
    csv = requests.get(f"{base}{path}/bill.csv", headers=manager, timeout=ANSWER)
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf") and "更换前刹车片" in csv.text

    bid = booking["booking_id"]
    ordered = _post(base, f"/mp/bookings/{bid}/balance", customer, {}, "visit-balance")
    assert ordered["balance_payment"]["amount_fen"] == bill["balance_fen"]
    standin = re.search(r"WeChat Pay stand-in:\s+(http://\S+)\s+\(merchant (\d+);", run.printed_text())
    assert standin, run.printed_text()
    paid = requests.post(f"{standin[1]}/__pay", json={"mchid": standin[2], "out_trade_no": order_no_of(bid, 1)},
                         timeout=ANSWER)
    assert paid.json() == {"delivered": 204}, paid.text  # its signed notification, applied by the run
    shown = requests.get(f"{base}/mp/bookings/{bid}/bill", headers=customer, timeout=ANSWER).json()
    assert (shown["balance_payment"]["state"], shown["balance_payment"]["paid_fen"]) == ("paid", bill["balance_fen"])
    assert shown["balance_fen"] == 0 and shown["lines"][-1]["kind"] == "balance_paid"
