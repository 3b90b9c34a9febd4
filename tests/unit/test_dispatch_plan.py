"""The dispatcher's pure rules (chalicelib/domain/runs/dispatch_plan.py, decision 0022)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.domain.runs.dispatch_plan import DispatchPlan, delay_seconds, position

NOW = datetime(2026, 11, 25, 12, 49, 10, tzinfo=UTC)


def test_an_item_read_ahead_is_delayed_to_its_moment_never_before_it():
    assert delay_seconds(NOW + timedelta(minutes=9, seconds=50), NOW) == 590
    assert delay_seconds(NOW + timedelta(seconds=0.2), NOW) == 1  # up, never early
    assert delay_seconds(NOW - timedelta(minutes=3), NOW) == 0  # due already
    assert delay_seconds(NOW + timedelta(hours=1), NOW) == 900  # SQS's longest


def test_positions_sort_as_the_moments_then_the_bookings():
    first, second = NOW, NOW + timedelta(seconds=1)
    assert position(first, "b_z") < position(second, "b_a") < position(second, "b_b")
    assert position(NOW.astimezone(UTC), "b") == position(NOW.astimezone(), "b")  # the same instant in any zone


def test_fresh_steps_come_first_in_cursor_order_then_the_overdue_behind_the_cursor():
    plan = DispatchPlan(redispatch_after=timedelta(minutes=2))
    cursor = position(NOW - timedelta(minutes=1), "b_m")
    found = [(position(at, b), at, b) for at, b in (
        (NOW + timedelta(minutes=5), "b_late"),      # ahead: fresh
        (NOW - timedelta(minutes=10), "b_old"),      # behind the cursor, overdue: again
        (NOW - timedelta(minutes=1), "b_a"),         # behind the cursor (same moment, lower id), not overdue: skipped
        (NOW - timedelta(minutes=1), "b_z"),         # after the cursor at the same moment: fresh
    )]
    assert plan.order(found, cursor, NOW) == (["b_z", "b_late"], ["b_old"])
    assert plan.order(found, None, NOW) == (["b_old", "b_a", "b_z", "b_late"], [])  # no cursor: all fresh


def test_the_horizon_and_the_budget():
    plan = DispatchPlan(lookahead=timedelta(minutes=10), budget=timedelta(seconds=90))
    assert plan.horizon(NOW) == NOW + timedelta(minutes=10)
    assert plan.deadline(NOW) == NOW + timedelta(seconds=90)


@pytest.mark.parametrize("wrong", [
    {"lookahead": timedelta(minutes=15)},  # an item read a tick late would need more than SQS's 900 s
    {"lookahead": timedelta(seconds=-1)},
    {"redispatch_after": timedelta(seconds=30)},
    {"chunk": 0},
])
def test_plans_sqs_or_the_safety_net_cannot_keep_are_refused(wrong):
    with pytest.raises(ValueError):
        DispatchPlan(**wrong)
