"""The pure rules of call tasks: the store-hours clock (confirmation SLA, complaint escalation), which task a
change makes moot and closes with its reason, escalation past the deadline, task ids, the parts deposit."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.booking import decisions
from chalicelib.domain.booking.booking import Booking, Event
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.parts import minimum_deposit, parts_input
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.floor.task_rules import booking_task, moot
from chalicelib.domain.floor.tasks import CallTask, escalation_due, task_id_for, task_prefix
from chalicelib.domain.followup.agenda import next_step, sla_deadline
from chalicelib.domain.followup.steps import perform
from chalicelib.domain.tenancy.store import WEEKDAYS, OpeningHours, Store
from chalicelib.domain.tenancy.store_hours import add_store_hours, store_hours_between

TZ = ZoneInfo("Asia/Shanghai")
# open Monday to Friday 08:30-17:30, closed at weekends and on one extra date
WEEKDAY_STORE = Store("c", "s", "店", hours={d: OpeningHours(time(8, 30), time(17, 30)) for d in WEEKDAYS[:5]},
                      closed_dates=frozenset({date(2026, 12, 2)}), closes_on_public_holidays=False)


def at(day: str, hhmm: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(hhmm), tzinfo=TZ)


def booking(**changes: object) -> Booking:
    start = at("2026-11-24", "10:00")
    base = Booking("b1", "c", "s", "cust", Status.PENDING, start, start + timedelta(minutes=30), "maintenance", "normal",
                   0.0, "phone", "张伟", "13800138000", "沪A12345", "Mazda 6", 1000, 1.0,
                   events=(Event(at("2026-11-23", "16:45"), "booked", "staff:wang"),))
    return replace(base, **changes)


# --- the store-hours clock --------------------------------------------------------------------------------

@pytest.mark.parametrize("start,expected", [
    (("2026-11-23", "09:00"), ("2026-11-23", "11:00")),  # inside the day
    (("2026-11-23", "07:00"), ("2026-11-23", "10:30")),  # before opening: starts at 08:30
    (("2026-11-23", "16:45"), ("2026-11-24", "09:45")),  # 45 min today, 75 min tomorrow
    (("2026-11-23", "20:00"), ("2026-11-24", "10:30")),  # at night: the night does not count
    (("2026-11-27", "17:00"), ("2026-11-30", "10:00")),  # Friday evening: the weekend does not count
    (("2026-12-01", "17:00"), ("2026-12-03", "10:00")),  # a closed date does not count
])
def test_the_confirmation_clock_runs_only_while_the_store_is_open(start, expected):
    assert add_store_hours(WEEKDAY_STORE, at(*start), timedelta(hours=2)) == at(*expected)


def test_24_store_hours_span_several_days():
    # Monday 09:00: 8.5 h Monday, 9 h Tuesday, 6.5 h Wednesday
    assert add_store_hours(WEEKDAY_STORE, at("2026-11-23", "09:00"), timedelta(hours=24)) == at("2026-11-25", "15:00")


def test_store_hours_between_counts_only_opening_time():
    assert store_hours_between(WEEKDAY_STORE, at("2026-11-27", "17:00"), at("2026-11-30", "10:00")) == timedelta(hours=2)
    assert store_hours_between(WEEKDAY_STORE, at("2026-11-30", "10:00"), at("2026-11-27", "17:00")) == timedelta()


def test_a_store_never_open_counts_wall_clock_time():
    closed = Store("c", "s", "店", hours={})
    assert add_store_hours(closed, at("2026-11-23", "09:00"), timedelta(hours=2)) == at("2026-11-23", "11:00")


def test_the_sla_step_is_filed_two_store_hours_after_booking_and_only_while_pending():
    b = booking()
    assert sla_deadline(b, WEEKDAY_STORE) == at("2026-11-24", "09:45")
    assert next_step(b, WEEKDAY_STORE).action == "sla" or next_step(b, WEEKDAY_STORE).at < at("2026-11-24", "09:45")
    assert sla_deadline(replace(b, source="walk_in"), WEEKDAY_STORE) is None
    confirmed = replace(b, status=Status.CONFIRMED)
    steps = [next_step(replace(confirmed, events=confirmed.events + tuple(
        Event(at("2026-11-23", "17:00"), k, "system") for k in ("reminder_1440",))), WEEKDAY_STORE)]
    assert all(s is None or s.action != "sla" for s in steps)


def test_the_sla_step_opens_the_task_once_and_only_for_a_pending_booking():
    b = booking(start=at("2026-11-25", "10:00"), end=at("2026-11-25", "10:30"))
    warning = next_step(b, WEEKDAY_STORE)  # 30 store-minutes before: staff are told, no task yet
    assert warning.action == "sla_warning"
    warned = perform(b, WEEKDAY_STORE, warning, at("2026-11-24", "09:15"))
    assert warned.open_tasks == () and warned.messages == ()
    b = warned.after
    change = perform(b, WEEKDAY_STORE, next_step(b, WEEKDAY_STORE), at("2026-11-24", "09:45"))
    assert [t.kind for t in change.open_tasks] == ["sla_confirmation"]
    assert change.after.open_tasks == (("sla_confirmation", change.open_tasks[0].task_id),)
    assert next_step(change.after, WEEKDAY_STORE).action != "sla"  # done: never again


# --- moot tasks close themselves with the reason ------------------------------------------------------------

@pytest.mark.parametrize("kind,after,reason", [
    ("reminder_unacknowledged", {"acknowledged_at": at("2026-11-24", "08:00")}, "acknowledged"),
    ("reminder_unacknowledged", {"status": Status.CANCELLED}, "cancelled"),
    ("late", {"status": Status.ARRIVED}, "arrived"),
    ("late", {"status": Status.CANCELLED}, "cancelled"),
    ("late", {"status": Status.NO_SHOW}, "no_show"),
    ("sla_confirmation", {"status": Status.CONFIRMED}, "confirmed"),
    ("reminder_unacknowledged", {"start": at("2026-11-25", "10:00")}, "rescheduled"),
    ("sla_confirmation", {"start": at("2026-11-25", "10:00")}, None),  # moved, still to be confirmed
    ("late", {"acknowledged_at": at("2026-11-24", "08:00")}, None),  # acknowledging does not explain lateness
    ("rebook_no_show", {"status": Status.CANCELLED}, None),  # a person (or the next booking) closes it
    ("follow_up_complaint", {"events": (Event(at("2026-11-25", "10:00"), "feedback", "c"),)}, None),
    ("follow_up_unanswered", {"events": (Event(at("2026-11-25", "10:00"), "feedback", "c"),)}, "answered"),
])
def test_a_task_is_moot_when_its_reason_went_away(kind, after, reason):
    assert moot(kind, booking(), booking(**after)) == reason


def test_parts_arrived_task_is_moot_once_the_booking_has_a_slot():
    waiting = booking(start=None, end=None, parts_status="arrived")
    assert moot("parts_arrived", waiting, booking(parts_status="scheduled")) == "rebooked"
    assert moot("parts_arrived", waiting, waiting) is None


def test_the_change_that_removes_the_reason_closes_the_task_in_the_same_write():
    task = booking_task(booking(), WEEKDAY_STORE, "reminder_unacknowledged", at("2026-11-23", "17:00"))
    late = booking_task(booking(), WEEKDAY_STORE, "late", at("2026-11-24", "10:30"))
    b = booking(open_tasks=(("reminder_unacknowledged", task.task_id), ("late", late.task_id)))
    change = decisions.acknowledge(b, WEEKDAY_STORE, at("2026-11-24", "10:31"), "customer:c")
    assert [(c.task_id, c.reason, c.by, c.day) for c in change.close_tasks] == [
        (task.task_id, "acknowledged", "system", date(2026, 11, 24))]
    assert change.after.open_tasks == (("late", late.task_id),)  # the booking stops listing the closed one


def test_staff_close_a_booking_task_with_an_outcome_and_a_note():
    task = booking_task(booking(), WEEKDAY_STORE, "late", at("2026-11-24", "10:30"))
    b = booking(open_tasks=(("late", task.task_id),))
    change = decisions.close_task(b, WEEKDAY_STORE, at("2026-11-24", "10:40"), task.task_id, "staff:wang", "reached", "在路上")
    [closure] = change.close_tasks
    assert (closure.reason, closure.by, closure.note) == ("reached", "staff:wang", "在路上")
    assert change.after.open_tasks == () and change.after.events[-1].kind == "task_done"
    with pytest.raises(Exception, match="no such open task"):
        decisions.close_task(change.after, WEEKDAY_STORE, at("2026-11-24", "10:41"), task.task_id, "staff:wang", "other", None)


def test_a_no_show_or_a_store_cancellation_opens_a_rebooking_call_and_flags_the_customer():
    b = booking()
    no_show = decisions.release(b, WEEKDAY_STORE, at("2026-11-24", "11:00"), "no_show", "staff:wang", tell="no_show")
    cancelled = decisions.release(b, WEEKDAY_STORE, at("2026-11-23", "17:00"), "cancel", "staff:wang", "设备故障",
                                  tell="booking_cancelled")
    by_customer = decisions.release(b, WEEKDAY_STORE, at("2026-11-23", "17:00"), "cancel", "customer:c")
    assert [t.kind for t in no_show.open_tasks] == ["rebook_no_show"]
    assert [t.kind for t in cancelled.open_tasks] == ["rebook_store_cancel"]
    assert by_customer.open_tasks == () and by_customer.customer is None  # the customer's own choice: no call
    for change in (no_show, cancelled):
        assert change.customer.rebook_priority is True
        assert change.customer.rebook_task == f"s|{change.open_tasks[0].task_id}"


def test_check_in_is_only_on_the_bookings_day():
    with pytest.raises(Conflict) as refused:
        decisions.advance(booking(), WEEKDAY_STORE, at("2026-11-17", "10:00"), "check_in", "staff:wang", decisions.StaffStep())
    assert (refused.value.code, refused.value.field) == ("not_booking_day", "start")
    arrived = decisions.advance(booking(), WEEKDAY_STORE, at("2026-11-24", "09:40"), "check_in", "staff:wang",
                                decisions.StaffStep())
    assert arrived.after.status is Status.ARRIVED


# --- escalation, ids ---------------------------------------------------------------------------------------

def test_a_complaint_escalates_after_24_store_hours_and_other_tasks_at_their_due_time():
    complaint = booking_task(booking(), WEEKDAY_STORE, "follow_up_complaint", at("2026-11-27", "16:00"))
    assert complaint.deadline == at("2026-12-03", "13:00")  # Fri 1.5 h, Mon 9 h, Tue 9 h, (Wed closed), Thu 4.5 h
    assert complaint.for_role == "store_manager"
    late = booking_task(booking(), WEEKDAY_STORE, "late", at("2026-11-24", "10:30"))
    assert late.deadline == late.due_at == at("2026-11-24", "10:45") and late.for_role == "advisor"
    assert not escalation_due(late, at("2026-11-24", "10:44"))
    assert escalation_due(late, at("2026-11-24", "10:45"))
    assert not escalation_due(replace(late, escalated_at=at("2026-11-24", "10:45")), at("2026-11-24", "11:00"))
    assert not escalation_due(replace(late, done_at=at("2026-11-24", "10:40")), at("2026-11-24", "11:00"))
    assert replace(late, escalated_at=at("2026-11-24", "10:45")).for_role == "store_manager"


def test_task_ids_are_stable_and_safe_in_a_url_path():
    first = task_id_for("b_1", "late", "2026-11-24T10:00:00+08:00")
    again = task_id_for("b_1", "late", "2026-11-24T10:00:00+08:00")
    assert first == again != task_id_for("b_1", "late", "2026-11-25T10:00:00+08:00")
    assert re.fullmatch(r"b_1-late-[0-9a-f]{16}", first) and first.startswith(task_prefix("b_1"))


def test_the_task_list_answers_the_contract_fields():
    task = CallTask("c", "s", "t1", "late", at("2026-11-24", "10:45"), at("2026-11-24", "10:30"), booking_id="b1")
    shown = task.to_json()
    assert {k: shown[k] for k in ("task_id", "kind", "booking_id", "due", "assignee", "status", "outcome")} == {
        "task_id": "t1", "kind": "late", "booking_id": "b1", "due": "2026-11-24T10:45:00+08:00", "assignee": None,
        "status": "open", "outcome": None}
    assert task.to_json("en")["title"].startswith("Customer 30 minutes late")


# --- parts deposit -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("estimate,minimum", [(0, 0), (99_999, 0), (100_000, 50_000), (100_001, 50_100),
                                              (123_457, 61_800), (200_000, 100_000)])
def test_costly_parts_need_at_least_half_the_estimate_rounded_up_to_the_yuan(estimate, minimum):
    """At least 50 % of the parts estimate, rounded up to the yuan (a whole number of yuan to pay)."""
    assert minimum_deposit(estimate) == minimum


def test_parts_input_refuses_a_short_deposit_naming_the_field():
    with pytest.raises(ValidationError) as refused:
        parts_input({"parts": {"estimate_fen": 200_000, "deposit_fen": 99_999}}, waiting=True)
    assert (refused.value.code, refused.value.field) == ("deposit_required", "parts.deposit_fen")
    ok = parts_input({"parts": {"expected": "2026-11-30", "estimate_fen": 200_000, "deposit_fen": 100_000}}, waiting=True)
    assert (ok.expected, ok.deposit_fen) == (date(2026, 11, 30), 100_000)
    for body, field in (({"parts": {"deposit_fen": 1.5}}, "parts.deposit_fen"),
                        ({"parts": {"expected": "soon"}}, "parts.expected"), ({"parts": []}, "parts")):
        with pytest.raises(ValidationError) as bad:
            parts_input(body, waiting=True)
        assert bad.value.field == field
    with pytest.raises(ValidationError):
        parts_input({"parts": {"estimate_fen": 1}}, waiting=False)
