"""The promised hand-back time and the job's progress over HTTP on the embedded DynamoDB
(docs/product-rules.md#promised-time): the advisor gives the time at check-in, the progress check and a delay
by the roles of PROGRESS_ROLES (a chain admin is turned away), each once per intent; the customer's
booking shows the promise; refusals read in Chinese."""
from __future__ import annotations

from chalicelib.domain.floor.job_progress import PROGRESS_ROLES
from tests.conftest import at
from tests.e2e.test_staff_api import act, book, call, staff_login

DAY = "2026-11-24"


def checked_in(client, people, clock, promised=f"{DAY}T15:00:00+08:00"):
    clock.set(at(DAY, "08:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)  # 10:00
    clock.set(at(DAY, "10:00"))
    r = act(client, wang, booking["booking_id"], "check-in", {"promised": promised})
    assert r.status_code == 200, r.json_body
    return wang, r.json_body


def test_the_time_given_at_check_in_is_on_the_booking(client, people, clock):
    _, booking = checked_in(client, people, clock)
    assert booking["promised"]["at"] == f"{DAY}T15:00:00+08:00"
    assert booking["promised"]["check_from"] == f"{DAY}T13:30:00+08:00"


def test_advisor_and_manager_mark_progress_and_a_chain_admin_is_turned_away(client, people, clock):
    assert set(PROGRESS_ROLES) >= {"advisor", "store_manager"}
    wang, booking = checked_in(client, people, clock)
    path = f"/staff/bookings/{booking['booking_id']}"
    clock.set(at(DAY, "13:45"))
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {wang}", "Idempotency-Key": "p-1"}
    first = client.post(f"{path}/progress-check", headers=headers, body='{"note": "正在做四轮定位"}')
    again = client.post(f"{path}/progress-check", headers=headers, body='{"note": "正在做四轮定位"}')
    assert first.status_code == again.status_code == 200, first.json_body
    assert [e["kind"] for e in again.json_body["events"]].count("progress_checked") == 1  # a double click: once
    mgr = staff_login(client, people, "mgr")
    delayed = call(client, "POST", f"{path}/delay", mgr, {"reason": "需等待配件到货", "promised": f"{DAY}T17:00:00+08:00"})
    assert delayed.status_code == 200, delayed.json_body
    assert (delayed.json_body["promised"]["at"], delayed.json_body["promised"]["reason"]) == (
        f"{DAY}T17:00:00+08:00", "需等待配件到货")
    boss = staff_login(client, people, "boss")
    refused = call(client, "POST", f"{path}/delay", boss, {"reason": "再次延误", "promised": f"{DAY}T17:30:00+08:00"})
    assert refused.status_code == 403 and refused.json_body["error"]["code"] == "role_not_allowed"


def test_a_delay_to_an_earlier_time_is_refused_in_chinese(client, people, clock):
    wang, booking = checked_in(client, people, clock)
    r = call(client, "POST", f"/staff/bookings/{booking['booking_id']}/delay", wang,
             {"reason": "需等待配件到货", "promised": f"{DAY}T14:00:00+08:00"})
    assert r.status_code == 400
    assert (r.json_body["error"]["code"], r.json_body["error"]["field"]) == ("not_later", "promised")
    assert r.json_body["error"]["message"] == "新的交车时间须晚于原定交车时间"


def test_no_progress_before_check_in(client, people, clock):
    clock.set(at(DAY, "08:00"))
    wang = staff_login(client, people, "wang")
    booking = book(client, wang)
    r = call(client, "POST", f"/staff/bookings/{booking['booking_id']}/progress-check", wang, {})
    assert r.status_code == 409 and r.json_body["error"]["field"] == "status"
