"""When customer messages may go. Invitations: spread over the contact window instead of one instant, so a chain's follow-ups
and lapse or maintenance invitations of a day do not all fall due (and hit WeChat, the index and the
workers) at 10:00. Each customer's moment is fixed by a hash of its key, so re-deriving it gives the same.
Reminders: never inside the store's quiet hours or outside the customer's preferred window (`plan`); the
rule holds again when the message goes (domain/messaging/contact_hours.py)."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..contact_preference import Preferred
from ..messaging.contact_hours import Window as Window
from ..messaging.contact_hours import allowed as allowed
from ..messaging.contact_hours import days_around, edges
from ..messaging.contact_hours import usable as usable
from ..messaging.contact_hours import window_from as window_from
from ..messaging.contact_hours import window_text as window_text

# Store-local; inside the demo quiet hours' complement (08:30-21:00) and office hours for any call task.
WINDOW = (time(10, 0), time(18, 0))


def spread(day: date, key: str, tz: ZoneInfo) -> datetime:
    """A moment on `day` inside the window, the same for the same key (to the minute)."""
    first = datetime.combine(day, WINDOW[0], tzinfo=tz)
    minutes = (datetime.combine(day, WINDOW[1]) - datetime.combine(day, WINDOW[0])) // timedelta(minutes=1)
    return first + timedelta(minutes=zlib.crc32(key.encode()) % minutes)


# --- contact hours (docs/product-rules.md#contact-hours) ---------------------------------------------------
# The windows and whether a moment is allowed live with the messages (domain/messaging/contact_hours.py:
# they hold again when a message goes); here, where a booking's reminders are planned.
_MINUTE = timedelta(minutes=1)


def last_allowed(at: datetime, quiet: Window | None, preferred: Preferred | None, tz: ZoneInfo) -> datetime | None:
    """`at` itself when allowed, else the last allowed minute before the closed stretch that holds it (the
    evening before a night-time moment, the last rest day before a working day for a rest-days customer);
    None when no moment of the last week is allowed."""
    if allowed(at, quiet, preferred, tz):
        return at
    local = at.astimezone(tz)
    # a closed stretch begins at one of the edges (the quiet hours' start, the customer's hours' end, a rush
    # hour's start, midnight before a day that does not suit them)
    candidates = [
        datetime.combine(local.date() - timedelta(days=back), start, tzinfo=tz)
        for back in range(days_around(preferred) - 1) for start in edges(quiet, preferred)
    ]
    found = [c for c in candidates if c <= local and allowed(c - _MINUTE, quiet, preferred, tz)]
    return max(found) - _MINUTE if found else None


@dataclass(frozen=True)
class Send:
    """One reminder message: when it goes, and the reminders (by name, earliest first) it stands for."""

    at: datetime
    names: tuple[str, ...]
    moved: bool = False


def plan(reminders: list[tuple[str, datetime]], start: datetime, booked: datetime,
         quiet: Window | None, preferred: Preferred | None, tz: ZoneInfo) -> list[Send]:
    """When a booking's reminders go: a reminder inside the closed hours moves to the last allowed moment
    before they began, and reminders moved into the same moment become one message. Nothing goes at or after
    the start, and nothing before the booking was made (or moved)."""
    window = usable(quiet, preferred, tz)
    groups: dict[datetime, list[tuple[str, datetime]]] = {}
    for name, at in sorted(reminders, key=lambda r: r[1]):
        when = last_allowed(at, quiet, window, tz)
        if when is None or when >= start or when < booked:
            continue
        groups.setdefault(when, []).append((name, at))
    return [Send(when, tuple(n for n, _ in members), moved=any(at != when for _, at in members))
            for when, members in sorted(groups.items())]


def parse_window(raw: object, field: str) -> Window | None:
    """["21:00", "08:30"] -> a window; None for null; ValueError naming what is wrong otherwise."""
    if raw is None:
        return None
    if not isinstance(raw, list | tuple) or len(raw) != 2 or not all(isinstance(v, str) for v in raw):
        raise ValueError(f'{field} looks like ["21:00", "08:30"]')
    try:
        first, second = (time.fromisoformat(v) for v in raw)
    except ValueError:
        raise ValueError(f'{field} looks like ["21:00", "08:30"]') from None
    if first == second:
        raise ValueError(f"{field} must not start and end at the same time")
    return first, second
