"""The parts desk's two checks of a booking (docs/product-rules.md#workshop-and-parts): the parts check the day
before (`ready` or `short`, a short one with a note and the date the parts are expected) and the readiness
confirmed on the booking's day, by T-1h (the agenda's readiness step opens the parts desk's task then). Both are
events of the booking's history, of its current time (a move starts them again); a `short` check opens the
advisors' call to move the visit."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from ..booking.booking import Booking, Event
from ..booking.change import BookingChange, decide
from ..booking.lifecycle import Status
from ..booking.parts import CHECK_EVENT, READINESS_BEFORE, READINESS_STEP, READY_EVENT
from ..errors import Conflict, ValidationError
from ..tenancy.store import Store
from .task_rules import booking_task
from .tasks import CallTask

SHORT_TASK = "parts_short"  # the advisors' call: the customer's parts are short, agree another time
STATES = ("ready", "short")
CHECK_DAYS_AHEAD = 1  # the check is made from the day before the booking's day
MAX_NOTE = 200


@dataclass(frozen=True)
class PartsCheck:
    state: str  # ready | short
    at: datetime
    by: str
    expected: date | None = None
    note: str | None = None

    def event_note(self) -> str:
        if self.state == "ready":
            return self.state
        return f"short {self.expected.isoformat() if self.expected else '-'} {self.note or ''}"

    def to_json(self) -> dict[str, object]:
        return {"state": self.state, "note": self.note, "expected": self.expected.isoformat() if self.expected else None,
                "at": self.at.isoformat(), "by": self.by}


@dataclass(frozen=True)
class Readiness:
    state: str  # not_yet (before the booking's day) | waiting (on it) | overdue (from T-1h) | confirmed
    at: datetime | None = None
    by: str | None = None
    due: datetime | None = None  # T-1h

    def to_json(self) -> dict[str, object]:
        return {"state": self.state, "at": self.at.isoformat() if self.at else None, "by": self.by,
                "due": self.due.isoformat() if self.due else None}


def _current(booking: Booking) -> tuple[Event, ...]:
    """The events since the booking got its current time (a move starts the checks again)."""
    moves = [i for i, e in enumerate(booking.events) if e.kind == "rescheduled"]
    return booking.events[moves[-1] + 1:] if moves else booking.events


def _parsed(event: Event) -> PartsCheck:
    state, _, rest = (event.note or "ready").partition(" ")
    if state != "short":
        return PartsCheck("ready", event.at, event.by)
    expected, _, note = rest.partition(" ")
    return PartsCheck("short", event.at, event.by, date.fromisoformat(expected) if expected not in ("", "-") else None,
                      note or None)


def last_check(booking: Booking) -> PartsCheck | None:
    found = [e for e in _current(booking) if e.kind == CHECK_EVENT]
    return _parsed(found[-1]) if found else None


def _on_the_day(booking: Booking, store: Store, now: datetime) -> bool:
    assert booking.start is not None
    return now.astimezone(store.tz).date() >= booking.start.astimezone(store.tz).date()


def readiness(booking: Booking, now: datetime, store: Store) -> Readiness:
    confirmed = [e for e in _current(booking) if e.kind == READY_EVENT]
    if confirmed:
        return Readiness("confirmed", confirmed[-1].at, confirmed[-1].by)
    if booking.start is None:
        return Readiness("not_yet")
    due = booking.start - READINESS_BEFORE
    if now >= due:
        return Readiness("overdue", due=due)
    return Readiness("waiting" if _on_the_day(booking, store, now) else "not_yet", due=due)


def states_json(booking: Booking, now: datetime, store: Store) -> dict[str, object]:
    """What the day plan and the workshop view show of the two checks, and the parts desk's open task about the
    readiness (opened at T-1h when the parts were checked and are not confirmed)."""
    check = last_check(booking)
    task = next((task_id for kind, task_id in booking.open_tasks if kind == READINESS_STEP), None)
    return {"parts_check": check.to_json() if check else None,
            "parts_ready": {**readiness(booking, now, store).to_json(), "task_id": task}}


def _expected_still(booking: Booking) -> datetime:
    if booking.status not in (Status.PENDING, Status.CONFIRMED) or booking.start is None:
        raise Conflict("only a booking still expected can have its parts checked", field="status",
                       code="parts_check_closed")
    return booking.start


def may_check(booking: Booking, store: Store, now: datetime) -> None:
    """From the day before the booking's day (the store's) until its start."""
    start = _expected_still(booking)
    if now >= start:
        raise Conflict("the booking's time has come: confirm its parts instead", field="status",
                       code="parts_check_closed")
    if (start.astimezone(store.tz).date() - now.astimezone(store.tz).date()).days > CHECK_DAYS_AHEAD:
        raise Conflict("parts are checked from the day before the booking", field="booking_id",
                       code="parts_check_too_early")


def checked(state: str, note: str | None, expected: date | None, today: date) -> tuple[str | None, date | None]:
    """The check as asked, or a refusal: a short one needs a note and a date not in the past."""
    if state not in STATES:
        raise ValidationError("state must be ready or short", field="state")
    if state == "ready":
        return None, None
    if not note or not note.strip():
        raise ValidationError("say which parts are short", field="note", code="parts_note_required")
    if expected is None:
        raise ValidationError("give the date the parts are expected", field="expected", code="parts_date_required")
    if expected < today:
        raise ValidationError("the date the parts are expected must not be in the past", field="expected")
    return note.strip()[:MAX_NOTE], expected


def check(booking: Booking, store: Store, now: datetime, by: str, state: str, note: str | None,
          expected: date | None) -> BookingChange:
    may_check(booking, store, now)
    note, expected = checked(state, note, expected, now.astimezone(store.tz).date())
    found = PartsCheck(state, now, by, expected, note)
    after = replace(booking, events=booking.events + (Event(at=now, kind=CHECK_EVENT, by=by, note=found.event_note()),))
    tasks: tuple[CallTask, ...] = ()
    if state == "short" and not any(kind == SHORT_TASK for kind, _ in booking.open_tasks):
        occasion = booking.start.isoformat() if booking.start else ""
        tasks = (booking_task(booking, store, SHORT_TASK, now, occurrence=f"{occasion}|{now.isoformat()}",
                              note=f"{note}（{expected.isoformat() if expected else ''}）"),)
    return decide(booking, after, store, now, open_tasks=tasks)


def confirm_ready(booking: Booking, store: Store, now: datetime, by: str) -> BookingChange:
    """On the booking's day (by T-1h) until the customer arrives; not while the latest check says short."""
    _expected_still(booking)
    if not _on_the_day(booking, store, now):
        raise Conflict("the parts are confirmed on the booking's day", field="booking_id",
                       code="parts_ready_too_early")
    last = last_check(booking)
    if last is not None and last.state == "short":
        raise Conflict("the parts were found short: check them again first", field="state", code="parts_short")
    if readiness(booking, now, store).state == "confirmed":
        raise Conflict("the parts are confirmed already", field="booking_id", code="parts_ready_already")
    after = replace(booking, events=booking.events + (Event(at=now, kind=READY_EVENT, by=by),))
    return decide(booking, after, store, now)

