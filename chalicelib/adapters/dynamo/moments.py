"""An event's moment as the booking item holds it (decision 0070): "<UTC epoch seconds>[.<microseconds>]<±HHMM>",
15 characters for a whole second where ISO 8601 takes 25. Each event of a booking's history carries one, and every
byte of the item is billed on each of its writes and index copies. The offset is kept, so the moment reads back
as it was written; ISO (as items from before hold it) reads too."""
from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone


def moment_text(at: datetime) -> str:
    """The compact form; ISO for a moment it cannot hold exactly (no offset, an offset of seconds, before 1970)."""
    offset = at.utcoffset()
    seconds = calendar.timegm(at.utctimetuple())
    if offset is None or offset % timedelta(minutes=1) or seconds < 0:
        return at.isoformat()
    micro = f".{at.microsecond:06d}" if at.microsecond else ""
    return f"{seconds}{micro}{at.strftime('%z')}"


def moment_from(text: str) -> datetime:
    if text[4:5] == "-":  # ISO 8601: 2026-11-23T08:00:00+08:00
        return datetime.fromisoformat(text)
    cut = max(text.rfind("+"), text.rfind("-"))
    number, offset = text[:cut], text[cut:]
    seconds, _, micro = number.partition(".")
    sign = -1 if offset[0] == "-" else 1
    zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    return datetime.fromtimestamp(int(seconds), zone).replace(microsecond=int(micro or 0))
