"""The scale bench's store-day (bench/store_day.py): what its people do, and when, is what the cost model's per-item
figures were measured with (decision 0087), so its draws must be stable and its plan in the order a visit has."""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bench import store_day
from bench.api_day import PER_STORE_DAY

SH = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 25, 9, 0, tzinfo=SH)


def people(seed: int = 1) -> store_day.People:
    return store_day.People(random.Random(seed), admin="admin", chain_id="bench", stores=["s000"])


def test_a_draw_is_the_same_every_time_and_near_its_share():
    keys = [f"confirm-b_{n}" for n in range(4000)]
    first = [store_day.chosen(k, store_day.CONFIRMED) for k in keys]
    assert first == [store_day.chosen(k, store_day.CONFIRMED) for k in keys]
    assert abs(sum(first) / len(keys) - store_day.CONFIRMED) < 0.03
    assert not any(store_day.chosen(k, 0.0) for k in keys) and all(store_day.chosen(k, 1.0) for k in keys)


def test_a_visit_is_checked_in_before_its_time_then_started_then_completed():
    done: list[tuple[datetime, str]] = []
    for seed in range(200):
        crowd = people(seed)
        crowd.visit(SimpleNamespace(booking_id=f"b{seed}", start=START))
        for when in sorted(crowd.timeline):
            staff = SimpleNamespace(act=lambda _who, _id, action, at=when: done.append((at, action)))
            for action in crowd.timeline[when]:
                action(SimpleNamespace(staff_ops=staff))
    visits = [done[i:i + 3] for i in range(0, len(done), 3)]
    assert abs(len(visits) / 200 - store_day.ARRIVED) < 0.06  # the rest are no-shows: nothing planned
    for (arrived, a), (started, b), (finished, c) in visits:
        assert (a, b, c) == ("check-in", "start", "complete")
        assert START - timedelta(minutes=max(store_day.EARLY)) <= arrived < START and arrived < started < finished


def test_the_api_store_day_calls_the_routes_as_often_as_the_scale_days_people_act():
    bookings = store_day.BOOKINGS_PER_DAY
    assert PER_STORE_DAY["POST /staff/bookings/{id}/confirm"] == bookings * store_day.CONFIRMED
    assert PER_STORE_DAY["POST /mp/bookings/{id}/acknowledge"] == bookings * store_day.ACKNOWLEDGED
    for action in ("check-in", "start", "complete"):
        assert PER_STORE_DAY[f"POST /staff/bookings/{{id}}/{action}"] == bookings * store_day.ARRIVED


def test_catching_up_runs_what_was_planned_before_the_walk_in_its_order_and_keeps_the_rest():
    crowd, ran = people(), []
    clock = SimpleNamespace(set=lambda when: None)
    for minutes in (50, 10, 30, 90):
        crowd.at(START + timedelta(minutes=minutes), lambda _svc, m=minutes: ran.append(m))
    crowd.catch_up(SimpleNamespace(ports=SimpleNamespace(clock=clock)), START + timedelta(minutes=60))
    assert ran == [10, 30, 50]
    assert list(crowd.timeline) == [START + timedelta(minutes=90)]
