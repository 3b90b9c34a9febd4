"""Races between two changes to one booking, against the moto server: a customer's cancel against a
reschedule (the customer's own or the store's), and the lateness check giving the place to walk-ins
against a staff cancel or reschedule.

Each race is forced into its stale-read window instead of left to luck: every racer reads the booking
before any of them writes, and the racer marked stale writes only after the other has finished, so it
decides on a version of the booking that is no longer current. Such a write must be refused (with a
domain error) or still leave the counters right. Whoever wins, every counter of every store-day touched
must equal the bookings it counts, and no slot may be overbooked (tests/support/audit.py).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

import pytest

from chalicelib import container
from chalicelib.adapters.dynamo.bookings import booking_from_model
from chalicelib.adapters.dynamo.models import BookingModel
from chalicelib.adapters.people.auth import Principal
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.errors import DomainError
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.integration.helpers import customer, request
from tests.support.audit import drift

DAY, NEXT_DAY = "2026-11-24", "2026-11-25"  # a Tuesday and a Wednesday; the clock starts on the Monday
MORNING = ("09:00", "09:30", "10:00", "10:30")  # three places each (the chain fixture's capacity)
WAIT = 10.0  # seconds a racer waits for the other at most; a race here takes well under one

Outcome = object  # what the use case returned, or the DomainError it refused with

_racer = threading.local()


# --- forcing the stale-read window -----------------------------------------------------------------------

@pytest.fixture
def stale_reads(svc, monkeypatch):
    """Reading a booking through the repository runs the racing thread's hook once, right after the read."""
    real_get = svc.ports.bookings.get

    def get(booking_id: str):
        booking = real_get(booking_id)
        hook = getattr(_racer, "after_read", None)
        if hook is not None:
            _racer.after_read = None
            hook()
        return booking

    monkeypatch.setattr(svc.ports.bookings, "get", get)


def attempt(use_case: Callable[[], object]) -> Outcome:
    """Run a use case; a refusal is an outcome, any other exception fails the test."""
    try:
        return use_case()
    except DomainError as refused:
        return refused


def won(outcome: Outcome) -> bool:
    return not isinstance(outcome, DomainError)


@dataclass
class Race:
    """`first` writes first; each of `stale` has read the booking before `first` starts and writes only
    after `first` has finished (committed or refused)."""

    first: Callable[[], object]
    stale: list[Callable[[], object]]
    first_outcome: Outcome = field(init=False, default=None)
    stale_outcomes: list[Outcome] = field(init=False)
    _read: list[threading.Event] = field(init=False)
    _forced: list[bool] = field(init=False)
    _done: threading.Event = field(init=False, default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._read = [threading.Event() for _ in self.stale]
        self._forced = [False] * len(self.stale)
        self.stale_outcomes = [None] * len(self.stale)

    def jobs(self) -> list[Callable[[], None]]:
        return [self._run_first] + [lambda i=i: self._run_stale(i) for i in range(len(self.stale))]

    def _run_first(self) -> None:
        try:
            for read in self._read:
                if not read.wait(WAIT):
                    raise TimeoutError("a stale racer never read its booking")
            self.first_outcome = attempt(self.first)
        finally:
            self._done.set()

    def _run_stale(self, i: int) -> None:
        def hold() -> None:
            self._forced[i] = True
            self._read[i].set()
            if not self._done.wait(WAIT):
                raise TimeoutError("the first racer never finished")

        _racer.after_read = hold
        try:
            self.stale_outcomes[i] = attempt(self.stale[i])
        finally:
            _racer.after_read = None
            self._read[i].set()  # never leaves the first racer waiting

    @property
    def forced(self) -> bool:
        return all(self._forced)


def run(races: list[Race]) -> None:
    """All races at once, one thread per racer (a racer waits for another, so none may queue)."""
    jobs = [job for race in races for job in race.jobs()]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()  # raises what a racer failed with, if not a refusal
    assert all(race.forced for race in races), (
        "a stale racer did not read its booking through svc.ports.bookings.get: the race was not forced"
    )


# --- set-up and checks -----------------------------------------------------------------------------------

def manager(chain_id: str) -> StaffAccess:
    return StaffAccess("mgr", chain_id, Role.STORE_MANAGER, frozenset({"pudong"}))


def phone_booking(svc, who: StaffAccess, start: datetime, n: int) -> Booking:
    return svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request({
        "start": start.isoformat(), "service_type": "maintenance", "source": "phone",
        "customer": {"name": "王芳", "phone": f"1390000{n:04d}"},
        "vehicle": {"plate": f"沪D{20000 + n}", "model": "Mazda 3", "mileage": 20000},
    }))


def stored(booking_id: str) -> BookingModel:
    return BookingModel.get(booking_id, consistent_read=True)


def assert_no_drift(chain_id: str, *days: str) -> None:
    found = {day: drift(chain_id, "pudong", date.fromisoformat(day)) for day in days}
    drifting = {day: {kind: d for kind, d in found[day].items() if d} for day in days if any(found[day].values())}
    assert not drifting, f"counters (counter, actual) or overbooked slots (actual, capacity): {drifting}"
    auditor = container.services().auditor  # the product's own auditor agrees with the independent one
    assert [auditor.store_day(chain_id, "pudong", date.fromisoformat(day)).total for day in days] == [0] * len(days)


# --- the races -------------------------------------------------------------------------------------------

def cancel_against_move(svc, booked: list[tuple[Principal, Booking, datetime]], move: Callable[..., object]) -> None:
    """Each booking is cancelled by its customer while `move(who, booking_id, start)` moves it. In even
    races the move commits first and the cancel decides on the booking as it was before; in odd ones the
    cancel commits first and the move decides on the booking as it was before."""
    races = []
    for i, (who, booking, target) in enumerate(booked):
        cancel = partial(svc.booking.cancel_own, who, booking.booking_id)
        reschedule = partial(move, who, booking.booking_id, target)
        races.append(Race(reschedule, [cancel]) if i % 2 == 0 else Race(cancel, [reschedule]))
    run(races)

    for i, (race, (_, booking, target)) in enumerate(zip(races, booked, strict=True)):
        moved, cancelled = race.first_outcome, race.stale_outcomes[0]
        if i % 2:
            moved, cancelled = cancelled, moved
        assert won(race.first_outcome), (booking.booking_id, race.first_outcome)  # it wrote on the current booking
        final = stored(booking.booking_id)
        if won(cancelled):  # alone, or after the move: then it must have given back the new place
            assert final.status == "cancelled"
        else:
            assert (final.status, final.start) == ("pending", target.isoformat())


def test_customer_cancel_races_their_own_reschedule(svc, chain, stale_reads):
    """Twelve online bookings; each is cancelled and moved to the same time of the next day at once."""
    booked = []
    for i in range(12):
        who = customer(svc, chain, f"c{i}")
        hhmm = MORNING[i // 3]  # three to a slot, both orders of the race in each
        booking, _ = svc.booking.book_online(who, request(at(DAY, hhmm), plate=f"沪A{10000 + i}"), f"k{i}")
        booked.append((who, booking, at(NEXT_DAY, hhmm)))

    cancel_against_move(svc, booked, svc.booking.reschedule_own)

    assert_no_drift(chain, DAY, NEXT_DAY)


def test_customer_cancel_races_a_staff_reschedule(svc, chain, stale_reads):
    """Four online bookings; the store moves each to the afternoon while its customer cancels it."""
    mgr = manager(chain)
    booked = []
    for i in range(4):
        who = customer(svc, chain, f"c{i}")
        booking, _ = svc.booking.book_online(who, request(at(DAY, MORNING[i]), plate=f"沪B{10000 + i}"), f"k{i}")
        booked.append((who, booking, at(DAY, "14:00" if i < 2 else "14:30")))

    cancel_against_move(svc, booked, lambda _who, booking_id, start: svc.staff_ops.reschedule(mgr, booking_id, start))

    assert_no_drift(chain, DAY)


@pytest.mark.parametrize("staff_action", ["cancel", "reschedule"])
def test_lateness_release_races_staff(svc, chain, clock, stale_reads, staff_action):
    """Three phone bookings at 10:00 nobody comes for. At 10:10 the lateness check gives their places to
    walk-ins while the store cancels them (or moves them to 11:00), having read them just before."""
    mgr = manager(chain)
    clock.set(at(DAY, "09:30"))
    booked = [phone_booking(svc, mgr, at(DAY, "10:00"), n) for n in range(3)]
    clock.set(at(DAY, "10:10"))  # start + grace: the release step is due
    counts: dict[str, int] = {}

    def release() -> object:
        counts.update(svc.checks.run("lateness"))
        return counts

    def staff(booking_id: str) -> Callable[[], object]:
        if staff_action == "cancel":
            return lambda: svc.staff_ops.act(mgr, booking_id, "cancel")
        return lambda: svc.staff_ops.reschedule(mgr, booking_id, at(DAY, "11:00"))

    race = Race(release, [staff(b.booking_id) for b in booked])
    run([race])

    assert counts["due"] == len(booked), counts  # the check did find the three release steps
    assert counts.get("error", 0) == 0, counts  # it swallows a step's failure (logged): none may have failed
    for booking, outcome in zip(booked, race.stale_outcomes, strict=True):
        final = stored(booking.booking_id)
        released = "release" in [e.kind for e in booking_from_model(final).events]  # as the item holds them
        assert released or won(outcome), booking.booking_id
        if won(outcome) and staff_action == "cancel":
            assert final.status == "cancelled"
        elif won(outcome):
            assert final.start == at(DAY, "11:00").isoformat()
    assert_no_drift(chain, DAY)
