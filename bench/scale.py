"""A simulated day of every check at chain scale, through the dispatcher and the workers on the local stack
(embedded DynamoDB and SQS, WeChat stand-in), then the model for 10,000 and 100,000 stores.

Seeds N stores (`--stores`) with 60 bookings per store-day through the real booking path, follow-ups due on the
day measured, and customers of every lapse age. Then the clock walks two days, a warm-up day and the day
measured, in `--tick`-minute steps: the store's people act (bench/store_day.py: customers book for two days
ahead, acknowledge reminders and arrive; advisors confirm, check in, start and complete the cars and work the
call list), and every check runs at its cadence through `CHECKS[name].run` (dispatch, then the workers drained
in-process). Per check it prints items due, DynamoDB requests and read/write capacity units per item (as
DynamoDB bills them: bench/capacity.py), messages sent, duplicates and lost (the figures are the day measured's;
duplicates and lost count both days); `--kill` makes a worker die mid-batch (its batch comes back).
The model then takes a stage's scale settings as it would deploy (infra/scale_settings.py, `--stage`, prod by
default). Last line: one JSON object, its "model" the stage's figures at 10,000 and 100,000 stores.
Run: `.venv/bin/python -m bench.scale [--stores N] [--kill 0.2] [--stage prod]`.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.meter import Meter, install
from bench.scale_lag import pipeline_for
from bench.scale_model import Assumptions, first_break, model
from bench.stack import bench_stack
from bench.store_day import BOOKINGS_PER_DAY, People

SH = ZoneInfo("Asia/Shanghai")
DAY = datetime(2026, 11, 25, 0, 0, tzinfo=SH)  # a Wednesday: the day measured
WARM_UP = DAY - timedelta(days=1)  # walked first, not measured
PER_STORE_DAY = BOOKINGS_PER_DAY


def seed(svc, stores: int, rng: random.Random) -> People:  # type: ignore[no-untyped-def]
    """Chain, stores, the bookings of the warm-up day and of DAY, the follow-ups due on DAY, lapse ages."""
    from bench.scale_seed import seed_chain

    return seed_chain(svc, stores, rng, DAY, PER_STORE_DAY)


def simulated_days(svc, meter: Meter, tick_minutes: int, people: People,  # type: ignore[no-untyped-def]
                   measured: Callable[[], None] = lambda: None) -> dict[str, Counter]:
    """The warm-up day, then DAY: the meter and the figures are DAY's alone (`measured` is called between), so
    what a day costs is measured on a day that starts as every day does, with yesterday's work done."""
    walk_day(svc, meter, tick_minutes, people, WARM_UP)
    meter.reset()
    people.closed_tasks = 0
    measured()
    return walk_day(svc, meter, tick_minutes, people, DAY)


def killing(svc, rate: float, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """A worker that dies mid-batch: it does the first half, then raises before deleting anything."""
    handle = svc.fanout.handle

    def flaky(queue: str, bodies: list[dict[str, str]]):  # type: ignore[no-untyped-def]
        if rate and len(bodies) > 1 and rng.random() < rate:
            handle(queue, bodies[: len(bodies) // 2])
            raise RuntimeError("worker killed mid-batch")
        return handle(queue, bodies)

    svc.fanout.handle = flaky


def walk_day(svc, meter: Meter, tick_minutes: int, people: People, day: datetime) -> dict[str, Counter]:  # type: ignore[no-untyped-def]
    from bench.scale_seed import new_bookings
    from chalicelib.jobs import CHECKS, Every

    results: dict[str, Counter] = defaultdict(Counter)
    new_bookings(svc, people, day, PER_STORE_DAY)
    now = day
    while now < day + timedelta(days=1):
        meter.check = "people"
        people.act(svc, now, tick_minutes)
        for name, check in CHECKS.items():
            period = check.cadence.minutes if isinstance(check.cadence, Every) else 24 * 60
            if ((now - day) // timedelta(minutes=1)) % max(period, tick_minutes) >= tick_minutes:
                continue
            meter.check = name
            before = meter.requests[name]
            counts = settle(svc, check.run)
            results[name].update(counts)
            meter.ticks[name].append((meter.requests[name] - before, tick_items(name, counts)))
        meter.check = "between"
        now += timedelta(minutes=tick_minutes)
    return results


def tick_items(name: str, counts: Counter) -> int:
    from bench.scale_report import due_items

    return due_items(name, counts)


def settle(svc, run) -> Counter:  # type: ignore[no-untyped-def]
    """Run, then drain again until no batch a killed worker left behind comes back (visibility: 1 s)."""
    counts = Counter(run(svc))
    while counts.get("failed_batches", 0) or _in_flight(svc):
        time.sleep(1.1)
        again = svc.fanout.drain()
        counts.update(again)
        if not again.get("failed_batches") and not _in_flight(svc):
            break
    return counts


def _in_flight(svc) -> bool:  # type: ignore[no-untyped-def]
    queue = svc.ports.queue
    for name in ("checks", "send"):
        attrs = queue._client.get_queue_attributes(QueueUrl=queue.url(name), AttributeNames=["All"])["Attributes"]
        if int(attrs["ApproximateNumberOfMessages"]) or int(attrs["ApproximateNumberOfMessagesNotVisible"]):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=4, help="4 take about 5 minutes on 2 cores")
    parser.add_argument("--tick", type=int, default=15, help="minutes between ticks of the simulated day")
    parser.add_argument("--kill", type=float, default=0.0, help="share of worker batches killed mid-batch")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--stage", default="prod", help="the stage whose scale settings the model uses")
    parser.add_argument("--figures", type=Path, help="model from a run's saved figures instead of a new run")
    parser.add_argument("--save-figures", type=Path, help="keep this run's figures for --figures")
    args = parser.parse_args()
    from infra.scale_settings import SCALE

    scale = SCALE[args.stage]
    started = time.monotonic()
    if args.figures:
        measured = json.loads(args.figures.read_text())
        args.stores, args.kill = measured.get("run", {}).get("stores", args.stores), measured.get("run", {}).get("kill", 0)
    else:
        measured = {**simulate(args), "run": {"stores": args.stores, "kill": args.kill}}
        if args.save_figures:
            args.save_figures.write_text(json.dumps(measured, ensure_ascii=False))
    assumptions = Assumptions(due_shards=scale.due_shards)
    models = [model(measured["per_check"], size, assumptions, scale) for size in (10_000, 100_000)]
    for m in models:
        spike = m["busiest_minute"]
        print(f"model {m['stores']:>7,} stores, stage {m['stage']}: reminder lag {m['reminder_lag_s']} s (busiest minute "
              f"{spike['at']}, {spike['items']:,} items: {spike}), hottest key {m['hottest_partition_share']:.1%}, "
              f"{m['usd_per_store_month_total']} USD / {m['cny_per_store_month_total']} CNY per store-month "
              f"({m['components']}), lag per check {m['lag_s']}")
    print(f"100,000 stores break first at: {first_break(models[1], assumptions)}")
    print(f"stage {args.stage}: {scale}")
    print(f"assumptions: {assumptions.describe()}; {pipeline_for(args.stage)}; wall time {time.monotonic() - started:.0f} s")
    print(json.dumps({"stores": args.stores, "kill": args.kill, **measured["summary"], "stage": args.stage,
                      "model": [{k: m[k] for k in ("stores", "reminder_lag_s", "hottest_partition_share",
                                                    "usd_per_store_month_total", "cny_per_store_month_total",
                                                    "components")} for m in models]}, ensure_ascii=False))


def simulate(args: argparse.Namespace) -> dict[str, Any]:
    from bench.scale_report import report

    rng = random.Random(args.seed)
    meter = Meter()
    install(meter)
    with bench_stack(DAY - timedelta(days=2, hours=-8), queue_visibility=1) as svc:
        people = seed(svc, args.stores, rng)
        killing(svc, args.kill, rng)
        results = simulated_days(svc, meter, args.tick, people)
        print(f"calls the people closed on the day measured: {people.closed_tasks / args.stores:.1f} a store "
              "(bench/api_day.py TASKS_CLOSED)")
        return report(svc, meter, results, args.stores, DAY)


if __name__ == "__main__":
    main()
