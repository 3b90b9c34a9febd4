"""The booking-life state machine: the rules of booking_rules.py, floor_rules.py, job_rules.py and people_rules.py, time moving
forward through the scheduled checks, and after every step the properties of properties.py and messages.py."""
from __future__ import annotations

import warnings
from collections import Counter
from datetime import datetime, time, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from . import properties
from .balance_rules import BalanceRules, check_balances
from .deposit_rules import DepositRules, check_money
from .messages import check_messages
from .world import SHANGHAI

# moments a day that matter: before opening, a slot's grace, +30 and +60 minutes, the evening's last allowed
# minute, inside the quiet hours
MOMENTS = ("08:10", "08:40", "09:05", "09:40", "10:05", "10:12", "10:35", "11:05", "14:05", "17:05", "20:30",
           "20:59", "21:10", "23:00")

OFFSETS = (-1441, -181, -61, -5, 5, 11, 31, 61, 65)  # minutes from a booking's start


class KnownDefectWarning(UserWarning):
    """A property held only because a known defect's cases were tolerated (known.py)."""


class BookingLife(DepositRules, BalanceRules):
    runs = {"examples": 0, "steps": 0}  # across every example of a run, for the bench's figures
    tolerated: Counter[str] = Counter()  # known-defect cases across every example (known.py)
    first: dict[str, str] = {}
    seen: Counter[str] = Counter()  # what the examples reached: messages sent, tasks, bookings' last status

    def __init__(self) -> None:
        super().__init__()
        BookingLife.runs["examples"] += 1

    # --- time -----------------------------------------------------------------------------------------
    @rule(minutes=st.sampled_from((1, 7, 15, 30, 50, 90, 180, 360, 720, 1440)))
    def time_passes(self, minutes: int) -> None:
        """The schedules run when the clock comes round to them; a gap of hours is a late run."""
        self.world.pass_time(self.world.now + timedelta(minutes=minutes))
        self.after_time()

    @rule(days=st.integers(0, 2), hhmm=st.sampled_from(MOMENTS))
    def clock_reaches(self, days: int, hhmm: str) -> None:
        """To a moment of a day ahead that matters (before opening, a grace, +30, +60, the quiet hours)."""
        target = datetime.combine(self.world.today + timedelta(days=days), time.fromisoformat(hhmm), tzinfo=SHANGHAI)
        if target <= self.world.now:
            target += timedelta(days=1)
        self.world.pass_time(target)
        self.after_time()

    @rule(booking=DepositRules.bookings, offset=st.sampled_from(OFFSETS))
    def clock_nears_booking(self, booking: str, offset: int) -> None:
        """To a moment that matters to a booking (its reminders, its grace, +30 and +60 minutes), if still ahead."""
        start = self.model.bookings[booking].start
        if start is not None and start + timedelta(minutes=offset) > self.world.now:
            self.world.pass_time(start + timedelta(minutes=offset))
            self.after_time()

    @rule(weeks=st.sampled_from((1, 13)))
    def weeks_pass(self, weeks: int) -> None:
        """Weeks with the schedules running on time: follow-ups, lapse stages, first-service invitations and chases."""
        self.world.pass_weeks(self.world.now + timedelta(weeks=weeks))
        self.after_time()

    # --- after every step ---------------------------------------------------------------------------------
    @invariant()
    def properties_hold(self) -> None:
        """Every property of properties.py and messages.py (one invariant, so a printed sequence stays short)."""
        BookingLife.runs["steps"] += 1
        properties.check_runs(self.world, self.checked_round)
        self.checked_round = self.world.round
        properties.check_bookings(self.world, self.model)
        properties.check_drift(self.world, self.model)
        properties.check_report(self.world, self.model)
        properties.check_range_report(self.world, self.model)
        check_messages(self.world, self.model, self.tally)
        properties.check_agendas(self.world)
        properties.check_reminded(self.world, self.model)
        properties.check_tasks(self.world, self.model, self.tally)
        self.check_jobs()
        check_money(self.world, self.model)
        check_balances(self.world, self.model)

    def teardown(self) -> None:
        BookingLife.seen.update(f"message {s.kind}" for s in self.world.sent)
        BookingLife.seen.update(f"task {t.kind} ({'open' if t.is_open else t.outcome})" for t in self.world.tasks())
        BookingLife.seen.update(f"booking {t.status}" for t in self.model.bookings.values())
        BookingLife.seen.update(self.job_seen())
        BookingLife.seen.update(self.balance_seen())
        BookingLife.seen.update(f"deposit {b.payment.state.value}" for b in self.world.bookings() if b.payment)
        BookingLife.tolerated.update(self.tally.tolerated)
        for name, first in self.tally.first.items():
            BookingLife.first.setdefault(name, first)


def warn_known_defects() -> None:
    """One warning per known defect whose cases a run tolerated (so it shows in pytest's summary)."""
    for name, count in sorted(BookingLife.tolerated.items()):
        warnings.warn(KnownDefectWarning(f"{name}: {count} case(s) tolerated, e.g. {BookingLife.first[name]}"),
                      stacklevel=2)
    BookingLife.tolerated.clear()
    BookingLife.first.clear()
