"""The per-stage scale table (infra/scale_settings.py, decision 0021): one row per deployed stage, shards that
only grow, a dispatch budget inside its function's time, worker settings Lambda honours, and an app that
reads back exactly what the stack gives it."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from chalicelib.config import Settings
from infra.scale_settings import DEPLOYED_SHARDS, REGION_QUOTAS, SCALE, UNRESERVED_FLOOR, WorkerScale
from infra.stages import STAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_stage_has_a_row_and_only_they():
    assert set(SCALE) == {stage.name for stage in STAGES}
    assert all(SCALE[name].stage == name for name in SCALE)


@pytest.mark.parametrize("stage", sorted(SCALE))
def test_shards_never_go_below_what_the_stage_ran_with(stage):
    assert SCALE[stage].due_shards >= max(DEPLOYED_SHARDS[stage])


@pytest.mark.parametrize("stage", sorted(SCALE))
def test_a_tick_dispatches_inside_its_function_time_and_reads_ahead_within_sqs_delays(stage):
    functions = json.loads((ROOT / ".chalice" / "config.json").read_text())["lambda_functions"]
    scale = SCALE[stage]
    for check in ("reminders", "lateness", "follow_up"):
        assert scale.dispatch_budget_s + 20 <= functions[check]["lambda_timeout"], check
    assert 0 <= scale.dispatch_lookahead_s <= 840  # SQS delays at most 900 s; a tick comes up to a minute late
    assert scale.redispatch_after_s >= 60 and 1 <= scale.dispatch_page_items <= 1000


@pytest.mark.parametrize("stage", sorted(SCALE))
def test_the_app_reads_back_what_the_stack_sets(stage):
    scale = SCALE[stage]
    settings = Settings.from_env(scale.environment())
    assert (settings.dispatch_page_items, settings.dispatch_budget_s, settings.dispatch_lookahead_s,
            settings.redispatch_after_s, settings.dispatchers, settings.senders, settings.check_parallel) == (
        scale.dispatch_page_items, scale.dispatch_budget_s, scale.dispatch_lookahead_s, scale.redispatch_after_s,
        scale.dispatchers, scale.send.parallel, scale.checks.parallel)
    assert scale.environment()["APPT_DUE_SHARDS"] == str(scale.due_shards)


def test_stages_sharing_an_account_region_fit_its_concurrency_quota():
    """dev and prod both deploy to ap-southeast-1: what they need together fits the quota the table says the
    region's account must have, and what they reserve leaves Lambda's unreserved floor and the unreserved
    functions' needs (the API, the checks, dev) beside it. prod-cn's account is another partition's."""
    needed, reserved = defaultdict(int), defaultdict(int)
    for stage in STAGES:
        scale = SCALE[stage.name]
        held = sum(w.reserved_concurrency or 0 for w in (scale.checks, scale.send))
        needed[stage.region] += scale.account_concurrency
        reserved[stage.region] += held
    for region, quota in REGION_QUOTAS.items():
        assert needed[region] + UNRESERVED_FLOOR <= quota, region
        assert reserved[region] <= quota - UNRESERVED_FLOOR - (needed[region] - reserved[region]), region
    assert set(needed) == set(REGION_QUOTAS)


def test_worker_settings_lambda_would_refuse_or_throttle_are_refused():
    with pytest.raises(ValueError):
        WorkerScale(batch_size=11, maximum_concurrency=10, reserved_concurrency=None, parallel=1)  # FIFO's limit
    with pytest.raises(ValueError):
        WorkerScale(batch_size=10, maximum_concurrency=1, reserved_concurrency=None, parallel=1)  # ScalingConfig's floor
    with pytest.raises(ValueError):  # reserved below the event source's maximum: its batches would be throttled
        WorkerScale(batch_size=10, maximum_concurrency=50, reserved_concurrency=20, parallel=1)


def test_every_audience_throttled_is_one_routes_declare():
    from chalicelib.api.audience import Audience

    assert all(set(scale.api) <= {a.value for a in Audience} for scale in SCALE.values())


@pytest.mark.parametrize("stage", sorted(SCALE))
def test_only_the_derived_search_index_goes_unbacked_and_infrequent_access(stage):
    """Decision 0070: the search index is rebuilt from the bookings (migration 0004_search_index), so it has no
    backup of its own, and it is mostly stored, seldom written; every table named is one the models define."""
    from infra.migrations import MIGRATIONS
    from infra.tables import table_specs

    kept = SCALE[stage].tables
    assert kept.unbacked == kept.infrequent_access == ("search",)
    assert "0004_search_index" in {m.id for m in MIGRATIONS}
    assert set(kept.unbacked) <= {spec.name for spec in table_specs()}
