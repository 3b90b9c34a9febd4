"""The invariant auditor's rule: a store-day's counters recomputed from its bookings.

A slot counter counts the bookings holding a place in that slot, a labour-hours counter the hours of the
day's bookings in that category, a segment counter the bookings holding a place in that plan segment
(change.holds_place / holds_hours / holds_segment: the same definitions every BookingChange moves the
counters by); the store-day's day summary (first-available's copy of the counters, decision 0023) is held to
the bookings the same way. Drift is any difference; an overbooked slot holds more bookings than places, a
segment over its quota more bookings than the store's plan lets it take. A booking whose deposit books do not
hold (deposit_books.py) is drift too.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from ..booking.booking import Booking
from ..booking.capacity import HOURS_PREFIX, DayLoad
from ..booking.change import holds_hours, holds_place, holds_segment
from ..tenancy.plan import SEGMENT_PREFIX
from .deposit_books import deposit_drift


@dataclass(frozen=True)
class DayDrift:
    store_id: str
    day: date
    slots: dict[str, tuple[float, float]] = field(default_factory=dict)  # slot -> (counter, recomputed)
    hours: dict[str, tuple[float, float]] = field(default_factory=dict)  # category -> (counter, recomputed)
    overbooked: dict[str, tuple[int, int]] = field(default_factory=dict)  # slot -> (bookings, capacity)
    segments: dict[str, tuple[float, float]] = field(default_factory=dict)  # segment id -> (counter, recomputed)
    over_quota: dict[str, tuple[int, int]] = field(default_factory=dict)  # segment id -> (bookings, quota)
    summary: dict[str, tuple[float, float]] = field(default_factory=dict)  # counter -> (day summary, recomputed)
    deposits: dict[str, list[str]] = field(default_factory=dict)  # booking id -> what its deposit books break

    @property
    def total(self) -> int:
        """How many counters disagree with the bookings, plus overbooked slots and segments over their quota:
        0 when all is well."""
        return (len(self.slots) + len(self.hours) + len(self.overbooked) + len(self.segments) + len(self.over_quota)
                + len(self.summary) + len(self.deposits))

    def to_json(self) -> dict[str, object]:
        return {"store_id": self.store_id, "date": self.day.isoformat(), "drift": self.total,
                "slots": {k: list(v) for k, v in self.slots.items()}, "hours": {k: list(v) for k, v in self.hours.items()},
                "overbooked": {k: list(v) for k, v in self.overbooked.items()},
                "segments": {k: list(v) for k, v in self.segments.items()},
                "over_quota": {k: list(v) for k, v in self.over_quota.items()},
                "summary": {k: list(v) for k, v in self.summary.items()},
                "deposits": dict(self.deposits)}


def recount(bookings: Iterable[Booking], day: date) -> DayLoad:
    """The counters a store-day should have, from its bookings."""
    places: Counter[str] = Counter()
    hours: defaultdict[str, float] = defaultdict(float)
    segments: Counter[str] = Counter()
    for b in bookings:
        place, drawn, segment = holds_place(b), holds_hours(b), holds_segment(b)
        if place and place[0] == day:
            places[place[1]] += 1
        if drawn and drawn[0] == day:
            hours[drawn[1]] += drawn[2]
        if segment and segment[0] == day:
            segments[segment[1].removeprefix(SEGMENT_PREFIX)] += 1
    return DayLoad(dict(places), dict(hours), dict(segments))


def _differences(counted: Mapping[str, float], actual: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    return {key: (counted.get(key, 0), actual.get(key, 0)) for key in sorted(counted.keys() | actual.keys())
            if abs(counted.get(key, 0) - actual.get(key, 0)) > 1e-9}


def _floats(counts: Mapping[str, int]) -> dict[str, float]:
    return {k: float(v) for k, v in counts.items()}


def _as_counters(load: DayLoad) -> dict[str, float]:
    """A DayLoad by counter name again ("HH:MM", "DAY#<category>", "SEG#<segment id>")."""
    return {**_floats(load.taken), **{HOURS_PREFIX + k: v for k, v in load.hours.items()},
            **{SEGMENT_PREFIX + k: float(v) for k, v in load.segments.items()}}


def day_drift(store_id: str, day: date, counters: DayLoad, bookings: Iterable[Booking], capacity: int,
              quotas: Mapping[str, int] | None = None, summary: DayLoad | None = None) -> DayDrift:
    """`quotas`: the plan's segment quotas by segment id (a segment without one is left out); `summary`: the
    store-day's summary (first-available's copy of the counters), held to the bookings as the counters are."""
    bookings = list(bookings)
    expected = recount(bookings, day)
    quotas = quotas or {}
    return DayDrift(
        store_id, day,
        slots=_differences(_floats(counters.taken), _floats(expected.taken)),
        hours=_differences(counters.hours, expected.hours),
        overbooked={slot: (n, capacity) for slot, n in sorted(expected.taken.items()) if n > capacity},
        segments=_differences(_floats(counters.segments), _floats(expected.segments)),
        over_quota={seg: (n, quotas[seg]) for seg, n in sorted(expected.segments.items()) if seg in quotas and n > quotas[seg]},
        summary=_differences(_as_counters(summary), _as_counters(expected)) if summary is not None else {},
        deposits=deposit_drift(bookings),
    )
