"""When a store is open: weekday hours, public holidays and 调休 make-up workdays, store overrides, slot grid.

Chinese holidays come, in this order, from the chain's own loaded schedule, the platform's loaded schedule
(domain/tenancy/holidays.py, attached to each Store by the store catalogue), `chinesecalendar` (which only knows
years the State Council had published when it was released), and for later years the computed statutory
days (domain/tenancy/statutory.py, lunar festivals included), marked provisional, so that bookings far ahead are
never offered on a public holiday. Store closures and openings beat all of them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar

from ..errors import ValidationError
from .holidays import HolidaySchedule
from .statutory import statutory_days
from .store import WEEKDAYS, OpeningHours, Store

SCHEDULE_DUE_MONTH = 11  # the State Council publishes next year's schedule around November


@dataclass(frozen=True)
class DayKind:
    """What the calendar says of a date: a public holiday, a make-up workday, or neither."""

    public_holiday: str | None = None
    makeup_workday: str | None = None
    provisional: bool = False  # computed, not yet the official schedule


Schedules = Mapping[int, HolidaySchedule]
NO_SCHEDULES: Schedules = {}
LOADED_HOLIDAY = "public holiday"
NAMED_WITHIN_DAYS = 14  # a bridging day or make-up workday lies within two weeks of its festival


def classify(day: date, schedules: Schedules = NO_SCHEDULES) -> DayKind:
    loaded = schedules.get(day.year)
    if loaded is not None:
        if day in loaded.holidays:
            return DayKind(public_holiday=_name(day))
        if day in loaded.workdays:
            return DayKind(makeup_workday=_name(day))
        return DayKind()
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return _fallback(day)
    if on_holiday and name:
        return DayKind(public_holiday=name)
    if not on_holiday and name and day.weekday() >= 5:
        return DayKind(makeup_workday=name)
    return DayKind()


def is_rest_day(day: date, schedules: Schedules = NO_SCHEDULES) -> bool:
    """A public holiday, or a Saturday or Sunday that is not a make-up working day (调休)."""
    kind = classify(day, schedules)
    return bool(kind.public_holiday) or (day.weekday() >= 5 and not kind.makeup_workday)


def _name(day: date) -> str:
    """A loaded day's festival: the statutory one it falls on or bridges to (its year's nearest), else generic."""
    if not 2001 <= day.year <= 2099:
        return LOADED_HOLIDAY
    named = statutory_days(day.year)
    if day in named:
        return named[day]
    nearest = min(named, key=lambda d: abs((d - day).days))
    return named[nearest] if abs((nearest - day).days) <= NAMED_WITHIN_DAYS else LOADED_HOLIDAY


def has_official_schedule(year: int, schedules: Schedules = NO_SCHEDULES) -> bool:
    if year in schedules:
        return True
    try:
        chinese_calendar.get_holiday_detail(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def official_schedule_missing(today: date, schedules: Schedules = NO_SCHEDULES) -> bool:
    """From November on, next year's official schedule should be loaded: True while it is not."""
    return today.month >= SCHEDULE_DUE_MONTH and not has_official_schedule(today.year + 1, schedules)


def _fallback(day: date) -> DayKind:
    name = statutory_days(day.year).get(day)
    return DayKind(public_holiday=name, provisional=True) if name else DayKind(provisional=True)


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
        kind = classify(day, store.holiday_schedules)
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
    if store.closes_on_public_holidays and classify(day, store.holiday_schedules).public_holiday:
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
