"""What a due step of a booking's agenda does (reminder, unacknowledged-reminder call, confirmation-SLA call,
place release, late message and call, no-show and its rebooking call, follow-ups and the unanswered call),
decided as a change. The event's kind is the step's name, so
the booking's own history says the step is done, and a step found again is not done twice."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, CustomerChange, decide
from ..booking.extra_items import ESCALATED_EVENT, escalated_ids, pending
from ..booking.late_arrival import lateness_times
from ..booking.lifecycle import Status
from ..booking.parts import READINESS_STEP
from ..booking.promise import IN_PROGRESS, promise_of
from ..floor.task_rules import booking_task
from ..floor.tasks import CallTask
from ..messaging.outbox import OutboxRecord, booking_message
from ..tenancy.store import Store
from .agenda import LATE_AFTER, NO_SHOW_AFTER, SLA_WARNING, Step, done, reminder_plan, reminder_steps, sla_deadline
from .contact import Send


@dataclass(frozen=True)
class _Outcome:
    event: Event
    after: Booking
    message: OutboxRecord | None = None
    task: CallTask | None = None
    customer: CustomerChange | None = None
    merged: tuple[Event, ...] = ()  # reminders sent as part of this one (docs/product-rules.md#contact-hours)


def occurrence(booking: Booking, step: Step) -> str:
    """A step of a booking's time: a moved booking gets its reminders again, never one twice."""
    return f"{step.action}@{booking.start.isoformat() if booking.start else ''}"


def call_task(booking: Booking, store: Store, kind: str, now: datetime) -> CallTask:
    """A call task about the booking's current time: one per kind and time."""
    return booking_task(booking, store, kind, now, occurrence=booking.start.isoformat() if booking.start else "")


def _skip(booking: Booking, event: Event, why: str) -> _Outcome:
    return _Outcome(replace(event, note=f"skipped: {why}"), booking)


def _group(b: Booking, store: Store, step: Step) -> Send:
    """The reminder message this step sends: its own, or several merged into one moment."""
    found = next((send for send in reminder_plan(b, store) if step.action in send.names), None)
    return found or Send(step.at, (step.action,))


def reminder_variant(send: Send) -> str:
    """What the message says: its reminder's own wording when it goes on time ("24h", "3h", "1h"), the moved
    wording ("eve": day and time, the practical details) when contact hours moved or merged it."""
    return "eve" if send.moved else Step(send.names[-1], send.at).variant


def _reminder(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    send = _group(b, store, step)
    merged = tuple(Event(at=now, kind=name, by=event.by, note=f"merged into {step.action}")
                   for name in send.names if name != step.action and name not in done(b))
    # a late run sends only the latest: any reminder still to send that is due too (other steps, the SLA or the
    # unacknowledged-reminder call, may fall due between them)
    after = replace(b, events=b.events + (event, *merged))
    if any(later.at <= now for later in reminder_steps(after, store, done(after))):
        return _skip(b, event, "a later reminder is already due")
    if b.start is None or now >= b.start:
        return _skip(b, event, "the appointment has begun")
    days = (b.start.astimezone(store.tz).date() - now.astimezone(store.tz).date()).days
    message = booking_message("reminder", b, store, occurrence=occurrence(b, step), variant=reminder_variant(send),
                              days_ahead=days)
    return _Outcome(event, b, message, merged=merged)


def _ack_check(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    if b.start is None or now >= b.start:
        return _skip(b, event, "the appointment has begun")
    return _Outcome(event, b, task=call_task(b, store, "reminder_unacknowledged", now))


def _sla(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Still pending 2 store-hours after it was made: staff must call with the time and price."""
    if b.status is not Status.PENDING:
        return _skip(b, event, "confirmed meanwhile")
    return _Outcome(event, b, task=booking_task(b, store, "sla_confirmation", now))


def _parts_unconfirmed(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """T-1h, the parts checked and not confirmed at hand: the parts desk's task (docs/product-rules.md#workshop-and-parts)."""
    return _Outcome(event, b, task=call_task(b, store, READINESS_STEP, now))


def _sla_warning(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Still pending 30 store-minutes before its deadline: the step's event is what tells staff (the booking
    change's staff notice, domain/floor/change_notices.py); past the deadline the SLA step speaks instead."""
    if b.status is not Status.PENDING:
        return _skip(b, event, "confirmed meanwhile")
    deadline = sla_deadline(b, store)
    if deadline is not None and now >= deadline:
        return _skip(b, event, "the deadline has passed")
    return _Outcome(event, b)


def _release(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """After the grace period the place counts as free for walk-ins (预留时间)."""
    return _Outcome(event, replace(b, place_released=True))


def _late(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    if b.start is None or now >= lateness_times(b, timedelta(minutes=store.grace_minutes), LATE_AFTER,
                                                NO_SHOW_AFTER)["no_show"]:
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


def _complaint_recheck(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """After a resolved complaint: is the customer satisfied now? (answered as feedback)"""
    return _Outcome(event, b, booking_message("complaint_recheck", b, store, occurrence=f"{step.action}@{step.at.isoformat()}"))


def _follow_up_call(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Two follow-ups went unanswered: a person calls."""
    return _Outcome(event, b, task=booking_task(b, store, "follow_up_unanswered", now))


def _pickup_notice(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Ahead of the promised hand-back time: come and collect the car (docs/product-rules.md#promised-time). The
    event names the time it was for, so a delay (a new time) has its own notice; skipped when the time passed."""
    found = promise_of(b.events)
    if found is None or b.status not in IN_PROGRESS:
        return _skip(b, event, "no job under way")
    mark = found.at.isoformat()
    if now >= found.at:
        return _Outcome(replace(event, note=f"{mark} skipped: the promised time has passed"), b)
    message = booking_message("pickup_notice", b, store, occurrence=mark, at=found.at)
    return _Outcome(replace(event, note=mark), b, message)


def _extra_work_call(b: Booking, store: Store, step: Step, event: Event, now: datetime) -> _Outcome:
    """Extra work the customer has not answered in time: the advisor calls (docs/product-rules.md#extra-work)."""
    covered = escalated_ids([e.note for e in b.events if e.kind == ESCALATED_EVENT])
    waiting = [i.item_id for i in pending(b.extra_work) if i.item_id not in covered]
    if not waiting or b.status not in IN_PROGRESS:
        return _skip(b, event, "answered meanwhile")
    ids = ",".join(waiting)
    task = booking_task(b, store, "extra_work_unanswered", now, occurrence=ids)
    return _Outcome(replace(event, note=ids), b, task=task)


_STEPS: dict[str, Callable[[Booking, Store, Step, Event, datetime], _Outcome]] = {
    "reminder": _reminder, "ack_check": _ack_check, "release": _release, "late": _late, "no_show": _no_show,
    "follow_up": _follow_up, "follow_up_again": _follow_up, "sla": _sla, "follow_up_call": _follow_up_call,
    "complaint_recheck": _complaint_recheck, READINESS_STEP: _parts_unconfirmed, SLA_WARNING: _sla_warning,
    "pickup_notice": _pickup_notice, ESCALATED_EVENT: _extra_work_call,
}


def perform(booking: Booking, store: Store, step: Step, now: datetime) -> BookingChange:
    """The change that does `step` of `booking` at `now`."""
    kind = "reminder" if step.action.startswith("reminder_") else step.action
    if kind not in _STEPS:
        raise ValueError(f"unknown step {step.action!r}")
    outcome = _STEPS[kind](booking, store, step, Event(at=now, kind=step.action, by=f"system:{step.check}"), now)
    after = replace(outcome.after, events=booking.events + (outcome.event, *outcome.merged))
    return decide(
        booking, after, store, now,
        customer=outcome.customer,
        messages=(outcome.message,) if outcome.message else (),
        open_tasks=(outcome.task,) if outcome.task else (),
    )
