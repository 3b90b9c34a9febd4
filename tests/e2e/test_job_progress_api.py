"""The promised hand-back time and the job's progress over HTTP on the embedded DynamoDB
(docs/product-rules.md#promised-time): the advisor gives the time at check-in, the progress check and a delay
by the roles of PROGRESS_ROLES (a chain admin is turned away), each once per intent; the customer's
booking shows the promise; refusals read in Chinese."""
from __future__ import annotations

import json

from chalicelib.domain.floor.job_progress import PROGRESS_ROLES, occurrence
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.e2e.test_staff_api import act, add_staff, book, call, staff_login

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


def test_the_front_desk_marks_progress_and_the_parts_desk_is_turned_away(client, people, clock):
    assert set(PROGRESS_ROLES) >= {"advisor", "store_manager", "chain_admin", "workshop"}
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
    boss = staff_login(client, people, "boss")  # the chain admin, as on every front-desk route
    clock.set(at(DAY, "14:00"))
    again = call(client, "POST", f"{path}/delay", boss, {"reason": "再次延误", "promised": f"{DAY}T17:30:00+08:00"})
    assert again.status_code == 200 and again.json_body["promised"]["delays"] == 2, again.json_body
    add_staff(people, "qian", Role.PARTS, {"pudong"})
    refused = call(client, "POST", f"{path}/delay", staff_login(client, people, "qian"),
                   {"reason": "再次延误", "promised": f"{DAY}T18:00:00+08:00"})
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


def customer_booking(client, people, clock):
    """Alice's own booking of 10:00, checked in and started by wang at 10:00."""
    import json

    clock.set(at(DAY, "08:00"))
    alice = client.post("/mp/login", headers={"Content-Type": "application/json"},
                        body=json.dumps({"chain_id": people, "code": "alice"})).json_body["token"]
    made = client.post("/mp/bookings", headers={"Content-Type": "application/json", "Idempotency-Key": "x-1",
                                                "Authorization": f"Bearer {alice}"}, body=json.dumps({
        "store_id": "pudong", "start": f"{DAY}T10:00:00+08:00", "service_type": "repair",
        "customer": {"name": "张伟", "phone": "13800138000"},
        "vehicle": {"plate": "沪AD12345", "model": "Mazda 6", "mileage": 35000}}))
    assert made.status_code == 201, made.json_body
    wang = staff_login(client, people, "wang")
    clock.set(at(DAY, "10:00"))
    for action in ("check-in", "start"):
        assert act(client, wang, made.json_body["booking_id"], action).status_code == 200
    return alice, wang, made.json_body["booking_id"]


def test_extra_work_proposed_answered_in_the_mini_program_and_by_phone(client, people, clock):
    """docs/product-rules.md#extra-work, through the HTTP API on the embedded DynamoDB."""
    alice, wang, booking_id = customer_booking(client, people, clock)
    pads = {"what": "更换前刹车片", "why": "刹车片剩余2毫米", "labour_hours": 1.0, "parts": "前刹车片一套",
            "price_fen": 68000, "minutes": 60}
    assert call(client, "POST", f"/staff/bookings/{booking_id}/extra-work", wang, pads).status_code == 200
    wipers = {"what": "更换雨刮片", "why": "雨刮片老化", "price_fen": 12000}
    assert call(client, "POST", f"/staff/bookings/{booking_id}/extra-work", wang, wipers).status_code == 200
    listed = call(client, "GET", f"/mp/bookings/{booking_id}/extra-work", alice).json_body["items"]
    assert [(i["item_id"], i["status"], i["price"]) for i in listed] == [("x1", "proposed", "680.00"),
                                                                        ("x2", "proposed", "120.00")]
    clock.set(at(DAY, "10:20"))
    yes = call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x1", alice, {"decision": "approve"})
    assert yes.status_code == 200 and yes.json_body["promised"]["at"] == f"{DAY}T13:00:00+08:00"
    no = call(client, "POST", f"/staff/bookings/{booking_id}/extra-work/x2", wang,
              {"decision": "decline", "said": "车主张先生电话表示下次再换", "told_at": f"{DAY}T10:15:00+08:00"})
    assert no.status_code == 200, no.json_body
    assert [(i["status"], i["by_phone"]) for i in no.json_body["extra_work"]] == [("approved", False), ("declined", True)]
    again = call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x2", alice, {"decision": "approve"})
    assert again.status_code == 409 and again.json_body["error"]["code"] == "already_answered"
    assert call(client, "POST", f"/mp/bookings/{booking_id}/extra-work/x9", alice,
                {"decision": "approve"}).status_code == 404


def test_two_delays_in_the_same_second_both_go_each_message_once(client, people, clock, svc):
    """A delay's message is keyed by the change, not by the moment: a second delay (or progress note) of the same
    job in the same clock second is a message of its own, while a replay of one (the same Idempotency-Key) is
    still the one message."""
    wang, booking = checked_in(client, people, clock)
    path = f"/staff/bookings/{booking['booking_id']}"
    clock.set(at(DAY, "13:45"))

    def post(action: str, key: str, body: dict):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {wang}", "Idempotency-Key": key}
        return client.post(f"{path}/{action}", headers=headers, body=json.dumps(body))

    answers = [post("delay", "d-1", {"reason": "需等待配件到货", "promised": f"{DAY}T17:00:00+08:00"}),
               post("delay", "d-2", {"reason": "再次延误", "promised": f"{DAY}T17:30:00+08:00"}),
               post("delay", "d-2", {"reason": "再次延误", "promised": f"{DAY}T17:30:00+08:00"}),  # a replay
               post("progress-check", "p-1", {"note": "正在做四轮定位"}),
               post("progress-check", "p-2", {"note": "正在做保养"})]
    assert [a.status_code for a in answers] == [200] * 5, [a.json_body for a in answers]
    assert answers[-1].json_body["promised"]["delays"] == 2
    version = svc.ports.bookings.get(booking["booking_id"]).version
    keys = [f"{people}#{booking['booking_id']}#{kind}#{occurrence(clock.now(), v)}"
            for kind in ("service_delayed", "service_progress") for v in range(version + 1)]
    found = [r for r in map(svc.ports.outbox.get, keys) if r is not None]
    told = sorted((r.kind, r.context.get("reason") or "") for r in found)
    assert told == [("service_delayed", "再次延误"), ("service_delayed", "需等待配件到货"),
                    ("service_progress", ""), ("service_progress", "")]
