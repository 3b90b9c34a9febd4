"""The scale model: from the per-item costs bench/scale.py measured on the local stack, and stated latencies,
the lag of each check, the hottest due-index key's share of a partition's write limit, requests and capacity
units per day, and cost per store per month at a chain size (bench/prices.py). Lag cannot be measured on the
serialised local server, so it is computed here; every assumption is an argument with its default below.
The reminders' lag and the hottest key come from the stage's scale settings as deployed (bench/scale_lag.py)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bench.prices import AS_OF, PRICES
from bench.scale_lag import Pipeline, busiest_minute, hottest_share, pipeline_for, reminder_lag
from infra.scale_settings import SCALE, ScaleSettings

EGRESS_AZS = 2  # infra/egress.py's (not imported: that module loads the CDK)

PARTITION_WCU = 1000  # a partition's (and a GSI partition's) write limit per second
PARTITION_RCU = 3000
TICKS = {"reminders": 1440, "lateness": 1440, "outbox": 1440, "follow_up": 24, "daily_report": 24, "lapse": 24}


@dataclass(frozen=True)
class Assumptions:
    dynamodb_ms: float = 5.0  # one request, in region
    wechat_ms: float = 80.0  # one subscribe-message send, from the region
    sqs_ms: float = 20.0  # enqueue to a worker's receive
    # workers at once, all chains together: 100 chains of 100 stores with 10 senders each (WeChat's per-app
    # rate limits and the shared token cap it per chain, not overall)
    concurrency: int = 1000
    page_items: int = 400  # due items per Query page (1 MB pages, ~2.5 KB bookings)
    due_shards: int = 32  # APPT_DUE_SHARDS
    # of a store's daily reminder items, the share due in the busiest minute: every reminder step sits at a
    # slot's start minus a whole offset, and a day has 18 slot starts (08:30-17:00, 30 min)
    peak_share: float = 1 / 18
    ticks_per_day: dict[str, int] | None = None  # per check; None: from the registry's cadence
    lambda_ms_per_item: float = 40.0  # billed duration per item (requests in flight, JSON, rendering)
    lambda_gb: float = 0.5
    log_bytes_per_item: int = 300
    metrics_per_store: float = 0.0  # custom metrics are per check, not per store: ~0 per store
    stores_per_chain: int = 100
    bookings_per_store_day: int = 60  # as bench/scale.py seeds them

    def describe(self) -> dict[str, Any]:
        return {**self.__dict__, "prices_as_of": AS_OF}


def item_latency_s(requests_per_item: float, sends: float, a: Assumptions) -> float:
    return (requests_per_item * a.dynamodb_ms + sends * a.wechat_ms + a.sqs_ms) / 1000


def check_lag(per_store_day: float, requests_per_item: float, sends: float, stores: int, a: Assumptions,
              peak_share: float) -> float:
    """Seconds from the tick to the last item of the busiest tick done: the dispatcher's pages (each shard in
    parallel) plus the items spread over the workers. The tick's own offset (EventBridge fires once a
    minute, at some second of it: 30 s on average) comes on top."""
    items = per_store_day * stores * peak_share
    pages = math.ceil(items / a.due_shards / a.page_items) if items else 0
    dispatch = pages * (a.dynamodb_ms + a.sqs_ms) / 1000
    return dispatch + items * item_latency_s(requests_per_item, sends, a) / a.concurrency


def monthly_cost(per_check: dict[str, dict[str, float]], stores: int, a: Assumptions, region: str) -> dict[str, float]:
    p = PRICES[region]
    wcu = rcu = requests = sqs = items = 0.0
    for figures in per_check.values():
        due = figures["per_store_day"] * stores * 30
        items += due
        wcu += due * figures["wcu_per_item"]
        rcu += due * figures["rcu_per_item"]
        requests += due * figures["requests_per_item"]
        sqs += due * figures.get("sqs_per_item", 3.0)
    requests += sum(f.get("fixed_requests_per_tick", 0.0) * TICKS.get(name, 1440) * 30 for name, f in per_check.items())
    rcu += sum(f.get("fixed_requests_per_tick", 0.0) * 0.5 * TICKS.get(name, 1440) * 30 for name, f in per_check.items())
    invocations = items / 10 + 6 * 60 * 24 * 30  # batches of 10, and the ticks
    cost = {
        "dynamodb": wcu / 1e6 * float(p["dynamodb_write_per_million"]) + rcu / 1e6 * float(p["dynamodb_read_per_million"]),
        "lambda": invocations / 1e6 * float(p["lambda_request_per_million"])
        + items * a.lambda_ms_per_item / 1000 * a.lambda_gb * float(p["lambda_gb_second"]),
        "sqs": sqs / 1e6 * float(p["sqs_request_per_million"]),
        "eventbridge": 0.0,  # scheduled rules on the default bus cost nothing; six of them per deployment
        "cloudwatch": items * a.log_bytes_per_item / 1e9 * float(p["logs_ingest_gb"])
        + 20 * float(p["metric_month"]),  # ~20 custom metrics per deployment
        # the fixed outbound address for WeChat's token call: a NAT gateway and an Elastic IP per zone, all month
        "egress_nat": EGRESS_AZS * 730 * (float(p["nat_gateway_hour"]) + float(p["public_ipv4_hour"])),
    }
    cost["total"] = sum(cost.values())
    cost["per_store"] = cost["total"] / stores
    return cost


def model(per_check: dict[str, dict[str, float]], stores: int, a: Assumptions, scale: ScaleSettings | None = None,
          pipeline: Pipeline | None = None) -> dict[str, Any]:
    """One chain size as a stage deploys it: the other checks' lags as before (a.due_shards, a.concurrency), the
    reminders' through the stage's pipeline (bench/scale_lag.py), its busiest minute being the 20:59 spike."""
    scale = scale or SCALE["prod"]
    pipeline = pipeline or (pipeline_for(scale.stage) if scale.stage in SCALE else Pipeline())
    reminders = per_check.get("reminders", {"per_store_day": 0.0, "requests_per_item": 4.0, "sends_per_item": 1.0})
    lags = {
        name: round(check_lag(f["per_store_day"], f["requests_per_item"], f.get("sends_per_item", 0.0), stores, a,
                              a.peak_share if name in ("lateness", "outbox") else 1 / 8), 1)
        for name, f in per_check.items() if name != "reminders"
    }
    minute, share = busiest_minute()
    spike = a.bookings_per_store_day * share * stores
    pipe = reminder_lag(spike, stores, reminders["requests_per_item"], scale, pipeline)
    lags["reminders"] = pipe["lag_s"]
    hottest = hottest_share(max(pipe["check_rate"], pipe["send_rate"]), scale, pipeline)
    usd, cny = monthly_cost(per_check, stores, a, "global"), monthly_cost(per_check, stores, a, "china")
    per_day = {k: round(sum(f["per_store_day"] * stores * f[k] for f in per_check.values()))
               for k in ("requests_per_item", "wcu_per_item", "rcu_per_item")}
    return {
        "stage": scale.stage,
        "stores": stores,
        "reminder_lag_s": pipe["lag_s"],
        "busiest_minute": {"at": minute, "items": round(spike), **{k: v for k, v in pipe.items() if k != "lag_s"}},
        "lag_s": lags,
        "hottest_partition_share": round(hottest, 4),
        "requests_per_day": per_day["requests_per_item"],
        "wcu_per_day": per_day["wcu_per_item"],
        "rcu_per_day": per_day["rcu_per_item"],
        "usd_per_store_month": round(usd["per_store"], 4),
        "cny_per_store_month": round(cny["per_store"], 4),
        **whole_service_cost(stores, scale.stage, usd["per_store"], cny["per_store"]),
    }


def whole_service_cost(stores: int, stage: str, checks_usd: float, checks_cny: float) -> dict[str, Any]:
    """The whole service's cost per store-month from bench/cost_model.py when it is there; else the scheduled
    checks' alone, said so by its one component."""
    try:
        from bench.cost_model import whole_service  # type: ignore[import-not-found]
    except ImportError:
        return {"usd_per_store_month_total": round(checks_usd, 4), "cny_per_store_month_total": round(checks_cny, 4),
                "components": {"checks": {"usd": round(checks_usd, 4), "cny": round(checks_cny, 4)}}}
    cost = whole_service(stores, stage)
    return {key: cost[key] for key in ("usd_per_store_month_total", "cny_per_store_month_total", "components")}


def first_break(result: dict[str, Any], a: Assumptions) -> str:
    """Where a size breaks first, in the order it would be felt."""
    if result["hottest_partition_share"] > 0.10:
        return (f"the due index's hottest key at {result['hottest_partition_share']:.0%} of a partition's writes: "
                f"raise the stage's due_shards (infra/scale_settings.py) or lower its workers' maximum concurrency")
    if result["reminder_lag_s"] > 300:
        minute = result["busiest_minute"]
        return (f"reminder lag {result['reminder_lag_s']:.0f} s at {minute['at']} ({minute['items']:,} items): "
                f"dispatch {minute['dispatch_s']} s, check workers {minute['checks_s']} s, sends {minute['sends_s']} s")
    late = [name for name, lag in result["lag_s"].items() if lag > 3600]
    if late:
        return f"{', '.join(late)} no longer finishing within their hour"
    return "nothing within the model; the account's Lambda concurrency quota is the next limit"
