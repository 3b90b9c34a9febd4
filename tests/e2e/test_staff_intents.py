"""Staff writes through HTTP: one write per intent (an Idempotency-Key sent twice answers the first write),
refusals in Chinese (English when asked), and the actions each booking allows now in the day plan."""
from __future__ import annotations

import json

from tests.e2e.test_staff_api import PHONE_BOOKING, call, staff_login

WALK_IN = {key: value for key, value in PHONE_BOOKING.items() if key not in ("start", "source")}
TODAY = {**PHONE_BOOKING, "start": "2026-11-23T10:00:00+08:00"}


def post(client, path, token, body, key=None, language=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    if language:
        headers["Accept-Language"] = language
    return client.post(path, headers=headers, body=json.dumps(body))


def plan(client, token, day="2026-11-23"):
    return call(client, "GET", f"/staff/stores/pudong/bookings?date={day}", token).json_body["bookings"]


def test_a_walk_in_sent_twice_with_one_key_is_registered_once(client, people):
    mgr = staff_login(client, people, "mgr")
    first = post(client, "/staff/stores/pudong/walk-ins", mgr, WALK_IN, key="intent-walk-in-1")
    again = post(client, "/staff/stores/pudong/walk-ins", mgr, WALK_IN, key="intent-walk-in-1")
    assert first.status_code == 201, first.json_body
    assert again.status_code in (200, 201), again.json_body
    assert again.json_body["booking_id"] == first.json_body["booking_id"]
    assert again.json_body["seated"] == first.json_body["seated"]
    queue = call(client, "GET", "/staff/stores/pudong/walk-ins", mgr).json_body["walk_ins"]
    assert [w["booking_id"] for w in queue] == [first.json_body["booking_id"]]


def test_a_phone_booking_sent_twice_with_one_key_is_booked_once(client, people):
    mgr = staff_login(client, people, "mgr")
    first = post(client, "/staff/stores/pudong/bookings", mgr, TODAY, key="intent-book-1")
    again = post(client, "/staff/stores/pudong/bookings", mgr, TODAY, key="intent-book-1")
    assert again.json_body["booking_id"] == first.json_body["booking_id"]
    assert len(plan(client, mgr)) == 1


def test_an_action_sent_twice_with_one_key_answers_the_booking_both_times(client, people):
    mgr = staff_login(client, people, "mgr")
    booking = post(client, "/staff/stores/pudong/bookings", mgr, TODAY).json_body
    path = f"/staff/bookings/{booking['booking_id']}/check-in"
    first = post(client, path, mgr, {}, key="intent-check-in-1")
    again = post(client, path, mgr, {}, key="intent-check-in-1")
    assert first.status_code == 200, first.json_body
    assert again.status_code == 200, again.json_body  # not "cannot check-in a booking that is arrived"
    assert again.json_body["status"] == "arrived"
    assert [e["kind"] for e in again.json_body.get("events", []) if e["kind"] == "arrived"] in ([], ["arrived"])
    other = post(client, f"/staff/bookings/{booking['booking_id']}/start", mgr, {}, key="intent-check-in-1")
    assert other.status_code == 409 and other.json_body["error"]["code"] == "idempotency_key_reused"


def test_every_staff_write_accepts_a_key_and_a_repeat_writes_nothing_more(client, people):
    mgr = staff_login(client, people, "mgr")
    booking = post(client, "/staff/stores/pudong/bookings", mgr, TODAY).json_body
    bid = booking["booking_id"]
    for n, (path, body) in enumerate([
        (f"/staff/bookings/{bid}/confirm", {}),
        (f"/staff/bookings/{bid}/reschedule", {"start": "2026-11-23T11:00:00+08:00"}),
        (f"/staff/bookings/{bid}/advisor", {"username": "wang"}),
        (f"/staff/bookings/{bid}/cancel", {"note": "客户有事"}),
    ]):
        first = post(client, path, mgr, body, key=f"intent-{n}")
        again = post(client, path, mgr, body, key=f"intent-{n}")
        assert first.status_code == 200 and again.status_code == 200, (path, first.json_body, again.json_body)
        assert again.json_body == first.json_body, path  # the booking as the first write left it


def test_a_staff_refusal_reads_in_chinese_and_in_english_when_asked(client, people):
    mgr = staff_login(client, people, "mgr")
    tomorrow = post(client, "/staff/stores/pudong/bookings", mgr, PHONE_BOOKING).json_body
    path = f"/staff/bookings/{tomorrow['booking_id']}/check-in"
    zh = post(client, path, mgr, {})
    assert zh.status_code == 409
    assert zh.json_body["error"] == {"code": "not_booking_day", "field": "start", "message": "只能在预约当天办理到店登记"}
    en = post(client, path, mgr, {}, language="en")
    assert en.json_body["error"]["message"].startswith("check-in is only on the booking's day")
    wrong = call(client, "POST", "/staff/login", body={"chain_id": people, "username": "mgr", "password": "nope"})
    assert wrong.json_body["error"]["message"] == "用户名或密码错误"


def test_the_plan_says_which_actions_each_booking_allows_now(client, people):
    mgr = staff_login(client, people, "mgr")
    today = post(client, "/staff/stores/pudong/bookings", mgr, TODAY).json_body
    tomorrow = post(client, "/staff/stores/pudong/bookings", mgr, {**PHONE_BOOKING, "vehicle": {
        **PHONE_BOOKING["vehicle"], "plate": "沪A99999"}}).json_body
    [row] = plan(client, mgr)
    assert row["booking_id"] == today["booking_id"]
    assert row["actions"] == ["confirm", "check-in", "reschedule", "advisor", "cancel", "no-show"]
    [later] = plan(client, mgr, "2026-11-24")
    assert "check-in" not in later["actions"] and "confirm" in later["actions"]
    assert later["booking_id"] == tomorrow["booking_id"]
    post(client, f"/staff/bookings/{today['booking_id']}/check-in", mgr, {})
    [row] = plan(client, mgr)
    assert row["actions"] == ["start", "advisor"]


def test_a_call_task_closed_twice_by_the_same_person_answers_the_closed_task(client, people, svc, clock):
    from chalicelib.domain.floor.tasks import CallTask

    now = clock.now()
    assert svc.ports.tasks.create(CallTask(people, "pudong", "t_once", "near_lost", now, now, "钱进", "13800138009"))
    mgr = staff_login(client, people, "mgr")
    body = {"outcome": "reached", "note": "已约下周"}
    first = post(client, "/staff/stores/pudong/tasks/t_once/done", mgr, body, key="intent-task-1")
    again = post(client, "/staff/stores/pudong/tasks/t_once/done", mgr, body, key="intent-task-1")
    assert first.status_code == 200 and again.status_code == 200, again.json_body
    assert again.json_body == first.json_body
    other = post(client, "/staff/stores/pudong/tasks/t_once/done", mgr, {"outcome": "declined"})
    assert other.status_code == 409 and other.json_body["error"]["message"] == "该任务已完成"
