"""The daily report fanned out on DynamoDB and SQS (the embedded server's) with a lowered dispatch limit: each
tick continues after the cursor the last one left in the check-state table, so every store is reported once."""
from __future__ import annotations

import uuid
from datetime import date

from chalicelib import container
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.services.runs.fanout import FanOut
from devstack.seed import demo_store
from tests.conftest import at


def test_25_stores_at_10_a_tick_are_all_reported_once_within_three_ticks(svc, clock, calls):
    chain_id = "r" + uuid.uuid4().hex[:8]
    svc.ports.stores.put_chain(Chain(chain_id, "大集团", mp_appid="wx" + chain_id, mp_secret_ref="/appt/test/mp-secret"))
    ids = [f"s{i:02d}" for i in range(25)]
    for store_id in ids:
        svc.ports.stores.put(demo_store(store_id, f"{store_id}店", chain_id=chain_id))
    enqueued, reported = [], 0
    for hhmm in ("20:05", "21:05", "22:05", "23:05"):
        clock.set(at("2026-11-23", hhmm))
        fresh = container.use_cases(svc.settings, svc.ports)  # each tick a new instance: the cursor is in the table
        tick = FanOut(svc.ports.bookings, svc.ports.outbox, svc.ports.watermarks, svc.ports.queue,
                      fresh.fanout._checks, fresh.notifier, svc.ports.clock, dispatch_limit=10, jobs=fresh.fanout._jobs)
        counts = tick.run("daily_report")
        enqueued.append(counts["enqueued"])
        reported += counts.get("reported", 0)
    assert enqueued == [10, 10, 5, 0] and reported == 25
    day = date(2026, 11, 23)
    assert [len(svc.ports.reports.between(chain_id, s, day, day)) for s in ids] == [1] * 25
    assert svc.ports.watermarks.position("daily_report#Asia/Shanghai") == "2026-11-23|~"
