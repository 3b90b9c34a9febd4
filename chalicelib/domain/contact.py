"""When invitations go out: spread over the contact window instead of one instant, so a chain's follow-ups
and lapse or maintenance invitations of a day do not all fall due (and hit WeChat, the index and the
workers) at 10:00. Each customer's moment is fixed by a hash of its key, so re-deriving it gives the same."""
from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Store-local; inside the demo quiet hours' complement (08:30-21:00) and office hours for any call task.
WINDOW = (time(10, 0), time(18, 0))


def spread(day: date, key: str, tz: ZoneInfo) -> datetime:
    """A moment on `day` inside the window, the same for the same key (to the minute)."""
    first = datetime.combine(day, WINDOW[0], tzinfo=tz)
    minutes = (datetime.combine(day, WINDOW[1]) - datetime.combine(day, WINDOW[0])) // timedelta(minutes=1)
    return first + timedelta(minutes=zlib.crc32(key.encode()) % minutes)
