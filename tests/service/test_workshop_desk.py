"""The workshop and parts desks (docs/product-rules.md#workshop-and-parts): the store-day's jobs with hours by
trade and parts; the parts check the day before (a short one opens the advisors' call to move the visit); the
readiness confirmed from T-1h; both seen on the advisor's day plan."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import NO_PARTS
from chalicelib.domain.errors import Conflict, Forbidden, NotFound, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"


@pytest.fixture
def desks(svc, chain):
    return {"wang": add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"}),
            "chen": add_staff(svc, chain, "chen", Role.WORKSHOP, {"pudong"}),
            "zhou": add_staff(svc, chain, "zhou", Role.PARTS, {"pudong"}),
            "xu": add_staff(svc, chain, "xu", Role.PARTS, {"xuhui"})}


def book(svc, who, start="10:00", service="maintenance", phone="13800138000", plate="沪A12345", **more):
    body = {**PHONE_BOOKING, "start": f"{DAY}T{start}:00+08:00", "service_type": service, **more,
            "customer": {**PHONE_BOOKING["customer"], "phone": phone}, "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(body), NO_PARTS)


def test_the_workshop_sees_the_day_by_trade_against_the_store_capacity(svc, chain, clock, desks):
    clock.set(at("2026-11-23", "15:00"))
    book(svc, desks["wang"], "09:00", "maintenance")
    book(svc, desks["wang"], "10:00", "accident", phone="13800138001", plate="沪B22222")
    book(svc, desks["wang"], "11:00", "repair", phone="13800138002", plate="沪C33333")
    cancelled = book(svc, desks["wang"], "14:00", "inspection", phone="13800138003", plate="沪D44444")
    svc.staff_ops.act(desks["wang"], cancelled.booking_id, "cancel")
    view = svc.workshop_desk.day(desks["chen"], "pudong", date(2026, 11, 24)).to_json()
    hours = {t["trade"]: t["hours"] for t in view["trades"]}
    assert hours == {"maintenance": 1.0, "mechanical": 2.0, "body": 2.0, "paint": 2.0, "detailing": 0.0}
    assert {c["category"]: c["booked"] for c in view["capacity"]} == {"pm": 1.0, "gr": 6.0}
    jobs = view["bookings"]
    assert [j["start"][11:16] for j in jobs] == ["09:00", "10:00", "11:00", "14:00"]
    assert jobs[1]["hours"] == {"body": 2.0, "paint": 2.0} and jobs[1]["plate"] == "沪B22222"
    assert jobs[3]["status"] == "cancelled" and jobs[3]["hours"] == {}
    assert jobs[0]["parts_check"] is None and jobs[0]["parts_ready"]["state"] == "not_yet"
    assert "customer" not in jobs[0] and "phone" not in str(jobs[0])  # the desk plans jobs: no customer file


def test_only_the_store_s_staff_see_it(svc, desks):
    with pytest.raises(NotFound):
        svc.workshop_desk.day(desks["xu"], "pudong")


def test_a_short_check_opens_the_advisors_call_and_a_later_ready_closes_it(svc, chain, clock, desks):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, desks["wang"])
    clock.set(at("2026-11-23", "16:00"))  # the day before
    checked = svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", "机油滤芯缺货", date(2026, 11, 25))
    state = svc.workshop_desk.states(checked)
    assert state["parts_check"]["state"] == "short" and state["parts_check"]["note"] == "机油滤芯缺货"
    assert state["parts_check"]["expected"] == "2026-11-25" and state["parts_check"]["by"] == "staff:zhou"
    calls = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_short"]
    assert len(calls) == 1 and calls[0].booking_id == booking.booking_id and calls[0].assignee is None
    assert calls[0].to_json()["title"] == "备件检查缺件，请致电客户改约到店时间"
    plan = svc.staff_desk.day_plan(desks["wang"], "pudong", date(2026, 11, 24))
    assert plan.entries[0].to_json()["parts_check"]["state"] == "short"  # the advisor sees it on the day plan
    clock.set(at("2026-11-23", "17:00"))  # the parts came after all
    svc.workshop_desk.check(desks["zhou"], booking.booking_id, "ready", None, None)
    assert [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_short"] == []


def test_the_check_is_made_from_the_day_before_and_a_short_one_says_what_and_when(svc, clock, desks):
    clock.set(at("2026-11-22", "09:00"))
    booking = book(svc, desks["wang"])
    with pytest.raises(Conflict) as early:
        svc.workshop_desk.check(desks["zhou"], booking.booking_id, "ready", None, None)
    assert early.value.code == "parts_check_too_early"
    clock.set(at("2026-11-23", "09:00"))
    with pytest.raises(ValidationError) as no_note:
        svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", " ", date(2026, 11, 25))
    assert no_note.value.code == "parts_note_required"
    with pytest.raises(ValidationError) as no_date:
        svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", "刹车片", None)
    assert no_date.value.code == "parts_date_required"
    with pytest.raises(ValidationError):
        svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", "刹车片", date(2026, 11, 22))


def test_only_the_parts_desk_and_managers_check_parts(svc, clock, desks):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, desks["wang"])
    for who in (desks["wang"], desks["chen"]):
        with pytest.raises(Forbidden):
            svc.workshop_desk.check(who, booking.booking_id, "ready", None, None)
        with pytest.raises(Forbidden):
            svc.workshop_desk.confirm_ready(who, booking.booking_id)
    with pytest.raises(NotFound):  # another store's parts desk: no such booking
        svc.workshop_desk.check(desks["xu"], booking.booking_id, "ready", None, None)


def test_readiness_is_confirmed_on_the_day_and_not_while_short(svc, clock, desks):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, desks["wang"])
    svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", "雨刮片", date(2026, 11, 24))
    with pytest.raises(Conflict) as early:  # the day before
        svc.workshop_desk.confirm_ready(desks["zhou"], booking.booking_id)
    assert early.value.code == "parts_ready_too_early"
    assert svc.workshop_desk.states(svc.ports.bookings.get(booking.booking_id))["parts_ready"]["state"] == "not_yet"
    clock.set(at(DAY, "08:30"))
    assert svc.workshop_desk.states(svc.ports.bookings.get(booking.booking_id))["parts_ready"]["state"] == "waiting"
    with pytest.raises(Conflict) as short:
        svc.workshop_desk.confirm_ready(desks["zhou"], booking.booking_id)
    assert short.value.code == "parts_short"
    svc.workshop_desk.check(desks["zhou"], booking.booking_id, "ready", None, None)
    confirmed = svc.workshop_desk.confirm_ready(desks["zhou"], booking.booking_id)
    ready = svc.workshop_desk.states(confirmed)["parts_ready"]
    assert ready["state"] == "confirmed" and ready["by"] == "staff:zhou"
    with pytest.raises(Conflict) as again:
        svc.workshop_desk.confirm_ready(desks["zhou"], booking.booking_id)
    assert again.value.code == "parts_ready_already"
    plan = svc.staff_desk.day_plan(desks["wang"], "pudong", date(2026, 11, 24))
    assert plan.entries[0].to_json()["parts_ready"]["state"] == "confirmed"


def test_a_move_starts_the_checks_again(svc, clock, desks):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, desks["wang"])
    svc.workshop_desk.check(desks["zhou"], booking.booking_id, "short", "雨刮片", date(2026, 11, 25))
    svc.staff_ops.reschedule(desks["wang"], booking.booking_id, at("2026-11-25", "10:00"))
    moved = svc.ports.bookings.get(booking.booking_id)
    assert svc.workshop_desk.states(moved)["parts_check"] is None
    assert not any(kind == "parts_short" for kind, _ in moved.open_tasks)


def test_checked_parts_not_confirmed_at_t_minus_1h_open_the_parts_desk_s_task(svc, chain, clock, desks):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, desks["wang"])  # 10:00 tomorrow
    other = book(svc, desks["wang"], "11:00", phone="13800138009", plate="沪E55555")  # never checked: no task
    clock.set(at("2026-11-23", "16:00"))
    svc.workshop_desk.check(desks["zhou"], booking.booking_id, "ready", None, None)
    clock.set(at(DAY, "08:59"))
    svc.checks.run("reminders")
    assert [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_unconfirmed"] == []
    clock.set(at(DAY, "09:00"))  # T-1h
    svc.checks.run("reminders")
    [task] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_unconfirmed"]
    assert task.booking_id == booking.booking_id and task.for_role == "parts"
    assert task.to_json()["title"] == "到店前一小时备件仍未确认到位，请配件部确认"
    view = svc.workshop_desk.day(desks["zhou"], "pudong").to_json()
    ready = {j["booking_id"]: j["parts_ready"] for j in view["bookings"]}
    assert ready[booking.booking_id]["state"] == "overdue" and ready[booking.booking_id]["task_id"] == task.task_id
    assert ready[other.booking_id]["task_id"] is None
    svc.checks.run("reminders")  # run again: the step is done, no second task
    assert len([t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_unconfirmed"]) == 1
    clock.set(at(DAY, "09:10"))
    svc.workshop_desk.confirm_ready(desks["zhou"], booking.booking_id)  # the confirmation closes it
    assert [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == "parts_unconfirmed"] == []
    assert svc.ports.tasks.get(chain, "pudong", task.task_id).outcome == "parts_ready"
