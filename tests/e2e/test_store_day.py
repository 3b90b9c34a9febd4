"""A store day through the HTTP API (the scheduled checks run as their schedules would, on the injected
clock): every kind of call task is created, claimed, closed by staff or closed by itself when its reason
went away; a no-show leads to a rebooking; a complaint left alone is escalated to the manager."""
from __future__ import annotations

import json
from datetime import date

from chalicelib.domain.followup import lapse
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.e2e.test_staff_api import act, book, call, staff_login
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"  # a Tuesday; the test starts on Monday 08:00


def run(svc, clock, day, hhmm, *checks):
    clock.set(at(day, hhmm))
    for name in checks or ("reminders", "lateness"):
        CHECKS[name].run(svc)


def tasks(client, token, status="open", day=None):
    query = f"?status={status}" + (f"&date={day}" if day else "")
    r = call(client, "GET", f"/staff/stores/pudong/tasks{query}", token)
    assert r.status_code == 200, r.json_body
    return r.json_body["tasks"]


def the(client, token, kind, status="open", day=None):
    [found] = [t for t in tasks(client, token, status, day) if t["kind"] == kind]
    return found


def customer(n: int) -> dict:
    return {"customer": {"name": f"客户{n}", "phone": f"1390013900{n}", "honorific": "先生"},
            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": f"沪A1234{n}"}}


def claim_and_close(client, token, task, outcome, note):
    tid = task["task_id"]
    r = call(client, "POST", f"/staff/stores/pudong/tasks/{tid}/claim", token)
    assert r.status_code == 200 and r.json_body["assignee"] == "staff:wang", r.json_body
    r = call(client, "POST", f"/staff/stores/pudong/tasks/{tid}/done", token, {"outcome": outcome, "note": note})
    assert r.status_code == 200, r.json_body
    assert (r.json_body["status"], r.json_body["outcome"], r.json_body["note"]) == ("done", outcome, note)
    return r.json_body


def online_booking(client, chain, hhmm):
    login = call(client, "POST", "/mp/login", body={"chain_id": chain, "code": "alice"}).json_body
    body = {"store_id": "pudong", "start": f"{DAY}T{hhmm}:00+08:00", "service_type": "maintenance",
            "customer": {"name": "艾丽", "phone": "13600136000"},
            "vehicle": {"plate": "沪AD12345", "model": "Model 3", "mileage": 9000}}
    r = client.post("/mp/bookings", headers={"Authorization": f"Bearer {login['token']}", "Content-Type": "application/json",
                                              "Idempotency-Key": "day-1"}, body=json.dumps(body))
    assert r.status_code == 201, r.json_body
    return login["token"], r.json_body["booking_id"]


def test_a_store_day_of_call_tasks(client, people, svc, clock):
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")
    alice, online = online_booking(client, people, "11:30")  # pending: the store must confirm it
    priced = {"estimate": {"price": 680}}  # heard time and price on the call: confirmed
    p1 = book(client, wang, start=f"{DAY}T09:00:00+08:00", **priced, **customer(1))["booking_id"]
    p2 = book(client, wang, start=f"{DAY}T10:00:00+08:00", **priced, **customer(2))["booking_id"]
    p3 = book(client, wang, start=f"{DAY}T11:00:00+08:00", **priced, **customer(3))["booking_id"]
    p4 = book(client, wang, start=f"{DAY}T14:00:00+08:00", **priced, **customer(4))["booking_id"]
    parts = book(client, wang, waiting_for_parts=True, start=None, service_type="repair", **customer(5),
                 parts={"expected": "2026-11-24", "estimate_fen": 240_000, "deposit_fen": 120_000})
    assert parts["parts"] == {"expected": "2026-11-24", "estimate_fen": 240_000, "deposit_fen": 120_000}

    # Monday: the day-before reminders; the online booking stays unconfirmed for 2 store-hours (08:30-10:30)
    run(svc, clock, "2026-11-23", "09:00")
    run(svc, clock, "2026-11-23", "10:00")
    run(svc, clock, "2026-11-23", "10:31")
    sla = the(client, wang, "sla_confirmation")
    assert sla["booking_id"] == online and sla["status"] == "open" and sla["assignee"] is None
    assert act(client, wang, online, "confirm").status_code == 200  # the reason went away: closed by itself
    assert the(client, wang, "sla_confirmation", "done", "2026-11-23")["outcome"] == "confirmed"

    # the reminded customers have not acknowledged 2 hours later: one call each
    for hhmm in ("11:01", "11:30", "12:01", "13:01", "13:31", "14:00", "16:01"):
        run(svc, clock, "2026-11-23", hhmm)
    unacknowledged = {t["booking_id"]: t for t in tasks(client, wang) if t["kind"] == "reminder_unacknowledged"}
    assert set(unacknowledged) == {p1, p2, p3, p4, online}
    r = client.post(f"/mp/bookings/{online}/acknowledge", headers={"Authorization": f"Bearer {alice}"})
    assert r.status_code == 200
    claim_and_close(client, wang, unacknowledged[p1], "reached", "客户确认按时到店")
    closed = {t["booking_id"]: t["outcome"] for t in tasks(client, wang, "done", "2026-11-23")
              if t["kind"] == "reminder_unacknowledged"}
    assert closed == {online: "acknowledged", p1: "reached"}
    assert act(client, wang, p1, "check-in").status_code == 409  # a day early
    # the store cancels p4 (a lift is broken): the customer is told and called to rebook
    act(client, wang, p4, "cancel", {"note": "举升机故障"})
    store_cancel = the(client, wang, "rebook_store_cancel")
    assert store_cancel["booking_id"] == p4 and unacknowledged[p4]["task_id"] not in [t["task_id"] for t in tasks(client, wang)]

    # Tuesday (staff sign in again: a token lasts a day)
    run(svc, clock, DAY, "08:00")
    wang = staff_login(client, people, "wang")
    run(svc, clock, DAY, "09:00")
    clock.set(at(DAY, "08:55"))
    assert act(client, wang, p1, "check-in").status_code == 200
    run(svc, clock, DAY, "10:10")
    run(svc, clock, DAY, "10:30")  # p2 is 30 minutes late
    late = the(client, wang, "late")
    assert late["booking_id"] == p2
    clock.set(at(DAY, "10:40"))
    assert act(client, wang, p2, "check-in").status_code == 200  # arrived: both calls about p2 close themselves
    assert {(t["kind"], t["outcome"]) for t in tasks(client, wang, "done", DAY) if t["booking_id"] == p2} == {
        ("late", "arrived"), ("reminder_unacknowledged", "arrived")}
    run(svc, clock, DAY, "11:10")
    run(svc, clock, DAY, "11:30")
    run(svc, clock, DAY, "12:00")  # p3 never came: a no-show
    rebook = the(client, wang, "rebook_no_show")
    assert rebook["booking_id"] == p3
    assert {t["kind"] for t in tasks(client, wang, "done", DAY) if t["booking_id"] == p3} == {"late", "reminder_unacknowledged"}
    # wang calls the no-show customer and books them again: the rebooking call is settled by the booking
    rebooked = book(client, wang, start="2026-11-26T09:00:00+08:00", **customer(3))
    assert rebooked["priority"] == "rebook"
    assert the(client, wang, "rebook_no_show", "done", DAY)["outcome"] == "rebooked"
    plan = call(client, "GET", "/staff/stores/pudong/bookings?date=2026-11-26", wang).json_body
    assert plan["bookings"][0]["booking_id"] == rebooked["booking_id"]
    # the store-cancelled customer declines
    claim_and_close(client, wang, store_cancel, "declined", "客户改去其他门店")

    # the parts arrive: the customer is told, a call to agree a time; the new slot settles it
    clock.set(at(DAY, "12:30"))
    arrived = act(client, wang, parts["booking_id"], "parts-arrived")
    assert arrived.status_code == 200 and arrived.json_body["offered_slots"]
    assert the(client, wang, "parts_arrived")["booking_id"] == parts["booking_id"]
    r = call(client, "POST", f"/staff/bookings/{parts['booking_id']}/reschedule", wang, {"start": f"{DAY}T15:00:00+08:00"})
    assert r.status_code == 200, r.json_body
    assert the(client, wang, "parts_arrived", "done", DAY)["outcome"] == "rebooked"
    plan = call(client, "GET", f"/staff/stores/pudong/bookings?date={DAY}", wang).json_body
    assert plan["waiting_for_parts"] == []

    # (helper "floor": a walk-in into a full slot joins this day here)

    # the jobs are done
    clock.set(at(DAY, "13:00"))
    for bid in (p1, p2, online):
        if bid == online:
            assert act(client, wang, bid, "check-in").status_code == 200
        for action in ("start", "complete"):
            assert act(client, wang, bid, action).status_code == 200
    # follow-ups: p1 never answers (again two days later, then a call); alice complains
    run(svc, clock, "2026-11-26", "18:00", "follow_up")
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")
    alice = call(client, "POST", "/mp/login", body={"chain_id": people, "code": "alice"}).json_body["token"]
    r = client.post(f"/mp/bookings/{online}/feedback", body=json.dumps({"score": 2, "comment": "等待时间太长"}),
                    headers={"Authorization": f"Bearer {alice}", "Content-Type": "application/json"})
    assert r.status_code == 200, r.json_body
    complaint = the(client, mgr, "follow_up_complaint")
    assert complaint["for_role"] == "store_manager" and not complaint["escalated"]
    run(svc, clock, "2026-11-28", "18:00", "follow_up")
    run(svc, clock, "2026-11-30", "18:00", "follow_up", "task_escalation")
    wang, mgr = staff_login(client, people, "wang"), staff_login(client, people, "mgr")
    unanswered = {t["booking_id"]: t for t in tasks(client, wang) if t["kind"] == "follow_up_unanswered"}
    assert set(unanswered) == {p1, p2}  # alice answered; the two phone customers never did
    assert the(client, mgr, "follow_up_complaint")["escalated"]  # 24 store-hours after Thursday 18:00
    claim_and_close(client, wang, unanswered[p1], "no_answer", "两次未接")
    r = call(client, "POST", f"/staff/stores/pudong/tasks/{complaint['task_id']}/done", mgr,
             {"outcome": "reached", "note": "已致歉"})
    assert r.status_code == 200 and r.json_body["done_by"] == "staff:mgr"

    # six months without a visit: a near-lost call (a task about no booking)
    customer_id = phone_customer_id(people, "13900139002")
    for stage in ("invite", "near_lost"):
        when = lapse.stage_at(stage, date(2026, 11, 24), svc.ports.stores.get(people, "pudong").tz, customer_id)
        run(svc, clock, when.date().isoformat(), "18:00", "lapse")
    wang = staff_login(client, people, "wang")
    [near_lost] = [t for t in tasks(client, wang) if t["kind"] == "near_lost" and t["customer"]["phone"] == "13900139002"]
    done = claim_and_close(client, wang, near_lost, "other", "客户已卖车")
    assert done["booking_id"] is None
    assert near_lost["task_id"] not in [t["task_id"] for t in tasks(client, wang)]
    # every kind of task met on this day
    seen = {t["kind"] for day in ("2026-11-23", DAY, "2026-11-30", when.date().isoformat())
            for t in tasks(client, wang, "done", day)} | {t["kind"] for t in tasks(client, wang)}
    assert seen == {"reminder_unacknowledged", "late", "near_lost", "follow_up_complaint", "sla_confirmation",
                    "rebook_no_show", "rebook_store_cancel", "parts_arrived", "follow_up_unanswered"}
