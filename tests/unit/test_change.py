"""A booking change's counter moves are derived from the two states: whatever path a booking takes, the
moves summed over its changes equal what it holds at the end, and every change is one version further."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain.booking.booking import Booking, Event
from chalicelib.domain.booking.change import counter_moves, decide, holds_hours, holds_place, holds_segment, labour_counter
from chalicelib.domain.booking.lifecycle import TRANSITIONS, Status
from chalicelib.domain.tenancy.store import Store

TZ = ZoneInfo("Asia/Shanghai")
STORE = Store("c", "s", "店", capacity_per_slot=3, labour_hours={"pm": 8.0})
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=TZ)
SLOTS = [datetime(2026, 11, day, hour, 0, tzinfo=TZ) for day in (24, 25) for hour in (9, 10)]


def booking(**changes: object) -> Booking:
    start = SLOTS[0]
    base = Booking("b1", "c", "s", "cust", Status.PENDING, start, start + timedelta(minutes=30), "maintenance", "normal",
                   0.0, "mini_program", "张伟", "13800138000", "沪A12345", "Mazda 6", 1000, 1.0)
    return replace(base, **changes)


def holdings(b: Booking) -> dict[tuple[date, str], float]:
    held: dict[tuple[date, str], float] = {}
    if (place := holds_place(b)) is not None:
        held[place] = 1
    if (hours := holds_hours(b)) is not None:
        held[(hours[0], labour_counter(hours[1]))] = hours[2]
    if (segment := holds_segment(b)) is not None:
        held[segment] = 1
    return held


def step(b: Booking, op: tuple[str, int]) -> Booking:
    kind, n = op
    if kind == "status":
        action = sorted(TRANSITIONS)[n % len(TRANSITIONS)]
        sources, target = TRANSITIONS[action]
        return replace(b, status=target) if b.status in sources else b
    if kind == "move" and b.status in (Status.PENDING, Status.CONFIRMED):
        start = SLOTS[n % len(SLOTS)]
        segment = (None, "idle", "peak")[n % 3]  # the move re-quotes: the new slot's segment, or none
        return replace(b, start=start, end=start + timedelta(minutes=30), place_released=False, segment=segment)
    if kind == "release":
        return replace(b, place_released=True)
    if kind == "hours":
        return replace(b, labour_hours=0.5 + n % 4)
    return b


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["status", "move", "release", "hours"]), st.integers(0, 20)), max_size=12))
def test_moves_summed_over_any_path_equal_what_the_booking_holds(ops):
    counters: dict[tuple[date, str], float] = {}
    before: Booking | None = None
    current = booking()
    for op in [("create", 0), *ops]:
        after = current if before is None else step(current, op)
        for move in counter_moves(before, after, STORE, may_use_reserve=True):
            key = (move.day, move.counter)
            counters[key] = counters.get(key, 0) + move.delta
        before = current = after
    assert {k: v for k, v in counters.items() if abs(v) > 1e-9} == holdings(current)


def test_a_move_within_the_day_keeps_the_hours_and_swaps_the_places():
    before = booking()
    after = replace(before, start=SLOTS[1], end=SLOTS[1] + timedelta(minutes=30))
    moves = counter_moves(before, after, STORE, may_use_reserve=False)
    assert [(m.counter, m.delta, m.limit) for m in moves] == [("09:00", -1, None), ("10:00", 1, 3)]


def test_an_increment_carries_its_limit_and_a_decrement_none():
    created = counter_moves(None, booking(), STORE, may_use_reserve=False)
    assert [(m.counter, m.delta, m.limit) for m in created] == [("09:00", 1, 3), ("DAY#pm", 1.0, 8.0)]
    cancelled = counter_moves(booking(), booking(status=Status.CANCELLED), STORE, may_use_reserve=False)
    assert [(m.counter, m.delta, m.limit) for m in cancelled] == [("09:00", -1, None), ("DAY#pm", -1.0, None)]


def test_the_walk_in_reserve_is_only_for_those_who_may_use_it():
    store = replace(STORE, capacity_per_slot=4, walk_in_reserve=0.25)
    assert counter_moves(None, booking(), store, may_use_reserve=False)[0].limit == 3
    assert counter_moves(None, booking(), store, may_use_reserve=True)[0].limit == 4


def test_a_waiting_booking_holds_nothing_until_it_gets_a_slot():
    waiting = booking(start=None, end=None, parts_status="waiting")
    assert counter_moves(None, waiting, STORE, may_use_reserve=True) == ()
    assert [m.counter for m in counter_moves(waiting, booking(), STORE, may_use_reserve=True)] == ["09:00", "DAY#pm"]


def test_every_decision_is_one_version_further_and_files_its_next_step():
    first = decide(None, booking(events=(Event(NOW, "booked", "customer"),)), STORE, NOW)
    assert first.after.version == 1 and first.expected_version is None
    assert first.agenda is not None and first.agenda.step.action == "reminder_1440"
    second = decide(first.after, replace(first.after, status=Status.CANCELLED), STORE, NOW)
    assert second.after.version == 2 and second.expected_version == 1 and second.agenda is None


def test_a_segment_counter_moves_with_the_place_under_the_plans_quota():
    from datetime import time

    from chalicelib.domain.tenancy.plan import Segment, Tier

    idle = Segment("idle", "闲时", frozenset({"tue"}), time(9, 0), time(11, 0), Tier.RECOMMENDED, quota=5, discount=0.15)
    store = replace(STORE, plan=(idle,))
    created = counter_moves(None, booking(segment="idle"), store, may_use_reserve=True)
    assert [(m.counter, m.delta, m.limit, m.kind) for m in created] == [
        ("09:00", 1, 3, "slot"), ("DAY#pm", 1.0, 8.0, "hours"), ("SEG#idle", 1, 5, "segment")]
    released = counter_moves(booking(segment="idle"), booking(segment="idle", place_released=True), store,
                             may_use_reserve=True)
    assert [(m.counter, m.delta) for m in released] == [("09:00", -1), ("SEG#idle", -1)]
    within = counter_moves(booking(segment="idle"), booking(segment="idle", start=SLOTS[1], end=SLOTS[1]), store,
                           may_use_reserve=True)
    assert [m.counter for m in within] == ["09:00", "10:00"]  # the same segment: its count stays
    out = counter_moves(booking(segment="idle"), booking(start=SLOTS[2], end=SLOTS[2]), store, may_use_reserve=True)
    assert ("SEG#idle", -1) in [(m.counter, m.delta) for m in out]
