"""The hand-back time promised at check-in (暂定交车时间), as the booking's own history says it
(docs/product-rules.md#promised-time): the first promise, each delay with its reason, and the pick-up notices
given. Pure and read-only: progress.py decides the changes that add these events."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from .lifecycle import Status

PROMISED_EVENT = "promised"  # at check-in; note: "<iso time> given|computed"
CHECKED_EVENT = "progress_checked"  # the 70–80 % check; note: what the workshop said
DELAYED_EVENT = "delayed"  # note: "<iso new time> <reason>"
MOVED_EVENT = "promise_moved"  # approved extra work moves the time; note: "<iso new time> <item id>"
PICKUP_EVENT = "pickup_notice"  # the notice ahead of the promised time; note starts with the time it was for

IN_PROGRESS = frozenset({Status.ARRIVED, Status.IN_SERVICE})  # a job under way: checked in, not ready
CHECK_SHARE = (0.7, 0.8)  # the progress check falls between these shares of the promised span
PICKUP_LEAD = timedelta(hours=1)  # a job handed back the day it came in
LONG_PICKUP_LEAD = timedelta(hours=4)  # a job that spans two days or more (工期两天以上)
LONG_JOB_DAYS = 1  # the promised day is at least this many days after the check-in day


class _Event(Protocol):  # the shape read here (booking.Event), without importing it back
    @property
    def at(self) -> datetime: ...
    @property
    def kind(self) -> str: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class Promise:
    at: datetime  # the time promised now
    first: datetime  # the time promised at check-in
    since: datetime  # when the job was checked in (the first promise)
    set_at: datetime  # when the current time was promised (check-in, or the last delay)
    delays: int
    reason: str | None  # the last delay's reason

    def is_long(self, tz: ZoneInfo) -> bool:
        """A job that spans two days or more: its customer hears 4 hours ahead, else 1 hour."""
        return (self.at.astimezone(tz).date() - self.since.astimezone(tz).date()).days >= LONG_JOB_DAYS

    def pickup_at(self, tz: ZoneInfo) -> datetime:
        return self.at - (LONG_PICKUP_LEAD if self.is_long(tz) else PICKUP_LEAD)

    def check_window(self) -> tuple[datetime, datetime]:
        """When the 70–80 % progress check falls, of the span from check-in to the time promised now."""
        span = self.at - self.since
        return self.since + span * CHECK_SHARE[0], self.since + span * CHECK_SHARE[1]

    def to_json(self, checked_at: datetime | None = None) -> dict[str, object]:
        start, end = self.check_window()
        return {"at": self.at.isoformat(), "first": self.first.isoformat(), "delays": self.delays,
                "reason": self.reason, "check_from": start.isoformat(), "check_by": end.isoformat(),
                "checked_at": checked_at.isoformat() if checked_at else None}


def _when(note: str | None) -> tuple[datetime, str]:
    when, _, rest = (note or "").partition(" ")
    return datetime.fromisoformat(when), rest


def promise_of(events: Sequence[_Event]) -> Promise | None:
    """The promise the history holds, or None before check-in (or for a booking checked in before promises)."""
    found: Promise | None = None
    for e in events:
        if e.kind == PROMISED_EVENT and e.note:
            at, _ = _when(e.note)
            found = Promise(at=at, first=at, since=e.at, set_at=e.at, delays=0, reason=None)
        elif e.kind == DELAYED_EVENT and e.note and found is not None:
            at, reason = _when(e.note)
            found = Promise(at=at, first=found.first, since=found.since, set_at=e.at, delays=found.delays + 1,
                            reason=reason or None)
        elif e.kind == MOVED_EVENT and e.note and found is not None:  # agreed with the extra work: no delay
            at, _ = _when(e.note)
            found = Promise(at=at, first=found.first, since=found.since, set_at=e.at, delays=found.delays,
                            reason=found.reason)
    return found


def last_check(events: Sequence[_Event]) -> datetime | None:
    return max((e.at for e in events if e.kind == CHECKED_EVENT), default=None)


def pickup_told(events: Sequence[_Event], promised: datetime) -> bool:
    """Whether the pick-up notice for this promised time was given (or skipped, which also settles it)."""
    mark = promised.isoformat()
    return any(e.kind == PICKUP_EVENT and (e.note or "").startswith(mark) for e in events)


def pickup_due(status: Status, events: Sequence[_Event], tz: ZoneInfo) -> datetime | None:
    """When the pick-up notice for the current promise is due: 1 hour ahead (4 hours for a job spanning two days
    or more); None once given, when there was no time for it when the time was promised, or when no job is
    under way."""
    found = promise_of(events)
    if status not in IN_PROGRESS or found is None or pickup_told(events, found.at):
        return None
    at = found.pickup_at(tz)
    return at if at > found.set_at else None
