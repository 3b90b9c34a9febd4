"""Clocks that run only while a store is open (docs/product-rules.md#store-hours): the confirmation SLA's two
hours and an unhandled complaint's 24 hours count opening hours only, never nights, closed weekdays, public
holidays or the store's closed dates (the calendar's rules, make-up workdays included)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .calendar import hours_on
from .store import Store

MAX_DAYS = 60  # a store closed for longer than this (or never open) counts wall-clock time instead


def _open_span(store: Store, day_start: datetime) -> tuple[datetime, datetime] | None:
    hours = hours_on(store, day_start.date())
    if hours is None:
        return None
    tz = store.tz
    return datetime.combine(day_start.date(), hours.opens, tzinfo=tz), datetime.combine(day_start.date(), hours.closes, tzinfo=tz)


def add_store_hours(store: Store, start: datetime, span: timedelta) -> datetime:
    """The moment `span` of opening time has passed since `start`: a clock started while the store is closed
    begins at the next opening; one that reaches closing time carries on at the next opening. A store not open
    at all in the next 60 days counts wall-clock time."""
    left = span
    local = start.astimezone(store.tz)
    day = local
    for _ in range(MAX_DAYS):
        window = _open_span(store, day)
        if window is not None:
            begin = max(window[0], local)
            if begin < window[1]:
                if begin + left <= window[1]:
                    return begin + left
                left -= window[1] - begin
        day = datetime.combine(day.date() + timedelta(days=1), datetime.min.time(), tzinfo=store.tz)
        local = day
    return start + span


def store_hours_between(store: Store, start: datetime, end: datetime) -> timedelta:
    """Opening time from `start` to `end` (zero when end is not after start)."""
    total = timedelta()
    local, stop = start.astimezone(store.tz), end.astimezone(store.tz)
    day = local
    while day.date() <= stop.date():
        window = _open_span(store, day)
        if window is not None:
            begin, finish = max(window[0], local), min(window[1], stop)
            if finish > begin:
                total += finish - begin
        day = datetime.combine(day.date() + timedelta(days=1), datetime.min.time(), tzinfo=store.tz)
    return total
