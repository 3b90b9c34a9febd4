"""DynamoDB in provisioned mode with auto scaling, priced beside on-demand for a stage at a chain size (issue 22's
cost goal, decision 0070): does provisioned capacity pay for this service's writes?

The writes are not steady. Every reminder step sits at a slot's start minus a whole offset, so a store-day's
reminders arrive in a few minutes (18 slot starts, and 20:59 where the quiet-hour rule moves the night's), all
stores at once (one time zone). The check workers take each such minute's items as fast as the stage's row lets
them (`bench.scale_lag.reminder_lag`: the same rate the lag goal is computed with), so for that long the tables
take `check_rate x WCU per item` a second. Provisioned capacity must be there when that happens (auto scaling
reacts in minutes, after two minutes above its target, and a burst minute is over by then); without it the
writes are throttled, the items come back and the reminders are late. DynamoDB's burst capacity (up to 300 s of
unused capacity, kept best effort) is not counted on.

So each hour is provisioned for its busiest minute's rate (the burst minutes') and its other writes at the
auto-scaling target; a billed hour is the highest capacity set in it. Reads are left on-demand in both cases
(a few percent of the bill). All of it is per store-month, at the prices of bench/prices.py.

    python -m bench.provisioned [--stage prod] [--stores 100000]
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DAYS = 30
OFFSETS_H = (24, 3, 1)  # the demo store's reminder offsets, as bench/scale_lag.busiest_minute plans them


@dataclass(frozen=True)
class Provisioned:
    target: float = 0.7  # auto scaling's target utilisation (AWS's default 70 %)
    spike_target: float = 0.9  # a scheduled raise for a known minute can be sized closer
    # the shortest time a burst minute's items are worked over: 0 = as fast as the stage's check workers go;
    # 240 = slowed to just within the 5-minute lag goal (lower check concurrency: fewer WCU a second)
    spread_s: float = 0.0


def reminder_minutes(tz: str = "Asia/Shanghai", slots: int = 18) -> Counter[str]:
    """Reminder messages per store-local minute of a day, per booking (the domain's own plan, as the scale bench's
    busiest minute): every slot's T-24h, T-3h and T-1h reminders, the night-time ones moved to 20:59."""
    from chalicelib.domain.followup import contact

    zone = ZoneInfo(tz)
    day = datetime(2026, 11, 25, tzinfo=zone)
    counts: Counter[str] = Counter()
    for k in range(slots):
        start = day + timedelta(hours=8, minutes=30 + 30 * k)
        wanted = [(f"r{h * 60}", start - timedelta(hours=h)) for h in OFFSETS_H]
        for send in contact.plan(wanted, start, start - timedelta(days=3), (time(21), time(8, 30)), None, zone):
            counts[send.at.astimezone(zone).strftime("%H:%M")] += 1
    return Counter({minute: n / slots for minute, n in counts.items()})


def hourly_capacity(stores: int, stage: str, p: Provisioned) -> dict[str, Any]:
    """WCU provisioned per store-local hour (for the whole chain) and what on-demand bills for the same writes."""
    from bench.api_day import BOOKINGS, PER_STORE_DAY
    from bench.cost_model import API, CHECKS
    from bench.scale_lag import pipeline_for, reminder_lag
    from infra.scale_settings import SCALE

    reminders = CHECKS["reminders"]
    wcu_item = reminders[2]  # a burst minute's items are its reminder messages (the ack and SLA steps spread)
    day_wcu = sum(f[0] * f[2] for f in CHECKS.values()) + sum(PER_STORE_DAY[r] * f[1] for r, f in API.items())
    burst_wcu: Counter[int] = Counter()
    burst_rate: dict[int, float] = {}
    for minute, share in reminder_minutes().items():
        items = BOOKINGS * share * stores
        rate = reminder_lag(items, stores, reminders[1], SCALE[stage], pipeline_for(stage))["check_rate"]
        rate = min(rate, items / max(60.0, p.spread_s))
        hour = int(minute[:2])
        burst_wcu[hour] += items / stores * wcu_item
        burst_rate[hour] = max(burst_rate.get(hour, 0.0), rate * wcu_item)
    steady = (day_wcu - sum(burst_wcu.values())) / (13 * 3600)  # the rest over opening hours 08:00-21:00, per store
    capacity = {}
    for hour in range(24):
        rest = steady * stores if 8 <= hour < 21 else 0.0
        capacity[hour] = max(burst_rate.get(hour, 0.0) / p.spike_target + rest, rest / p.target, 1.0)
    return {"capacity_wcu": capacity, "day_wcu_per_store": day_wcu, "burst_wcu_per_store": sum(burst_wcu.values())}


def compare(stores: int = 100_000, stage: str = "prod", p: Provisioned | None = None) -> dict[str, Any]:
    """Per store-month: the writes on-demand, and provisioned for each hour's busiest minute (USD Singapore, CNY
    Ningxia)."""
    from bench.prices import NINGXIA, SINGAPORE

    found = hourly_capacity(stores, stage, p or Provisioned())
    wcu_hours = sum(found["capacity_wcu"].values()) * DAYS / stores  # per store-month
    writes = found["day_wcu_per_store"] * DAYS
    result: dict[str, Any] = {"stores": stores, "stage": stage, "wcu_per_store_day": round(found["day_wcu_per_store"]),
                              "in_burst_minutes": round(found["burst_wcu_per_store"] / found["day_wcu_per_store"], 3),
                              "peak_wcu": round(max(found["capacity_wcu"].values()))}
    for currency, prices in (("usd", SINGAPORE), ("cny", NINGXIA)):
        result[f"on_demand_{currency}"] = round(writes / 1e6 * prices["dynamodb_write_per_million"].value, 4)
        result[f"provisioned_{currency}"] = round(wcu_hours * prices["dynamodb_provisioned_wcu_hour"].value, 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="DynamoDB writes: provisioned with auto scaling against on-demand")
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--stores", type=int, default=100_000)
    args = parser.parse_args()
    for spread in (0.0, 240.0):
        print(json.dumps({"spread_s": spread, **compare(args.stores, args.stage, Provisioned(spread_s=spread))}))


if __name__ == "__main__":
    main()
