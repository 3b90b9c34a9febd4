"""A customer's contact preference (docs/product-rules.md#contact-preference): the hours they like to hear from
us, on which days (any day, working days only, or rest days only), and the hours to avoid within them (their
rush hours). The contact-hours rule (contact_hours.py) reads it wherever it read the preferred hours alone, so
reminders are planned and held by it, and call tasks say when to call.

Its text form, as the customer record, the booking and the outbox keep it, extends the hours' own:
"09:00-20:00" (hours only, as before), "09:00-20:00|rest_days|07:30-09:00,17:00-19:00"; an empty part is
no restriction ("|weekdays|" is working days at any hour). Rest days are Saturday and Sunday unless the
preference is read on a store's calendar (messaging/contact_hours.py on_calendar): then public holidays are rest
days and make-up working days (调休) are not.

Kernel: the customer record and the booking keep it, the messaging rules read it. Pure: no I/O."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

Window = tuple[time, time]

DAYS: tuple[str, ...] = ("any", "weekdays", "rest_days")
MAX_AVOID = 3  # rush-hour windows a customer may give
RestDay = Callable[[date], bool]


def weekend(day: date) -> bool:
    """Rest days without a calendar: Saturday and Sunday."""
    return day.weekday() >= 5


def in_window(moment: time, window: Window) -> bool:
    first, second = window
    if first < second:
        return first <= moment < second
    return moment >= first or moment < second


def _window_text(window: Window) -> str:
    return f"{window[0]:%H:%M}-{window[1]:%H:%M}"


def _window(value: str) -> Window:
    first, second = value.split("-")
    return time.fromisoformat(first), time.fromisoformat(second)


@dataclass(frozen=True)
class Preference:
    hours: Window | None = None
    days: str = "any"
    avoid: tuple[Window, ...] = ()

    def is_rest_day(self, day: date) -> bool:
        return weekend(day)

    def allows(self, local: datetime) -> bool:
        """Whether a store-local moment suits the customer."""
        moment = local.time().replace(tzinfo=None)
        rest = self.is_rest_day(local.date())
        if (self.days == "weekdays" and rest) or (self.days == "rest_days" and not rest):
            return False
        if self.hours is not None and not in_window(moment, self.hours):
            return False
        return not any(in_window(moment, w) for w in self.avoid)

    def edges(self) -> list[time]:
        """The times of day where what it allows may begin (its hours' start, the end of a rush hour) or stop."""
        found = [w[i] for w in ((self.hours,) if self.hours else ()) + self.avoid for i in (0, 1)]
        return found + ([time(0, 0)] if self.days != "any" else [])  # a day that suits it begins at midnight

    def text(self) -> str:
        hours = _window_text(self.hours) if self.hours else ""
        if self.days == "any" and not self.avoid:
            return hours
        return f"{hours}|{'' if self.days == 'any' else self.days}|{','.join(_window_text(w) for w in self.avoid)}"

    def to_json(self) -> dict[str, object]:
        return {"contact_hours": [f"{self.hours[0]:%H:%M}", f"{self.hours[1]:%H:%M}"] if self.hours else None,
                "contact_days": self.days,
                "rush_hours": [[f"{w[0]:%H:%M}", f"{w[1]:%H:%M}"] for w in self.avoid]}


@dataclass(frozen=True)
class OnCalendar(Preference):
    """A preference read on a store's calendar, for the moment a rule reads it: never stored (a customer's,
    booking's or message's preference is the plain one), so the calendar in it is never encoded."""

    rest_day: RestDay = field(default=weekend, compare=False, repr=False)

    def is_rest_day(self, day: date) -> bool:
        return self.rest_day(day)


Preferred = Window | Preference


def as_preference(preferred: Preferred | None) -> Preference | None:
    """Hours alone are a preference of those hours on any day."""
    if preferred is None or isinstance(preferred, Preference):
        return preferred
    return Preference(hours=preferred)


def preference_text(preferred: Preferred | None) -> str | None:
    found = as_preference(preferred)
    return (found.text() or None) if found else None


def preference_from(value: str | None) -> Preferred | None:
    """The text form back (None for none); hours alone read as before, as a window."""
    if not value:
        return None
    if "|" not in value:
        return _window(value)
    hours, _, rest = value.partition("|")
    days, _, avoid = rest.partition("|")
    return Preference(hours=_window(hours) if hours else None, days=days or "any",
                      avoid=tuple(_window(w) for w in avoid.split(",") if w))


def parse(hours: Window | None, days: object, rush: object) -> Preferred | None:
    """A preference from the customer's answer (hours already parsed): the hours alone when that is all it
    says, as before; ValueError naming the field."""
    if days is None:
        days = "any"
    if days not in DAYS:
        raise ValueError(f"contact_days is one of {', '.join(DAYS)}")
    if not isinstance(rush, list | tuple | type(None)):
        raise ValueError('rush_hours looks like [["07:30", "09:00"]]')
    avoid: list[Window] = []
    for raw in rush or []:
        if not isinstance(raw, list | tuple) or len(raw) != 2 or not all(isinstance(v, str) for v in raw):
            raise ValueError('rush_hours looks like [["07:30", "09:00"]]')
        try:
            first, second = (time.fromisoformat(v) for v in raw)
        except ValueError:
            raise ValueError('rush_hours looks like [["07:30", "09:00"]]') from None
        if first >= second:
            raise ValueError("a rush hour ends after it starts")
        avoid.append((first, second))
    if len(avoid) > MAX_AVOID:
        raise ValueError(f"rush_hours lists at most {MAX_AVOID} windows")
    if days == "any" and not avoid:
        return hours
    return Preference(hours, str(days), tuple(avoid))
