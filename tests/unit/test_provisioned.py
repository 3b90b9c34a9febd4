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


def test_the_stages_provisioned_tables_are_the_plan_where_it_pays_at_the_planned_size():
    """infra/capacity_plans.py holds what `python -m bench.provisioned_plan --emit` finds (decision 0080): in
    Ningxia the bookings and tasks tables pay provisioned; in Singapore the tasks table alone (decision 0087); dev
    stays on-demand."""
    from bench import provisioned_plan
    from infra.capacity_plans import PLANNED_STORES
    from infra.scale_settings import SCALE

    assert SCALE["prod-cn"].tables.provisioned == provisioned_plan.chosen(PLANNED_STORES, "prod-cn")
    assert [t.table for t in SCALE["prod-cn"].tables.provisioned] == ["bookings", "tasks"]
    assert SCALE["prod"].tables.provisioned == provisioned_plan.chosen(PLANNED_STORES, "prod")
    assert [t.table for t in SCALE["prod"].tables.provisioned] == ["tasks"]
    assert SCALE["dev"].tables.provisioned == ()


def test_every_index_of_a_provisioned_table_has_its_own_capacity_and_the_floors_cover_the_burst_minutes():
    from bench import provisioned_plan
    from infra.capacity_plans import PLANNED_STORES
    from infra.scale_settings import SCALE
    from infra.tables import table_specs

    specs = {spec.name: spec for spec in table_specs()}
    for table in SCALE["prod-cn"].tables.provisioned:
        assert [name for name, _ in table.indexes] == [index.name for index in specs[table.table].indexes]
        written = table.capacity.floor_at(20 * 60 + 59)[1]
        assert written > 10 * table.capacity.floor_at(3 * 60)[1]  # raised for the 20:59 spike, lowered at night
        for _, capacity in table.parts():
            lowerings = [f for f in capacity.schedule if f.write < capacity.floor_at(_minute(f.at) - 1)[1]]
            assert len(lowerings) <= 4  # DynamoDB's decreases a day without waiting an hour between them
    # every part's floor, from LEAD_MIN before each burst minute to a few minutes after it, takes that minute's
    # writes at the check workers' rate (at full utilisation)
    burst, rates = provisioned_plan.burst_per_item(), provisioned_plan.burst_rates(PLANNED_STORES, "prod-cn")
    for minute in provisioned.reminder_minutes():
        at = _minute(minute)
        for table in SCALE["prod-cn"].tables.provisioned:
            for index, capacity in table.parts():
                need = burst.get((table.table, index), (0.0, 0.0))[0] * rates[at // 60]
                for m in (at - provisioned_plan.LEAD_MIN, at, at + 3):
                    assert capacity.floor_at(m % 1440)[1] >= need, (table.table, index, minute, m)


def _minute(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def test_the_cost_models_prod_cn_figure_prices_the_settings_capacities():
    """At the planned size the model bills exactly the settings' capacity-hours (each hour at its highest floor)."""
    from bench import cost_model
    from bench.prices import NINGXIA
    from infra.capacity_plans import PLANNED_STORES
    from infra.scale_settings import SCALE

    line = cost_model.quantities(PLANNED_STORES, cost_model.Assumptions(), "prod-cn")["dynamodb_provisioned"]
    hours = [hour for table in SCALE["prod-cn"].tables.provisioned for _, c in table.parts() for hour in c.billed_hours()]
    assert line["dynamodb_provisioned_wcu_hour"] == pytest.approx(sum(w for _, w in hours) * 30 / PLANNED_STORES)
    assert line["dynamodb_provisioned_rcu_hour"] == pytest.approx(sum(r for r, _ in hours) * 30 / PLANNED_STORES)
    result = cost_model.whole_service(PLANNED_STORES, "prod-cn")
    assert result["components"]["dynamodb_provisioned"]["cny"] < 0  # it pays: less than the same traffic on-demand
    assert result["components"]["dynamodb_provisioned"]["cny"] == pytest.approx(
        cost_model.priced(line, NINGXIA), abs=1e-4)
    assert cost_model.whole_service(PLANNED_STORES, "prod")["components"]["dynamodb_provisioned"]["usd"] < 0
    assert "dynamodb_provisioned" not in cost_model.whole_service(PLANNED_STORES, "dev")["components"]


@pytest.mark.parametrize("stage", ["prod", "prod-cn"])
def test_every_production_stage_keeps_the_reminder_lag_within_five_minutes_at_100000_stores(stage):
    """prod-cn's slower check workers (60, for the capacity its burst minutes need) keep the lag goal (dev's five
    workers are sized for a test chain, not for 100,000 stores)."""
    from bench.scale_model import Assumptions, model
    from infra.scale_settings import SCALE

    figures = {"reminders": {"per_store_day": 412.0, "requests_per_item": 3.43, "wcu_per_item": 13.9,
                             "rcu_per_item": 1.36, "sends_per_item": 1.0}}
    result = model(figures, 100_000, Assumptions(), SCALE[stage])
    assert result["reminder_lag_s"] <= 300, result["busiest_minute"]
