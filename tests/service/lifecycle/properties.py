"""The properties checked after every step (messages.py holds those of what customers are sent):

- every check ran clean: nothing parked, nothing left for redelivery, no drift found by the nightly audit;
- the system's bookings are the model's (status and time);
- the invariant auditor finds no drift on any day a booking ever had its time;
- the day's report equals a recount of the model's bookings (status counts per day, by source and service);
- no step of a booking's agenda is left behind by a check that ran after it was due;
- a booking made a day ahead, reminded by a run of the schedule in its last day, got a reminder before its start;
- every open call task is listed by its booking, and none stays open once its reason is gone.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.floor.tasks import CallTask, task_id_for
from chalicelib.services.runs.fanout import QUEUES

from .known import Tally
from .model import ARRIVED, LIVE, Model, Tracked
from .world import START, STORE, World

FAILED_OUTCOMES = ("parked", "retried", "error")
APPOINTMENT_TASKS = ("reminder_unacknowledged", "late")
REBOOK_TASKS = ("rebook_no_show", "rebook_store_cancel")


def check_runs(world: World, since_round: int) -> None:
    """The runs of this step: every item done (none parked, none to redeliver), no drift found, queues empty."""
    for run in world.runs:
        if run.round <= since_round:
            continue
        bad = {k: v for k, v in run.counts.items() if k in FAILED_OUTCOMES and v}
        assert not bad, f"{run.name} at {run.at}: {bad}"
        assert run.name != "counter_audit" or run.counts.get("drift") == 0, f"the nightly audit found drift: {run}"
    for queue in QUEUES:
        assert world.svc.ports.queue.depth(queue) == world.delayed_items(queue), f"items left on {queue}"
        assert world.svc.fanout.parked(queue) == [], f"parked on {queue}: {world.svc.fanout.parked(queue)}"


def check_bookings(world: World, model: Model) -> None:
    for tracked in model.bookings.values():
        b = world.booking(tracked.booking_id)
        assert (b.status.value, b.start) == (tracked.status, tracked.start), \
            f"{b.booking_id}: the system has {b.status.value} at {b.start}, the model {tracked.status} at {tracked.start}"


def check_drift(world: World, model: Model) -> None:
    for day in sorted(model.days):
        drift = world.svc.auditor.store_day(world.store.chain_id, STORE, day)
        assert drift.total == 0, f"counter drift: {drift.to_json()}"


def recount(bookings: list[Tracked]) -> dict[str, Any]:
    """A day's report figures, counted from the model's bookings (docs/product-rules.md#daily-report)."""
    booked = [t for t in bookings if t.source != "walk_in"]
    arrivals = [t for t in bookings if t.status in ARRIVED]
    walk_ins = [t for t in arrivals if t.source == "walk_in"]
    return {"bookings": len(booked), "arrivals": len(arrivals), "booked_arrivals": len(arrivals) - len(walk_ins),
            "walk_ins": len(walk_ins), "no_shows": sum(t.status == "no_show" for t in bookings),
            "cancellations": sum(t.status == "cancelled" for t in bookings),
            "by_source": dict(Counter(t.source for t in booked)),  # they add up to the bookings (docs/reports.md)
            "by_service": dict(Counter(t.service_type for t in booked))}


def check_report(world: World, model: Model) -> None:
    mgr = world.staff("mgr")
    for day in sorted(model.days):
        [figures] = world.svc.staff_desk.report(mgr, STORE, day, day)
        shown = {k: v for k, v in figures.to_json().items() if k in RECOUNTED}
        expected = recount([t for t in model.bookings.values() if t.day == day])
        assert shown == expected, f"the report of {day}: {shown}, recounted {expected}"


def check_range_report(world: World, model: Model) -> None:
    """The range report (the reports page and its CSV) over the days booked in the first month: its totals are
    the recounts summed."""
    days = [d for d in sorted(model.days) if (d - START.date()).days < 31]
    if not days:
        return
    totals = world.svc.reports.store_report(world.staff("mgr"), STORE, days[0], days[-1])["totals"]
    expected: dict[str, Any] = {}
    for day in days:
        for name, value in recount([t for t in model.bookings.values() if t.day == day]).items():
            expected[name] = _add(expected.get(name), value)
    shown = {k: totals[k] for k in RECOUNTED}
    assert shown == {k: expected[k] for k in RECOUNTED}, f"the report of {days[0]} to {days[-1]}: {shown}"


def _add(a: Any, b: Any) -> Any:
    if isinstance(b, dict):
        return dict(sorted((Counter(a or {}) + Counter(b)).items()))
    return (a or 0) + b


RECOUNTED = ("bookings", "arrivals", "booked_arrivals", "walk_ins", "no_shows", "cancellations", "by_source",
             "by_service")


def check_agendas(world: World) -> None:
    """No booking's next step is still due at a run of its check that came after it."""
    with world.state.lock:
        steps = [(s.booking.booking_id, s.agenda) for s in world.state.bookings.values() if s.agenda]
    for booking_id, agenda in steps:
        step, ran = agenda.step, world.last_run.get(agenda.step.check)
        if ran is None or not world.settled or agenda.filed_at > ran:  # filed after the run: the next one's
            continue
        assert step.at > ran, f"{booking_id}: {step.action} due at {step.at}, left behind by the {step.check} run at {ran}"


def check_reminded(world: World, model: Model) -> None:
    """A booking made (or moved) more than a day ahead, without contact hours, still to come when the reminders
    ran in its last 24 hours, got a reminder before its start."""
    reminded = {(r.booking_id, key.rsplit("@", 1)[1]) for key, (r, _) in world.messages().items() if r.kind == "reminder"}
    runs = [r for r in world.runs if r.name == "reminders"]
    for t in model.bookings.values():
        if t.start is None or t.window is not None or t.source == "walk_in" or (t.booking_id, t.start.isoformat()) in reminded:
            continue
        if t.start - t.since <= timedelta(hours=24):
            continue
        if any(max(t.since, t.start - timedelta(hours=24)) <= r.at < t.start and t.booking_id in r.live for r in runs):
            raise AssertionError(f"{t.booking_id} at {t.start}, made or moved at {t.since}, was never reminded")


def check_tasks(world: World, model: Model, tally: Tally) -> None:
    for task in world.tasks():
        if not task.is_open or task.booking_id is None:
            continue
        b = world.booking(task.booking_id)
        assert any(tid == task.task_id for _, tid in b.open_tasks), f"{task.task_id} is open, its booking lists it not"
        gone = reason_gone(task, b, model)
        if gone is None:
            continue
        raise AssertionError(f"{task.kind} task {task.task_id} still open, though {gone}")


def reason_gone(task: CallTask, b: Booking, model: Model) -> str | None:
    """Why a task about a booking is no longer needed (docs/product-rules.md#call-tasks), or None."""
    status = b.status.value
    if task.kind in APPOINTMENT_TASKS or task.kind == "sla_confirmation":
        if task.kind == "sla_confirmation":
            return None if status == "pending" else f"the booking is {status}"
        if status not in LIVE:
            return f"the booking is {status}"
        if task.task_id != task_id_for(b.booking_id, task.kind, b.start.isoformat() if b.start else ""):
            return "the booking was moved"
        if task.kind == "reminder_unacknowledged" and b.acknowledged_at is not None:
            return "the customer acknowledged"
    if task.kind == "parts_arrived" and (status == "cancelled" or b.start is not None):
        return "the booking was cancelled" if status == "cancelled" else "the booking has its time"
    if task.kind == "follow_up_unanswered" and model.bookings[b.booking_id].feedback:
        return "the customer answered"
    if task.kind in REBOOK_TASKS:
        later = [bid for bid, customer, at in model.staff_bookings
                 if customer == b.customer_id and at > task.created_at and bid != b.booking_id]
        return f"staff booked the customer again ({later[0]})" if later else None
    return None

