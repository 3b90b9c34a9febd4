"""What happens to a booking next, and when (docs/product-rules.md#checks): reminders at the store's
offsets before the start, a call task when a reminded customer has not acknowledged (2 h after the
reminder, or T-1h if sooner), the place released to walk-ins after the grace period, an "are you on your
way?" at +30 min, the no-show at +60 min; a call task when a pending booking is still unconfirmed 2
store-hours after it was made; the follow-up 2 days after completion (in the store's daytime), a second one
2 days later when the customer has not answered, then a call task; after a resolved complaint, the customer
asked again on the sixth day (docs/product-rules.md#complaints).

Pure: the booking's own history says what is done, so the next step can always be derived again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..booking.booking import Booking, first_event_at
from ..booking.complaints import RECHECK_EVENT, recheck_pending
from ..booking.extra_items import ESCALATED_EVENT, escalated_ids, escalation_due
from ..booking.late_arrival import lateness_times
from ..booking.lifecycle import Status
from ..booking.parts import CHECK_EVENT, READINESS_BEFORE, READINESS_STEP, READY_EVENT
from ..booking.promise import IN_PROGRESS, PICKUP_EVENT, pickup_due
from ..messaging.contact_hours import on_calendar
from ..tenancy.store import Store
from ..tenancy.store_hours import add_store_hours
from . import contact

ACK_WINDOW = timedelta(hours=2)
LATE_AFTER = timedelta(minutes=30)
NO_SHOW_AFTER = timedelta(minutes=60)
FOLLOW_UP_AFTER = timedelta(days=2)  # after completion; and again after each unanswered follow-up
RECHECK_AFTER = timedelta(days=6)  # after a complaint's resolution, a moment of that day's window: within a week
CONFIRMATION_SLA = timedelta(hours=2)  # of store hours, from booking to the customer hearing time and price
# a booking still pending this many store-minutes before its confirmation deadline: staff are told (the step's
# event; domain/floor/change_notices.py says whom)
SLA_WARNING, SLA_WARNING_BEFORE = "sla_warning", timedelta(minutes=30)
ERASED_EVENT = "erased"  # the customer erased their data: nothing more is scheduled (domain/people/erasure.py)

# which check runs which step
CHECK_OF = {"reminder": "reminders", "ack_check": "reminders", "release": "lateness", "late": "lateness",
            "no_show": "lateness", "follow_up": "follow_up", "sla": "reminders", "follow_up_again": "follow_up",
            "follow_up_call": "follow_up", RECHECK_EVENT: "follow_up", READINESS_STEP: "reminders",
            SLA_WARNING: "reminders", PICKUP_EVENT: "reminders", ESCALATED_EVENT: "reminders"}
FOLLOW_UPS = ("follow_up", "follow_up_again", "follow_up_call")


@dataclass(frozen=True)
class Step:
    action: str  # reminder_1440, ack_check, sla, release, late, no_show, follow_up, follow_up_again, follow_up_call
    at: datetime

    @property
    def check(self) -> str:
        return CHECK_OF[self.action.split("_")[0] if self.action.startswith("reminder_") else self.action]

    @property
    def variant(self) -> str:
        """reminder_1440 -> "24h"."""
        minutes = int(self.action.split("_")[1])
        return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


def done(booking: Booking) -> set[str]:
    """Steps done for the booking's current time: a reschedule starts its agenda again."""
    kinds = [e.kind for e in booking.events]
    last_move = max((i for i, k in enumerate(kinds) if k == "rescheduled"), default=-1)
    return set(kinds[last_move + 1:])


def _since(booking: Booking) -> datetime:
    """When the booking got its current time: made, or last moved."""
    booked = first_event_at(booking, "booked") or booking.start
    assert booked is not None
    return max([e.at for e in booking.events if e.kind == "rescheduled"], default=booked)


def reminder_plan(booking: Booking, store: Store) -> list[contact.Send]:
    """When the booking's reminders go (contact hours applied, docs/product-rules.md#contact-hours); a reminder
    is due only if there was time for it when the booking was made (or moved)."""
    if booking.start is None:
        return []
    wanted = [(f"reminder_{offset}", booking.start - timedelta(minutes=offset)) for offset in store.reminder_offsets_minutes]
    window = on_calendar(booking.contact_window, store)
    return contact.plan(wanted, booking.start, _since(booking), store.quiet_hours, window, store.tz)


def superseded(booking: Booking, store: Store, name: str, now: datetime) -> bool:
    """Whether the reminder `name`, let go late (after waiting for contact hours), is no use beside a later one:
    a later reminder of the plan has gone already or is due too, and only the latest goes
    (docs/product-rules.md#reminders)."""
    plan = reminder_plan(booking, store)
    mine = next((i for i, send in enumerate(plan) if name in send.names), None)
    if mine is None:
        return False
    finished = done(booking)
    return any(send.at <= now or any(n in finished for n in send.names) for send in plan[mine + 1:])


def reminder_steps(booking: Booking, store: Store, finished: set[str]) -> list[Step]:
    """One step per reminder message still to send: named after its first reminder not yet done."""
    steps = []
    for send in reminder_plan(booking, store):
        left = [name for name in send.names if name not in finished]
        if left:
            steps.append(Step(left[0], send.at))
    return steps


def next_step(booking: Booking, store: Store) -> Step | None:
    """The earliest step not yet done, or None when nothing more is scheduled."""
    finished = done(booking)
    if booking.start is None or ERASED_EVENT in finished:
        return None
    if booking.status is Status.COMPLETED:
        return _follow_up(booking, store)
    if booking.status in IN_PROGRESS:
        return _job_step(booking, store)
    if booking.status not in (Status.PENDING, Status.CONFIRMED):
        return None
    steps = reminder_steps(booking, store, finished)
    since = _since(booking)
    first_reminder = min((e.at for e in booking.events if e.kind.startswith("reminder_") and e.at >= since), default=None)
    if first_reminder and booking.acknowledged_at is None and "ack_check" not in finished:
        steps.append(Step("ack_check", min(first_reminder + ACK_WINDOW, booking.start - timedelta(hours=1))))
    steps += _confirmation_steps(booking, store)
    for name, at in lateness_times(booking, timedelta(minutes=store.grace_minutes), LATE_AFTER, NO_SHOW_AFTER).items():
        if name not in finished:
            steps.append(Step(name, at))
    if CHECK_EVENT in finished and not {READY_EVENT, READINESS_STEP} & finished:  # parts checked, not yet confirmed
        steps.append(Step(READINESS_STEP, booking.start - READINESS_BEFORE))
    return min(steps, key=lambda s: (s.at, s.action)) if steps else None


def _confirmation_steps(booking: Booking, store: Store) -> list[Step]:
    """A pending booking's 2-hour confirmation: the warning 30 store-minutes before, and the miss."""
    sla = sla_deadline(booking, store)
    if sla is None or booking.status is not Status.PENDING or first_event_at(booking, "sla") is not None:
        return []
    steps = [Step("sla", sla)]
    if first_event_at(booking, SLA_WARNING) is None:
        steps.append(Step(SLA_WARNING, sla_warning_at(booking, store) or sla))
    return steps


def _job_step(booking: Booking, store: Store) -> Step | None:
    """A job under way: the pick-up notice ahead of the promised time (#promised-time), and the call about extra
    work left unanswered (#extra-work), whichever comes first."""
    steps = []
    pickup = pickup_due(booking.status, booking.events, store.tz)
    if pickup is not None:
        steps.append(Step(PICKUP_EVENT, pickup))
    covered = escalated_ids([e.note for e in booking.events if e.kind == ESCALATED_EVENT])
    call = escalation_due(booking.extra_work, covered)
    if call is not None:
        steps.append(Step(ESCALATED_EVENT, call))
    return min(steps, key=lambda s: (s.at, s.action)) if steps else None


def sla_start(booking: Booking) -> datetime | None:
    """When the 2 store-hours to confirm a booking begin: when it was made; for a booking waiting for parts,
    when the parts arrived (no time can be agreed before), so None while they have not. Walk-ins have no SLA."""
    booked = first_event_at(booking, "booked")
    if booked is None or booking.source == "walk_in":
        return None
    if booking.parts_status is not None:
        return first_event_at(booking, "parts_arrived")
    return booked


def sla_deadline(booking: Booking, store: Store | None) -> datetime | None:
    """When a booking must have been confirmed: 2 store-hours after its clock started (plain hours without the
    store); None when it has no SLA, or not yet."""
    began = sla_start(booking)
    if began is None:
        return None
    return add_store_hours(store, began, CONFIRMATION_SLA) if store is not None else began + CONFIRMATION_SLA


def sla_warning_at(booking: Booking, store: Store | None) -> datetime | None:
    """When staff are told that a pending booking is about to miss its confirmation: SLA_WARNING_BEFORE of store
    time before the deadline (docs/product-rules.md#confirmation-sla)."""
    began = sla_start(booking)
    if began is None:
        return None
    span = CONFIRMATION_SLA - SLA_WARNING_BEFORE
    return add_store_hours(store, began, span) if store is not None else began + span


def _follow_up(booking: Booking, store: Store) -> Step | None:
    """The follow-up 2 days after completion; unanswered, a second one 2 days later; then a call task."""
    previous = first_event_at(booking, "completed")
    if previous is None:
        return None
    if any(e.kind == "feedback" for e in booking.events):
        return _recheck(booking, store)
    for action in FOLLOW_UPS:
        done_at = first_event_at(booking, action)
        if done_at is None:
            day = (previous.astimezone(store.tz) + FOLLOW_UP_AFTER).date()
            key = booking.booking_id if action == "follow_up" else f"{booking.booking_id}#{action}"
            return Step(action, contact.spread(day, key, store.tz))
        previous = done_at
    return None


def _recheck(booking: Booking, store: Store) -> Step | None:
    """A resolved complaint's customer is asked again six days on, at a moment of the contact window."""
    resolved = recheck_pending(booking)
    if resolved is None:
        return None
    day = (resolved.astimezone(store.tz) + RECHECK_AFTER).date()
    return Step(RECHECK_EVENT, contact.spread(day, f"{booking.booking_id}#{RECHECK_EVENT}#{resolved.isoformat()}", store.tz))
