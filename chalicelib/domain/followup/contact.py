"""When customer messages may go. Invitations: spread over the contact window instead of one instant, so a chain's follow-ups
and lapse or maintenance invitations of a day do not all fall due (and hit WeChat, the index and the
workers) at 10:00. Each customer's moment is fixed by a hash of its key, so re-deriving it gives the same.
Reminders: never inside the store's quiet hours or outside the customer's preferred window (`plan`)."""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Store-local; inside the demo quiet hours' complement (08:30-21:00) and office hours for any call task.
WINDOW = (time(10, 0), time(18, 0))


def spread(day: date, key: str, tz: ZoneInfo) -> datetime:
    """A moment on `day` inside the window, the same for the same key (to the minute)."""
    first = datetime.combine(day, WINDOW[0], tzinfo=tz)
    minutes = (datetime.combine(day, WINDOW[1]) - datetime.combine(day, WINDOW[0])) // timedelta(minutes=1)
    return first + timedelta(minutes=zlib.crc32(key.encode()) % minutes)


# --- contact hours (docs/product-rules.md#contact-hours) ---------------------------------------------------
# A window is (first, second) store-local, wrapping midnight when second <= first: 21:00-08:30 is the night.
Window = tuple[time, time]
_MINUTE = timedelta(minutes=1)


def in_window(moment: time, window: Window) -> bool:
    first, second = window
    if first < second:
        return first <= moment < second
    return moment >= first or moment < second


def allowed(at: datetime, quiet: Window | None, preferred: Window | None, tz: ZoneInfo) -> bool:
    """Whether a customer message may go at `at`: outside the store's quiet hours, inside the customer's window."""
    local = at.astimezone(tz).time().replace(tzinfo=None)
    return not (quiet and in_window(local, quiet)) and (preferred is None or in_window(local, preferred))


def last_allowed(at: datetime, quiet: Window | None, preferred: Window | None, tz: ZoneInfo) -> datetime | None:
    """`at` itself when allowed, else the last allowed minute before the closed stretch that holds it (the
    evening before a night-time moment); None when no moment of the last three days is allowed."""
    if allowed(at, quiet, preferred, tz):
        return at
    local = at.astimezone(tz)
    # a closed stretch begins where the quiet hours start or the customer's window ends
    starts = [w[0] for w in (quiet,) if w] + [w[1] for w in (preferred,) if w]
    candidates = [
        datetime.combine(local.date() - timedelta(days=back), start, tzinfo=tz)
        for back in range(3) for start in starts
    ]
    found = [c for c in candidates if c <= local and allowed(c - _MINUTE, quiet, preferred, tz)]
    return max(found) - _MINUTE if found else None


def usable(quiet: Window | None, preferred: Window | None, tz: ZoneInfo) -> Window | None:
    """The customer's window, unless it leaves no moment outside the quiet hours (then the quiet hours alone)."""
    if preferred is None or quiet is None:
        return preferred
    probe = datetime(2026, 1, 1, tzinfo=tz)
    if any(allowed(probe + timedelta(minutes=m), quiet, preferred, tz) for m in range(0, 24 * 60, 15)):
        return preferred
    return None


@dataclass(frozen=True)
class Send:
    """One reminder message: when it goes, and the reminders (by name, earliest first) it stands for."""

    at: datetime
    names: tuple[str, ...]
    moved: bool = False


def plan(reminders: list[tuple[str, datetime]], start: datetime, booked: datetime,
         quiet: Window | None, preferred: Window | None, tz: ZoneInfo) -> list[Send]:
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


def window_text(window: Window | None) -> str | None:
    """How a window is stored: "21:00-08:30"; None for none."""
    return f"{window[0]:%H:%M}-{window[1]:%H:%M}" if window else None


def window_from(value: str | None) -> Window | None:
    if not value:
        return None
    first, second = value.split("-")
    return time.fromisoformat(first), time.fromisoformat(second)
