"""The reminder pipeline at a chain size, as a stage deploys it (infra/scale_settings.py): the busiest minute
(the 20:59 spike the quiet-hour rule makes, from the domain's own reminder plan), the dispatcher (look-ahead,
shards, threads, time budget), the check and send workers (SQS-driven Lambda's scale-up rate, the event
source's maximum concurrency, the account's concurrency quota) and the hottest due-index key.

Everything not measured by bench/scale.py is an assumption with its default in `Pipeline`; the figures are
what the stage would do if the assumptions hold, not measurements of AWS."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from infra.scale_settings import ScaleSettings, WorkerScale

PARTITION_WCU = 1000  # a partition's (and a GSI partition's) write limit per second
SLOT_STARTS = 18  # 08:30-17:00 every 30 minutes, as the bench's stores are booked


@dataclass(frozen=True)
class Pipeline:
    dynamodb_ms: float = 5.0  # one request, in region (assumed)
    wechat_ms: float = 80.0  # one subscribe-message send, from the region (assumed)
    sqs_ms: float = 20.0  # one SQS call; also a poller's receive-to-invoke (assumed)
    send_requests: float = 3.0  # DynamoDB requests of one send beside WeChat's (claim, mark sent, token) (assumed)
    start_concurrency: int = 5  # an SQS event source's pollers at a quiet queue (AWS: five batches at once)
    scale_up_per_min: int = 300  # more concurrent batches an SQS event source adds per minute (AWS's figure)
    account_quota: int = 1000  # Lambda concurrency per account and region (pipeline_for: the table's quota)
    shared_with: int = 0  # what the other stages in the same account and region hold (dev beside prod)
    api_concurrency: int = 200  # the API's own executions at the peak (~4,000 requests/s x 50 ms) (assumed)
    page_ms: float = 30.0  # one due-index Query page of 400 items (assumed)
    wcu_per_index_write: float = 2.0  # an index entry moved (the booking's ALL projection) (assumed)
    stores_per_chain: int = 100
    groups_per_chain: int = 8  # chalicelib/services/runs/fanout.py GROUPS_PER_CHAIN
    tick_offset_s: float = 60.0  # a schedule fires somewhere in its minute: the worst case, without look-ahead
    # message groups in one send batch: SQS hands out as many messages of one group as it can, and a worker
    # sends one group's messages one after the other (the per-chain cap, decision 0008)
    send_groups_per_batch: float = 1.0


def pipeline_for(stage: str, **assumed: Any) -> Pipeline:
    """The pipeline of a stage: its region's Lambda concurrency quota (the scale table's), less what the
    other stages of the same region need (dev beside prod)."""
    from infra.scale_settings import REGION_QUOTAS, SCALE
    from infra.stages import BY_NAME

    region = BY_NAME[stage].region
    others = sum(SCALE[s.name].account_concurrency for s in BY_NAME.values() if s.region == region and s.name != stage)
    return Pipeline(**{"account_quota": REGION_QUOTAS[region], "shared_with": others, **assumed})


def busiest_minute(tz: str = "Asia/Shanghai") -> tuple[str, float]:
    """The store-local minute holding most reminder messages of a day's bookings, and its share per booking:
    every slot's T-24h, T-3h and T-1h reminders planned by the domain's own rule (contact.plan), the demo
    quiet hours 21:00-08:30 moving the night-time ones to 20:59 the evening before."""
    from chalicelib.domain.followup import contact

    zone = ZoneInfo(tz)
    day = datetime(2026, 11, 25, tzinfo=zone)
    counts: Counter[str] = Counter()
    for k in range(SLOT_STARTS):
        start = day + timedelta(hours=8, minutes=30 + 30 * k)
        wanted = [(name, start - timedelta(hours=h)) for name, h in (("r1440", 24), ("r180", 3), ("r60", 1))]
        for send in contact.plan(wanted, start, start - timedelta(days=3), (time(21), time(8, 30)), None, zone):
            counts[send.at.astimezone(zone).strftime("%H:%M")] += 1
    minute, most = counts.most_common(1)[0]
    return minute, most / SLOT_STARTS


def ramp_time(items: float, per_execution_s: float, worker: WorkerScale, cap: int, p: Pipeline) -> tuple[float, float]:
    """Seconds until `items` are worked off by an event source scaling from its start concurrency by
    scale_up_per_min, up to min(its maximum concurrency, what the account leaves it), each execution working
    off one item per `per_execution_s`; and the concurrency it had reached by then."""
    top = max(2, min(worker.maximum_concurrency, cap))
    start = min(p.start_concurrency, top)
    slope = p.scale_up_per_min / 60.0
    t_top = (top - start) / slope
    ramp_items = (start * t_top + slope * t_top ** 2 / 2) / per_execution_s
    if items <= ramp_items:  # still ramping: solve start*t + slope*t^2/2 = items * per_execution_s
        t = (-start + math.sqrt(start ** 2 + 2 * slope * items * per_execution_s)) / slope
        return t, start + slope * t
    return t_top + (items - ramp_items) * per_execution_s / top, float(top)


def item_seconds(batch: int, parallel: int, per_item_s: float, overhead_s: float) -> float:
    """An execution's time per item: a batch is worked `parallel` at a time, plus the batch's own calls."""
    return (math.ceil(batch / parallel) * per_item_s + overhead_s) / batch


def dispatch_rate(s: ScaleSettings, p: Pipeline) -> float:
    """Items per second one tick enqueues: its threads each read a page and send it ten to a call."""
    per_item = p.page_ms / 1000 / s.dispatch_page_items + p.sqs_ms / 1000 / 10
    return min(s.dispatchers, s.due_shards) / per_item


def dispatch_after_moment(items: float, s: ScaleSettings, p: Pipeline) -> tuple[float, float]:
    """(seconds after the moment the schedule's tick starts on what is left, seconds enqueueing it): with a
    look-ahead the ticks before the moment enqueue the minute (at most a minute's work each), delayed to it."""
    rate = dispatch_rate(s, p)
    ticks_ahead = max(0, (s.dispatch_lookahead_s - 60) // 60)
    left = max(0.0, items - rate * ticks_ahead * min(s.dispatch_budget_s, 60))
    return (p.tick_offset_s if left else 0.0), left / rate


def reminder_lag(items: float, stores: int, requests_per_item: float, s: ScaleSettings, p: Pipeline) -> dict[str, Any]:
    """The last item of the busiest minute: seconds from its moment to its message sent, and the parts (the
    dispatcher, the check workers and the send workers work in a pipeline: the slowest part sets the pace)."""
    start, dispatch_s = dispatch_after_moment(items, s, p)
    left = p.account_quota - p.shared_with - p.api_concurrency
    check_cap = min(left, s.checks.reserved_concurrency or left)
    check_item = item_seconds(s.checks.batch_size, s.checks.parallel, requests_per_item * p.dynamodb_ms / 1000,
                              3 * p.sqs_ms / 1000)  # receive, delete, the batch's send items in one call
    checks, check_reached = ramp_time(items, check_item, s.checks, check_cap, p)
    check_concurrency = min(s.checks.maximum_concurrency, check_cap)
    send_cap = min(left - check_concurrency, s.send.reserved_concurrency or left)
    send_parallel = max(1, min(s.send.parallel, math.floor(p.send_groups_per_batch)))
    send_item = item_seconds(s.send.batch_size, send_parallel, (p.wechat_ms + p.send_requests * p.dynamodb_ms) / 1000,
                             2 * p.sqs_ms / 1000)
    sends, send_reached = ramp_time(items, send_item, s.send, send_cap, p)
    # one chain's messages go through its groups_per_chain FIFO groups, each one message after the other
    per_chain = items / max(1.0, stores / p.stores_per_chain)
    chain_s = per_chain * (p.wechat_ms + p.send_requests * p.dynamodb_ms) / 1000 / p.groups_per_chain
    lag = start + max(dispatch_s, checks, sends, chain_s) + check_item * s.checks.batch_size + send_item * s.send.batch_size
    return {"lag_s": round(lag, 1), "dispatch_s": round(start + dispatch_s, 1), "checks_s": round(checks, 1),
            "sends_s": round(sends, 1), "chain_s": round(chain_s, 1),
            # the fastest the workers take items and send messages (what loads the due indexes' keys)
            "check_rate": round(check_reached / check_item), "send_rate": round(send_reached / send_item),
            "check_concurrency": round(check_reached), "send_concurrency": round(send_reached)}


def hottest_share(peak_items_per_s: float, s: ScaleSettings, p: Pipeline) -> float:
    """The busiest due-index key's share of a partition's write limit: the busiest minute's items all leave one
    hour bucket (each spread over the shards) as fast as the workers take them, and the messages they queue
    enter and leave the outbox's due day (sharded alike) as fast as they are sent."""
    return peak_items_per_s * p.wcu_per_index_write / s.due_shards / PARTITION_WCU
