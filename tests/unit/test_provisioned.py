"""Provisioned DynamoDB capacity against on-demand (bench/provisioned.py, decision 0070): the reminders arrive in a
few minutes of the day (the slot starts' offsets, and 20:59 where the quiet hours move the night's), so capacity
provisioned for those minutes is idle most of every hour; at the stage's worker rates it costs more than
on-demand in Singapore."""
from __future__ import annotations

import pytest

from bench import provisioned


def test_the_reminders_fall_on_the_slot_minutes_and_a_third_at_2059():
    minutes = provisioned.reminder_minutes()
    assert minutes["20:59"] == pytest.approx(1 / 3)
    assert all(m == "20:59" or m[3:] in ("00", "30") for m in minutes)
    assert sum(minutes.values()) == pytest.approx(52 / 18)  # 18 slots x 3 reminders, 2 merged into the evening's


def test_at_the_stages_worker_rate_provisioned_writes_cost_more_than_on_demand_in_singapore():
    fast = provisioned.compare(100_000, "prod", provisioned.Provisioned())
    assert fast["provisioned_usd"] > fast["on_demand_usd"]
    slow = provisioned.compare(100_000, "prod", provisioned.Provisioned(spread_s=240))
    assert slow["peak_wcu"] < fast["peak_wcu"] and slow["provisioned_usd"] < fast["provisioned_usd"]
