"""What a due step of a booking's agenda does (reminder, unacknowledged-reminder call, confirmation-SLA call,
place release, late message and call, no-show and its rebooking call, follow-ups and the unanswered call),
decided as a change. The event's kind is the step's name, so
the booking's own history says the step is done, and a step found again is not done twice."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .agenda import NO_SHOW_AFTER, Step
from .booking import Booking, Event
from .change import BookingChange, CustomerChange, decide
from .lifecycle import Status
from .outbox import OutboxRecord, booking_message
from .store import Store
from .task_rules import booking_task
from .tasks import CallTask


@dataclass(frozen=True)
class _Outcome:
    event: Event
    after: Booking
    message: OutboxRecord | None = None
    task: CallTask | None = None
    customer: CustomerChange | None = None


def occurrence(booking: Booking, step: Step) -> str:
    """A step of a booking's time: a moved booking gets its reminders again, never one twice."""
    return f"{step.action}@{booking.start.isoformat() if booking.start else ''}"


def call_task(booking: Booking, store: Store, kind: str, now: datetime) -> CallTask:
    """A call task about the booking's current time: one per kind and time."""
    return booking_task(booking, store, kind, now, occurrence=booking.start.isoformat() if booking.start else "")


def _skip(booking: Booking, event: Event, why: str) -> _Outcome:
    return _Outcome(replace(event, note=f"skipped: {why}"), booking)


def _reminder(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    if b.start is None or now >= b.start:
        return _skip(b, event, "the appointment has begun")
    later = [b.start - timedelta(minutes=m) for m in store.reminder_offsets_minutes]
    if any(step.at < at <= now for at in later):
        return _skip(b, event, "a later reminder is already due")  # a late run sends only the latest
    return _Outcome(event, b, booking_message("reminder", b, store, occurrence=occurrence(b, step), variant=step.variant))


def _ack_check(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    if b.start is None or now >= b.start:
        return _skip(b, event, "the appointment has begun")
    return _Outcome(event, b, task=call_task(b, store, "reminder_unacknowledged", now))


def _sla(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Still pending 2 store-hours after it was made: staff must call with the time and price."""
    if b.status is not Status.PENDING:
        return _skip(b, event, "confirmed meanwhile")
    return _Outcome(event, b, task=booking_task(b, store, "sla_confirmation", now))


def _release(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """After the grace period the place counts as free for walk-ins (预留时间)."""
    return _Outcome(event, replace(b, place_released=True))


def _late(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    if b.start is None or now >= b.start + NO_SHOW_AFTER:
        return _skip(b, event, "past the no-show time")
    return _Outcome(event, b, booking_message("late", b, store, occurrence=occurrence(b, step)),
                    call_task(b, store, "late", now))


def _no_show(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    event = replace(event, kind=Status.NO_SHOW.value, note="no arrival 60 minutes after the start")
    task = call_task(b, store, "rebook_no_show", now)
    return _Outcome(event, replace(b, status=Status.NO_SHOW),
                    booking_message("no_show", b, store, occurrence=occurrence(b, step)), task,
                    customer=CustomerChange(active_delta=-1 if b.source == "mini_program" else 0, rebook_priority=True,
                                            rebook_task=f"{b.store_id}|{task.task_id}"))


def _follow_up(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    return _Outcome(event, b, booking_message("follow_up", b, store, occurrence=occurrence(b, step)))


def _follow_up_call(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Two follow-ups went unanswered: a person calls."""
    return _Outcome(event, b, task=booking_task(b, store, "follow_up_unanswered", now))


_STEPS: dict[str, Callable[[Booking, Store, Step, Event, datetime], _Outcome]] = {
    "reminder": _reminder, "ack_check": _ack_check, "release": _release, "late": _late, "no_show": _no_show,
    "follow_up": _follow_up, "follow_up_again": _follow_up, "sla": _sla, "follow_up_call": _follow_up_call,
}


def perform(booking: Booking, store: Store, step: Step, now: datetime) -> BookingChange:
    """The change that does `step` of `booking` at `now`."""
    kind = "reminder" if step.action.startswith("reminder_") else step.action
    if kind not in _STEPS:
        raise ValueError(f"unknown step {step.action!r}")
    outcome = _STEPS[kind](booking, store, step, Event(at=now, kind=step.action, by=f"system:{step.check}"), now)
    after = replace(outcome.after, events=booking.events + (outcome.event,))
    return decide(
        booking, after, store, now,
        customer=outcome.customer,
        messages=(outcome.message,) if outcome.message else (),
        open_tasks=(outcome.task,) if outcome.task else (),
    )
