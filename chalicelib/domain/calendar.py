"""When a store is open: weekday hours, public holidays and 调休 make-up workdays, store overrides, slot grid.

Chinese holidays come from `chinesecalendar`. It only knows years the State Council has published; for
later years we fall back to the statutory days whose dates are known in advance, so that bookings far
ahead are never offered on New Year, Spring Festival, Labour Day or National Day.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar

from .errors import ValidationError
from .store import WEEKDAYS, OpeningHours, Store

log = logging.getLogger(__name__)

# 春节 (lunar new year's day) for years past the library's data; the statutory holiday is the eve and three days.
_SPRING_FESTIVAL = {
    2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
    2031: date(2031, 1, 23), 2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}
_FIXED_STATUTORY = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


@dataclass(frozen=True)
class DayKind:
    """What the calendar says of a date: a public holiday, a make-up workday, or neither."""

    public_holiday: str | None = None
    makeup_workday: str | None = None


def classify(day: date) -> DayKind:
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return _fallback(day)
    if on_holiday and name:
        return DayKind(public_holiday=name)
    if not on_holiday and name and day.weekday() >= 5:
        return DayKind(makeup_workday=name)
    return DayKind()


def _fallback(day: date) -> DayKind:
    log.warning("holiday data unavailable for %s; using fixed statutory holidays", day.year)
    if (day.month, day.day) in _FIXED_STATUTORY:
        return DayKind(public_holiday="statutory holiday")
    new_year = _SPRING_FESTIVAL.get(day.year)
    if new_year and new_year - timedelta(days=1) <= day <= new_year + timedelta(days=2):
        return DayKind(public_holiday="Spring Festival")
    return DayKind()


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware, in the store's zone
    end: datetime

    @property
    def key(self) -> str:
        return self.start.strftime("%H:%M")


def hours_on(store: Store, day: date) -> OpeningHours | None:
    """Opening hours on `day`, or None when closed. Store overrides beat the holiday rule."""
    weekday_hours = store.hours.get(WEEKDAYS[day.weekday()])
    if day in store.open_dates:
        return weekday_hours or _workday_hours(store)
    if day in store.closed_dates:
        return None
    if store.closes_on_public_holidays:
        kind = classify(day)
        if kind.public_holiday:
            return None
        if kind.makeup_workday:
            return weekday_hours or _workday_hours(store)
    return weekday_hours


def closed_reason(store: Store, day: date) -> str | None:
    if hours_on(store, day) is not None:
        return None
    if day in store.closed_dates:
        return "closed_date"
    if store.closes_on_public_holidays and classify(day).public_holiday:
        return "public_holiday"
    return "closed_weekday"


def _workday_hours(store: Store) -> OpeningHours | None:
    """Hours a make-up workday borrows when the store is normally closed that weekday: its Monday-to-Friday hours."""
    for name in WEEKDAYS[:5]:
        if name in store.hours:
            return store.hours[name]
    return None


def slots_on(store: Store, day: date) -> list[Slot]:
    hours = hours_on(store, day)
    if hours is None:
        return []
    tz = store.tz
    start = datetime.combine(day, hours.opens, tzinfo=tz)
    close = datetime.combine(day, hours.closes, tzinfo=tz)
    step = timedelta(minutes=store.slot_minutes)
    slots = []
    while start + step <= close:
        slots.append(Slot(start, start + step))
        start += step
    return slots


def bookable_window(store: Store, now: datetime) -> tuple[datetime, datetime]:
    """Earliest and latest start a booking may have at `now`: lead time ahead, within the horizon."""
    earliest = now + timedelta(minutes=store.lead_time_minutes)
    local_today = now.astimezone(store.tz).date()
    latest_day = local_today + timedelta(days=store.horizon_days)
    latest = datetime.combine(latest_day + timedelta(days=1), datetime.min.time(), tzinfo=store.tz)
    return earliest, latest


def locate_slot(store: Store, start: datetime, now: datetime, *, field: str = "start", enforce_window: bool = True) -> Slot:
    """The slot that begins at `start`, or a ValidationError saying why no booking can start then."""
    if start.tzinfo is None:
        raise ValidationError("time must carry a UTC offset, e.g. 2026-11-24T09:00:00+08:00", field=field)
    local = start.astimezone(store.tz)
    if enforce_window:
        if local <= now:
            raise ValidationError("that time has already passed", field=field, code="in_the_past")
        earliest, latest = bookable_window(store, now)
        if local < earliest:
            raise ValidationError(
                f"bookings need at least {store.lead_time_minutes} minutes' notice", field=field, code="too_soon"
            )
        if local >= latest:
            raise ValidationError(
                f"bookings open at most {store.horizon_days} days ahead", field=field, code="beyond_horizon"
            )
    reason = closed_reason(store, local.date())
    if reason:
        raise ValidationError(f"the store is closed on {local.date().isoformat()} ({reason})", field=field, code="store_closed")
    for slot in slots_on(store, local.date()):
        if slot.start == local:
            return slot
    raise ValidationError(
        "not the start of a bookable slot within opening hours", field=field, code="not_a_slot"
    )


def current_slot(store: Store, now: datetime, *, field: str = "start") -> Slot:
    """The slot a walk-in arriving `now` takes: the one under way."""
    local = now.astimezone(store.tz)
    for slot in slots_on(store, local.date()):
        if slot.start <= local < slot.end:
            return slot
    raise ValidationError("the store is not open now; book a time instead", field=field, code="store_closed")
