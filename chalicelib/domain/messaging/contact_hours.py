"""Contact hours (docs/product-rules.md#contact-hours): when a customer message may go. A step is planned
inside them (domain/followup/contact.py); they hold again at the moment of sending, so a message found late
(a run that was down) or retried after a channel's error waits for the next allowed moment, or is dropped
when that moment is no use any more (a reminder at or after its appointment's start).

A window is (first, second) store-local, wrapping midnight when second <= first: 21:00-08:30 is the night."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..booking.booking import Booking
from ..booking.lifecycle import MOVABLE
from ..booking.promise import IN_PROGRESS, promise_of
from ..contact_preference import OnCalendar, Preference, Preferred, as_preference
from ..contact_preference import Window as Window
from ..contact_preference import in_window as in_window
from ..tenancy.calendar import is_rest_day
from ..tenancy.store import Store
from .messages import INVITATION_KINDS

# The messages the checks send on their own schedule, each planned inside the contact hours: they wait at
# send time too. The others answer what the customer or staff just did, or follow an appointment under way
# (late, no-show), and go at once.
SCHEDULED_KINDS: frozenset[str] = frozenset({"reminder", "follow_up", "complaint_recheck",
                                            "pickup_notice"}) | INVITATION_KINDS  # pickup: docs/product-rules.md#promised-time
# The pick-up notice speaks of the time promised for a job under way (its "start" is that time): no use once the
# car is ready or the time changed while it waited (docs/product-rules.md#promised-time).
ABOUT_A_JOB: frozenset[str] = frozenset({"pickup_notice"})
# Messages about a moment still ahead (an appointment, a promised hand-back time): no use once it has come.
BEFORE_THE_APPOINTMENT: frozenset[str] = frozenset({"reminder"}) | ABOUT_A_JOB
# Messages that speak of a booking still to come (a reminder, "are you on your way?"): no use once it was
# cancelled, missed, begun or moved while the message waited (docs/product-rules.md#check-safety).
ABOUT_A_LIVE_BOOKING: frozenset[str] = frozenset({"reminder", "late"})
# Messages read against their booking again when they waited (for contact hours, or for a retry).
CHECKED_AFTER_WAITING: frozenset[str] = ABOUT_A_LIVE_BOOKING | ABOUT_A_JOB
# Lateness messages follow an appointment under way: they go at once, whatever the customer's window, but never
# into the store's quiet hours (found late by a run that was down): the no-show notice waits for the quiet
# hours' end; "are you on your way?" is no use by then and is dropped.
LATENESS_KINDS: frozenset[str] = frozenset({"late", "no_show"})
HELD_KINDS: frozenset[str] = SCHEDULED_KINDS | LATENESS_KINDS
# Marketing goes in daytime only (operators' rule for marketing SMS, docs/decisions/0028-sms-templates-per-kind.md),
# within the customer's own window where they gave one.
MARKETING_DAY: Window = (time(8, 0), time(20, 0))


def allowed(at: datetime, quiet: Window | None, preferred: Preferred | None, tz: ZoneInfo) -> bool:
    """Whether a customer message may go at `at`: outside the store's quiet hours, and as the customer prefers
    (their hours, their days, not in their rush hours: domain/contact_preference.py)."""
    local = at.astimezone(tz)
    moment = local.time().replace(tzinfo=None)
    if quiet and in_window(moment, quiet):
        return False
    if preferred is None or isinstance(preferred, tuple):  # hours alone: the plain window, as always
        return preferred is None or in_window(moment, preferred)
    return preferred.allows(local)


def on_calendar(preferred: Preferred | None, store: Store) -> Preferred | None:
    """The customer's preference read on the store's calendar: for a rest-day or working-day customer, public
    holidays are rest days and make-up working days are working days (the chain's schedule first, as for the
    opening hours: domain/tenancy/calendar.py). Hours alone, or any day, need no calendar."""
    if not isinstance(preferred, Preference) or preferred.days == "any":
        return preferred
    schedules = store.holiday_schedules

    def rest_day(day: date) -> bool:
        return is_rest_day(day, schedules)

    return OnCalendar(preferred.hours, preferred.days, preferred.avoid, rest_day=rest_day)


def usable(quiet: Window | None, preferred: Preferred | None, tz: ZoneInfo) -> Preferred | None:
    """The customer's preference, unless it leaves no moment of a week outside the quiet hours (then the quiet
    hours alone)."""
    preference = as_preference(preferred)
    if preference is None or quiet is None:
        return preferred
    probe = datetime(2026, 1, 5, tzinfo=tz)  # a Monday: a preference by days is probed over a whole week
    days = 1 if preference.days == "any" else 7
    if any(allowed(probe + timedelta(minutes=m), quiet, preferred, tz) for m in range(0, days * 24 * 60, 15)):
        return preferred
    return None


def edges(quiet: Window | None, preferred: Preferred | None) -> list[time]:
    """Every time of day where what is allowed may change: the quiet hours' ends, the preference's edges."""
    preference = as_preference(preferred)
    return [t for w in (quiet,) if w for t in w] + (preference.edges() if preference else [])


def days_around(preferred: Preferred | None) -> int:
    """How many days a search for an allowed moment looks: for a working-day or rest-day customer, past the
    longest run of days that do not suit them (the Spring Festival's nine days off and a weekend beside them)."""
    preference = as_preference(preferred)
    return 12 if preference is not None and preference.days != "any" else 4


def next_allowed(at: datetime, quiet: Window | None, preferred: Preferred | None, tz: ZoneInfo) -> datetime | None:
    """`at` itself when allowed, else the first allowed moment after it (where the quiet hours end, the
    customer's hours begin, their rush hour ends or their kind of day begins); None when none comes within a
    week."""
    if allowed(at, quiet, preferred, tz):
        return at
    local = at.astimezone(tz)
    ends = edges(quiet, preferred)
    candidates = [datetime.combine(local.date() + timedelta(days=ahead), end, tzinfo=tz)
                  for ahead in range(days_around(preferred)) for end in ends]
    found = [c for c in candidates if c > local and allowed(c, quiet, preferred, tz)]
    return min(found) if found else None


@dataclass(frozen=True)
class Hold:
    """A message that may not go now: it waits until `until`, or is dropped (`until` None)."""

    until: datetime | None
    reason: str


def at_sending(kind: str, now: datetime, start: datetime | None, quiet: Window | None, preferred: Preferred | None,
               tz: ZoneInfo) -> Hold | None:
    """Whether a message of `kind` may go `now`: None when it may (or contact hours do not apply to it), else
    how long it waits; a reminder whose next allowed moment is at or after the appointment's `start` is
    dropped."""
    if kind in LATENESS_KINDS:
        return _lateness_hold(kind, now, quiet, tz)
    if kind not in SCHEDULED_KINDS:
        return None
    if kind in INVITATION_KINDS:
        preferred = marketing_window(preferred)
    window = usable(quiet, preferred, tz)
    if allowed(now, quiet, window, tz):
        return None
    until = next_allowed(now, quiet, window, tz)
    if until is None:
        return Hold(None, "contact hours: no allowed moment ahead")
    if kind in BEFORE_THE_APPOINTMENT and start is not None and until >= start:
        return Hold(None, f"contact hours: the next allowed moment ({until.astimezone(tz):%m-%d %H:%M}) is not before "
                          "the appointment")
    return Hold(until, f"contact hours: held until {until.astimezone(tz):%m-%d %H:%M}")


def _lateness_hold(kind: str, now: datetime, quiet: Window | None, tz: ZoneInfo) -> Hold | None:
    """A lateness message found inside the store's quiet hours: the no-show notice waits for their end, "are you
    on your way?" is dropped (the customer's own window does not hold these)."""
    if allowed(now, quiet, None, tz):
        return None
    until = next_allowed(now, quiet, None, tz) if kind == "no_show" else None
    if until is None:
        return Hold(None, "contact hours: found inside the quiet hours, no use after them")
    return Hold(until, f"contact hours: held until {until.astimezone(tz):%m-%d %H:%M}")


def marketing_window(preferred: Preferred | None) -> Preferred:
    """The daytime, narrowed to the customer's hours when theirs are a daytime span that overlaps it; the
    customer's days and rush hours still apply."""
    pref = as_preference(preferred)
    hours = pref.hours if pref is not None else None
    if hours is None or hours[0] >= hours[1]:
        narrowed = MARKETING_DAY
    else:
        first, second = max(hours[0], MARKETING_DAY[0]), min(hours[1], MARKETING_DAY[1])
        narrowed = (first, second) if first < second else MARKETING_DAY
    if pref is None or (pref.days == "any" and not pref.avoid):
        return narrowed
    return replace(pref, hours=narrowed)


def pointless_now(kind: str, start: datetime | None, now: datetime) -> str | None:
    """Why a message about an appointment still ahead is no use at `now` whatever the booking (a late run, a
    retry, a wait for contact hours): the appointment has begun."""
    if kind in BEFORE_THE_APPOINTMENT and start is not None and now >= start:
        return "the appointment has begun"
    return None


def moot_after_waiting(kind: str, said_start: datetime | None, booking: Booking) -> str | None:
    """Why a message that waited (for contact hours, or for its retry) no longer fits its booking (cancelled,
    missed, moved or begun meanwhile), or None. Only messages about a booking still to come, or about a job's
    promised time (ready meanwhile, or given a new time), can go stale so."""
    if kind in ABOUT_A_JOB:
        return _job_moved_on(said_start, booking)
    if kind not in ABOUT_A_LIVE_BOOKING:
        return None
    if booking.status not in MOVABLE:
        return f"the booking is {booking.status.value}"
    if said_start is None or booking.start != said_start:
        return "the booking was moved"
    return None


def _job_moved_on(said_promise: datetime | None, booking: Booking) -> str | None:
    if booking.status not in IN_PROGRESS:
        return f"the booking is {booking.status.value}"
    found = promise_of(booking.events)
    if found is None or said_promise is None or found.at != said_promise:
        return "the promised time changed"
    return None


def window_text(window: Window | None) -> str | None:
    """How a window is stored: "21:00-08:30"; None for none."""
    return f"{window[0]:%H:%M}-{window[1]:%H:%M}" if window else None


def window_from(value: str | None) -> Window | None:
    if not value:
        return None
    first, second = value.split("-")
    return time.fromisoformat(first), time.fromisoformat(second)
