"""The task lifecycle on the use cases (memory ports): claiming and closing any kind, tasks that close
themselves in the change that removed their reason, the escalation run, rebooking priority, parts arrived,
the second follow-up and the unanswered call, complaints for the manager."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.parts import parts_input
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.support.bookings import PHONE_BOOKING, customer, request

DAY = "2026-11-24"


def phone_booking(svc, who, **overrides):
    body = {**PHONE_BOOKING, **overrides}
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(body),
                              parts_input(body, waiting=bool(body.get("waiting_for_parts"))))


def walk(svc, clock, *times):
    """The booking checks at each (day, hh:mm): only a booking's next step is due at a time."""
    for day, hhmm in times:
        clock.set(at(day, hhmm))
        svc.checks.run("reminders")
        svc.checks.run("lateness")


LATE_DAY = (("2026-11-23", "10:00"), ("2026-11-24", "07:00"), ("2026-11-24", "09:00"), ("2026-11-24", "10:10"))


def open_kinds(svc, chain):
    return sorted(t.kind for t in svc.ports.tasks.open_for_store(chain, "pudong"))


def open_task(svc, chain, kind):
    [found] = [t for t in svc.ports.tasks.open_for_store(chain, "pudong") if t.kind == kind]
    return found


@pytest.fixture
def wang(svc, chain):
    return add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})


def test_any_task_is_claimed_then_closed_with_an_outcome_through_its_booking(svc, chain, clock, mgr, wang):
    b = phone_booking(svc, wang)
    clock.set(at("2026-11-23", "16:00"))  # booked 08:00 before opening: 2 store-hours end at 10:30
    svc.checks.run("reminders")
    task = open_task(svc, chain, "sla_confirmation")
    li = add_staff(svc, chain, "li", Role.ADVISOR, {"pudong"})
    assert svc.staff_desk.claim_task(wang, "pudong", task.task_id).assignee == "staff:wang"
    with pytest.raises(Conflict) as taken:
        svc.staff_desk.close_task(li, "pudong", task.task_id, None, "reached")
    assert taken.value.code == "task_claimed"
    with pytest.raises(ValidationError) as bad:
        svc.staff_desk.close_task(wang, "pudong", task.task_id, None, "maybe")
    assert bad.value.field == "outcome"
    closed = svc.staff_desk.close_task(wang, "pudong", task.task_id, "已告知价格", "reached")
    assert (closed.outcome, closed.done_by, closed.note, closed.is_open) == ("reached", "staff:wang", "已告知价格", False)
    stored = svc.ports.bookings.get(b.booking_id)
    assert stored.open_tasks == () and stored.events[-1].kind == "task_done"
    assert [t.task_id for t in svc.staff_desk.tasks(mgr, "pudong", "done")] == [task.task_id]
    with pytest.raises(Conflict):
        svc.staff_desk.close_task(wang, "pudong", task.task_id, None, "reached")


def test_confirming_closes_the_sla_task_and_acknowledging_the_reminder_call(svc, chain, clock, wang):
    alice = customer(svc, chain, "alice")
    clock.set(at("2026-11-23", "08:00"))
    b, _ = svc.booking.book_online(alice, request(at(DAY, "10:00")), "k1")
    for hhmm in ("10:00", "10:30", "12:00"):  # T-24h reminder, the SLA, the unacknowledged reminder
        clock.set(at("2026-11-23", hhmm))
        svc.checks.run("reminders")
    assert open_kinds(svc, chain) == ["reminder_unacknowledged", "sla_confirmation"]
    clock.set(at("2026-11-23", "12:05"))
    svc.staff_ops.act(wang, b.booking_id, "confirm")
    assert open_kinds(svc, chain) == ["reminder_unacknowledged"]
    svc.booking.acknowledge_own(alice, b.booking_id)
    assert open_kinds(svc, chain) == []
    done = {t.kind: (t.outcome, t.done_by) for t in svc.ports.tasks.done_for_store(chain, "pudong", date(2026, 11, 23))}
    assert done == {"sla_confirmation": ("confirmed", "system"), "reminder_unacknowledged": ("acknowledged", "system")}


def test_the_sla_clock_does_not_run_at_night(svc, chain, clock, wang):
    clock.set(at("2026-11-23", "17:00"))
    phone_booking(svc, wang, start="2026-11-25T10:00:00+08:00")
    clock.set(at("2026-11-24", "08:59"))  # 30 min on Monday, 29 on Tuesday
    svc.checks.run("reminders")
    assert open_kinds(svc, chain) == []
    clock.set(at("2026-11-24", "10:00"))
    svc.checks.run("reminders")
    assert open_kinds(svc, chain) == ["sla_confirmation"]


def test_late_and_arrival(svc, chain, clock, wang):
    b = phone_booking(svc, wang, estimate={"price": 500})  # confirmed on the call: no SLA task
    walk(svc, clock, *LATE_DAY, (DAY, "10:30"))
    assert "late" in open_kinds(svc, chain)
    clock.set(at(DAY, "10:35"))
    svc.staff_ops.act(wang, b.booking_id, "check-in")
    assert open_kinds(svc, chain) == []  # the late call and the unacknowledged-reminder call: moot
    closed = {t.kind: t.outcome for t in svc.ports.tasks.done_for_store(chain, "pudong", date(2026, 11, 24))}
    assert closed == {"late": "arrived", "reminder_unacknowledged": "arrived"}


def test_escalation_marks_overdue_tasks_once_for_the_manager(svc, chain, clock, wang):
    phone_booking(svc, wang, estimate={"price": 500})
    walk(svc, clock, *LATE_DAY, (DAY, "10:30"))
    task = open_task(svc, chain, "late")
    clock.set(at(DAY, "10:44"))
    assert svc.task_escalation.run()["escalated"] == 1  # the unacknowledged-reminder call, due 09:15
    assert open_task(svc, chain, "late").escalated_at is None  # due 10:45
    clock.set(at(DAY, "10:46"))
    assert svc.task_escalation.run() == {"due": 1, "escalated": 1, "stale": 0}
    assert svc.task_escalation.run()["escalated"] == 0  # once
    shown = {t.task_id: t.to_json() for t in svc.staff_desk.tasks(wang, "pudong")}[task.task_id]
    assert (shown["escalated"], shown["for_role"], shown["escalated_at"]) == (True, "store_manager", at(DAY, "10:46").isoformat())


def test_a_no_show_flags_the_customer_and_their_next_booking_settles_the_rebooking_call(svc, chain, clock, wang):
    b = phone_booking(svc, wang, estimate={"price": 500})
    walk(svc, clock, *LATE_DAY, (DAY, "10:30"), (DAY, "11:00"))  # +30: late call; +60: no-show
    assert open_kinds(svc, chain) == ["rebook_no_show"]
    customer_id = svc.ports.bookings.get(b.booking_id).customer_id
    flagged = svc.ports.customers.get(chain, customer_id)
    assert flagged.rebook_priority and flagged.rebook_task == f"pudong|{open_task(svc, chain, 'rebook_no_show').task_id}"
    again = phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00")
    assert again.priority == "rebook"  # first in its slot; may use the walk-in reserve
    assert open_kinds(svc, chain) == []
    [closed] = [t for t in svc.ports.tasks.done_for_store(chain, "pudong", date(2026, 11, 24)) if t.kind == "rebook_no_show"]
    assert closed.outcome == "rebooked"
    assert not svc.ports.customers.get(chain, customer_id).rebook_priority
    third = phone_booking(svc, wang, start="2026-11-27T09:00:00+08:00", vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪B12345"})
    assert third.priority is None  # the flag was spent


def test_a_rebooking_customer_may_take_the_walk_in_reserve(svc, chain, clock, wang):
    from dataclasses import replace

    store = svc.ports.stores.get(chain, "pudong")
    svc.ports.stores.put(replace(store, capacity_per_slot=2, walk_in_reserve=0.5))
    b = phone_booking(svc, wang, estimate={"price": 500})
    walk(svc, clock, *LATE_DAY, (DAY, "10:30"), (DAY, "11:00"))
    assert svc.ports.bookings.get(b.booking_id).status.value == "no_show"
    other = {**PHONE_BOOKING["customer"], "phone": "13900139000"}
    phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00", customer=other,
                  vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪C12345"})
    with pytest.raises(Conflict):  # the online share (1 of 2) is gone for an ordinary phone booking
        phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00", customer={**other, "phone": "13700137000"},
                      vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪D12345"})
    assert phone_booking(svc, wang, start="2026-11-26T09:00:00+08:00").priority == "rebook"


def test_a_store_cancellation_opens_a_rebooking_call(svc, chain, clock, wang):
    b = phone_booking(svc, wang, estimate={"price": 500})
    svc.staff_ops.act(wang, b.booking_id, "cancel", staff_requests.staff_action({"note": "举升机故障"}))
    assert open_kinds(svc, chain) == ["rebook_store_cancel"]
    assert open_task(svc, chain, "rebook_store_cancel").note == "举升机故障"


def test_parts_deposit_arrival_task_and_the_waitlist(svc, chain, clock, wang):
    with pytest.raises(ValidationError) as short:
        phone_booking(svc, wang, waiting_for_parts=True, start=None, parts={"estimate_fen": 300_000, "deposit_fen": 100_000})
    assert short.value.field == "parts.deposit_fen"
    with pytest.raises(ValidationError) as past:
        phone_booking(svc, wang, waiting_for_parts=True, start=None, parts={"expected": "2026-11-01"})
    assert past.value.field == "parts.expected"
    plain = phone_booking(svc, wang, waiting_for_parts=True, start=None,
                          vehicle={**PHONE_BOOKING["vehicle"], "plate": "沪E12345"},
                          customer={**PHONE_BOOKING["customer"], "phone": "13900139000"})
    b = phone_booking(svc, wang, waiting_for_parts=True, start=None, priority="warranty",
                      parts={"expected": "2026-11-30", "estimate_fen": 300_000, "deposit_fen": 150_000})
    assert (b.parts_expected, b.parts_estimate_fen, b.deposit_fen) == ("2026-11-30", 300_000, 150_000)
    plan = svc.staff_desk.day_plan(wang, "pudong", date(2026, 11, 24))
    assert [w.booking.booking_id for w in plan.waiting_for_parts] == [b.booking_id, plain.booking_id]  # priority first
    svc.staff_ops.act(wang, b.booking_id, "parts-arrived")
    assert open_kinds(svc, chain) == ["parts_arrived"]
    svc.staff_ops.reschedule(wang, b.booking_id, at(DAY, "14:00"))
    assert open_kinds(svc, chain) == []  # it has a slot: the call's reason went away
    plan = svc.staff_desk.day_plan(wang, "pudong", date(2026, 11, 24))
    assert [w.booking.booking_id for w in plan.waiting_for_parts] == [plain.booking_id]
    assert b.booking_id in [e.booking.booking_id for e in plan.entries]


def test_parts_arriving_for_a_cancelled_booking_are_refused_and_call_nobody(svc, chain, clock, wang):
    """A job cancelled while it waited for its parts is over: parts arriving later tell no customer, flag no
    rebooking and open no call (docs/product-rules.md#parts-waitlist: a cancelled booking leaves the list)."""
    b = phone_booking(svc, wang, waiting_for_parts=True, start=None)
    svc.staff_ops.act(wang, b.booking_id, "cancel")
    with pytest.raises(Conflict) as refused:
        svc.staff_ops.act(wang, b.booking_id, "parts-arrived")
    assert (refused.value.code, refused.value.field) == ("illegal_transition", "status")
    assert open_kinds(svc, chain) == ["rebook_store_cancel"]
    assert svc.ports.bookings.get(b.booking_id).parts_status == "waiting"


def completed(svc, chain, clock, wang):
    b = phone_booking(svc, wang, estimate={"price": 500})
    clock.set(at(DAY, "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(wang, b.booking_id, action)
    return b


def test_an_unanswered_follow_up_is_sent_again_then_becomes_a_call(svc, chain, clock, wang):
    b = completed(svc, chain, clock, wang)
    for day in ("2026-11-26", "2026-11-28"):
        clock.set(at(day, "18:00"))
        assert svc.checks.run("follow_up")["done"] == 1
    assert open_kinds(svc, chain) == []
    kinds = [m.kind for m in svc.ports.outbox.due(at("2026-11-29", "00:00"), days_back=7)] + [
        e.kind for e in svc.ports.bookings.get(b.booking_id).events]
    assert "follow_up_again" in kinds
    clock.set(at("2026-11-30", "18:00"))
    assert svc.checks.run("follow_up")["done"] == 1
    assert open_kinds(svc, chain) == ["follow_up_unanswered"]
    clock.set(at("2026-11-30", "19:00"))
    assert svc.checks.run("follow_up")["done"] == 0  # nothing more


def test_an_answer_closes_the_unanswered_call_and_a_complaint_goes_to_the_manager(svc, chain, clock, wang):
    b = completed(svc, chain, clock, wang)
    for day in ("2026-11-26", "2026-11-28", "2026-11-30"):
        clock.set(at(day, "18:00"))
        svc.checks.run("follow_up")
    customer_id = svc.ports.bookings.get(b.booking_id).customer_id
    from chalicelib.domain.people.principal import Principal
    me = Principal(customer_id, chain, "customer")
    clock.set(at("2026-12-01", "09:00"))
    svc.booking.feedback_own(me, b.booking_id, 2, "等太久")
    assert open_kinds(svc, chain) == ["follow_up_complaint"]
    complaint = open_task(svc, chain, "follow_up_complaint")
    assert complaint.for_role == "store_manager"
    assert complaint.deadline == at("2026-12-03", "15:00")  # 24 store-hours of 08:30-17:30 days
    clock.set(at("2026-12-03", "14:59"))
    assert svc.task_escalation.run()["escalated"] == 0
    clock.set(at("2026-12-03", "15:00"))
    assert svc.task_escalation.run()["escalated"] == 1
