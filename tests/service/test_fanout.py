"""The fanned-out checks on the fakes: a tick dispatches one item per due booking, per shard; the workers
decide and commit each and queue its messages; the send workers send them. Killed workers and repeated
ticks neither lose nor repeat a message (a tick's time budget: tests/service/test_dispatch_budget.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.adapters.dynamo import keys
from chalicelib.services.runs.fanout import CHECK_QUEUE, SEND_QUEUE, FanOut
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request

SLOTS = ("09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "14:30", "15:00")


@pytest.fixture
def ten_booked(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    made = [svc.booking.book_online(customer(svc, chain, f"c{i}"), request(at("2026-11-24", hhmm), plate=f"沪A1000{i}"),
                                    "k")[0] for i, hhmm in enumerate(SLOTS)]
    clock.set(at("2026-11-23", "16:00"))  # every T-24h reminder is due
    return made


def test_a_tick_enqueues_each_due_booking_once_and_the_workers_send_each_reminder_once(svc, ten_booked):
    assert svc.fanout.dispatch("reminders") == {"enqueued": 10}
    assert svc.ports.queue.depth(CHECK_QUEUE) == 10 and sent(svc) == []
    drained = svc.fanout.drain()
    assert drained == {"done": 10, "sent": 10}
    assert len(sent(svc)) == 10
    assert svc.fanout.run("reminders") == {"enqueued": 0}  # nothing due is left


def test_each_shard_keeps_its_own_watermark_behind_what_it_enqueued_until_the_workers_are_done(svc, ten_booked):
    svc.fanout.dispatch("reminders")
    for shard in range(keys.DUE_SHARDS):
        hours = [b.start - timedelta(hours=24) for b in ten_booked if keys.shard_of(b.booking_id) == shard]
        mark = svc.ports.watermarks.clean_before(f"reminders#{shard}")
        assert mark is None or not hours or mark <= min(hours), shard  # never past an hour it enqueued from
    svc.fanout.drain()
    svc.fanout.dispatch("reminders")  # nothing left: every shard moves on
    this_hour = at("2026-11-23", "16:00").astimezone(keys.UTC).replace(minute=0)
    for shard in range(keys.DUE_SHARDS):
        assert svc.ports.watermarks.clean_before(f"reminders#{shard}") == this_hour - timedelta(hours=1)


def test_an_item_whose_worker_died_is_redelivered_and_done_once(svc, ten_booked):
    svc.fanout.dispatch("reminders")
    batch = svc.ports.queue.receive(CHECK_QUEUE, 10)
    # the worker did half its batch, then died before deleting anything
    svc.fanout.handle(CHECK_QUEUE, [item.body for item in batch[:5]])
    svc.ports.queue.time_out()  # its visibility timeout passes
    again = svc.fanout.drain()
    assert again["done"] == 5 and again["stale"] == 5  # the first five were done already: found done, not redone
    assert len(sent(svc)) == 10


def test_an_item_whose_copy_went_stale_is_left_to_the_next_tick_without_a_read(svc, ten_booked, clock):
    from dataclasses import replace

    from chalicelib.domain.booking.change import decide

    svc.fanout.dispatch("reminders")
    moved = ten_booked[0].booking_id  # staff give it an advisor after the tick read the index: still due
    svc.fanout._checks._changes.apply(moved, lambda b, store: decide(b, replace(b, advisor="李工"), store, clock.now()))
    reads = []
    original = svc.ports.bookings.get
    svc.ports.bookings.get = lambda booking_id: reads.append(booking_id) or original(booking_id)
    assert svc.fanout.drain() == {"done": 9, "stale": 1, "sent": 9}
    assert reads == []  # the refused write was the whole cost of the stale copy
    assert svc.fanout.run("reminders") == {"enqueued": 1, "done": 1, "sent": 1}  # the next tick finds it, once
    assert len(sent(svc)) == 10


def test_a_tick_run_twice_or_concurrently_sends_each_message_once(svc, ten_booked):
    svc.fanout.dispatch("reminders")
    svc.fanout.dispatch("reminders")  # the next tick came before the workers: every item enqueued twice
    assert svc.ports.queue.depth(CHECK_QUEUE) == 20
    drained = svc.fanout.drain()
    assert drained["done"] == 10 and drained["stale"] == 10
    assert len(sent(svc)) == 10


def test_a_throttled_item_alone_is_redelivered_and_its_batch_mates_are_done(svc, ten_booked, monkeypatch):
    svc.fanout.dispatch("reminders")
    bodies = [item.body for item in svc.ports.queue.receive(CHECK_QUEUE, 10)]
    original = svc.fanout._checks.work

    def flaky(check, booking_id, action, copy=None):
        if booking_id == bodies[3]["booking_id"]:
            raise Throttled()
        return original(check, booking_id, action, copy)

    monkeypatch.setattr(svc.fanout._checks, "work", flaky)
    first = svc.fanout.handle(CHECK_QUEUE, bodies)
    assert first.retry == [3] and first.counts == {"done": 9, "retried": 1}
    monkeypatch.setattr(svc.fanout._checks, "work", original)
    again = svc.fanout.handle(CHECK_QUEUE, [bodies[3]])  # SQS redelivers that item alone
    assert again.retry == [] and again.counts == {"done": 1}
    assert svc.fanout.parked(CHECK_QUEUE) == []


class Throttled(Exception):
    """Shaped as botocore's ClientError for DynamoDB throttling (services never import botocore)."""

    response = {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}


def test_the_outbox_tick_enqueues_due_messages_for_the_send_workers(svc, ten_booked):
    svc.fanout.dispatch("reminders")
    for item in svc.ports.queue.receive(CHECK_QUEUE, 10):
        svc.fanout.handle(CHECK_QUEUE, [item.body])
    svc.ports.queue.purge(SEND_QUEUE)  # the send queue lost them (or sending failed before the claim)
    assert sent(svc) == []
    assert svc.fanout.run("outbox") == {"enqueued": 10, "sent": 10}
    assert len(sent(svc)) == 10


def test_unknown_work_is_refused(svc):
    with pytest.raises(ValueError):
        svc.fanout.dispatch("nope")
    with pytest.raises(ValueError):
        svc.fanout.handle("nope", [{}])


class _CountingNotifier:
    """Stands in for the notifier: counts the sends of each chain under way at once."""

    def __init__(self):
        import threading

        self.lock, self.now, self.most, self.done = threading.Lock(), {}, {}, []

    def deliver(self, dedupe_key):
        import time
        from types import SimpleNamespace

        chain = dedupe_key.split("#")[0]
        with self.lock:
            self.now[chain] = self.now.get(chain, 0) + 1
            self.most[chain] = max(self.most.get(chain, 0), self.now[chain])
        time.sleep(0.01)
        with self.lock:
            self.now[chain] -= 1
            self.done.append(dedupe_key)
        return SimpleNamespace(status="sent")


def test_however_many_send_workers_run_one_chain_has_at_most_its_groups_sending(svc):
    """Six workers at once, each sending up to eight at a time: the busy chain never has more than its two
    groups' worth of sends under way, the quiet chain is not held up, and every message goes once."""
    from concurrent.futures import ThreadPoolExecutor

    from chalicelib.adapters.memory.queue import MemoryQueue
    from chalicelib.services.runs.fanout import GROUPED, send_item

    queue, notifier = MemoryQueue(grouped=GROUPED), _CountingNotifier()
    fanout = FanOut(svc.ports.bookings, svc.ports.outbox, svc.ports.watermarks, queue, svc.fanout._checks, notifier,
                    svc.clock, senders=8, groups_per_chain=2)
    keys_ = [f"busy#b{n}#reminder#1" for n in range(40)] + [f"quiet#b{n}#reminder#1" for n in range(6)]
    queue.send(SEND_QUEUE, [send_item(k, groups_per_chain=2) for k in keys_])

    def worker(_):
        while items := queue.receive(SEND_QUEUE, 10):
            fanout.handle(SEND_QUEUE, [i.body for i in items])
            queue.delete(SEND_QUEUE, [i.receipt for i in items])

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(worker, range(6)))
    assert sorted(notifier.done) == sorted(keys_)
    assert notifier.most["busy"] <= 2 and notifier.most["quiet"] <= 2


def test_the_daily_report_fans_out_one_item_per_store_whose_evening_has_come(svc, chain, clock):
    from datetime import date

    clock.set(at("2026-11-23", "19:30"))
    assert svc.fanout.dispatch("daily_report") == {"enqueued": 0}  # not yet evening in Shanghai
    clock.set(at("2026-11-23", "20:30"))
    assert svc.fanout.dispatch("daily_report") == {"enqueued": 2}  # the chain's two stores
    assert svc.ports.queue.depth(CHECK_QUEUE) == 2
    assert svc.fanout.drain() == {"reported": 2}
    assert [r["day"] for r in svc.ports.reports.between(chain, "pudong", date(2026, 11, 23), date(2026, 11, 23))] == [
        "2026-11-23"]
    assert svc.fanout.run("daily_report") == {"enqueued": 0}  # the next hour: neither enqueued again
    assert svc.daily_report.work({"chain_id": chain, "store_id": "pudong"}) == "unchanged"  # and stored once


# --- a capped tick continues where the last one stopped ------------------------------------------------------
MANY = "many-stores"


def _stores(svc, n: int, chain_id: str = MANY) -> list[str]:
    """`n` stores of one chain, all in Shanghai (as all of mainland China is)."""
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    svc.ports.stores.put_chain(Chain(chain_id, "大集团", mp_appid="wx" + chain_id, mp_secret_ref="/appt/test/mp-secret"))
    ids = [f"s{i:02d}" for i in range(n)]
    for store_id in ids:
        svc.ports.stores.put(demo_store(store_id, f"{store_id}店", chain_id=chain_id))
    return ids


def _capped(svc, limit: int) -> FanOut:
    """The fan-out as wired, enqueuing at most `limit` items a tick (a fresh instance: nothing kept in memory)."""
    from chalicelib import container

    fresh = container.use_cases(svc.settings, svc.ports)
    return FanOut(svc.ports.bookings, svc.ports.outbox, svc.ports.watermarks, svc.ports.queue, fresh.fanout._checks,
                  fresh.notifier, svc.ports.clock, dispatch_limit=limit, jobs=fresh.fanout._jobs)


def _reported(svc, ids: list[str], day: str) -> list[str]:
    from datetime import date

    when = date.fromisoformat(day)
    return [s for s in ids for _ in svc.ports.reports.between(MANY, s, when, when)]


def test_a_capped_daily_report_reaches_every_store_each_tick_continuing_where_the_last_stopped(svc, clock):
    """25 stores in one time zone, 10 a tick: each evening tick enqueues the next ten, never a store already
    enqueued, so all 25 are reported once within ceil(25 / 10) ticks; the fourth tick has nothing left."""
    ids = _stores(svc, 25)
    enqueued, reported = [], 0
    for hhmm in ("20:05", "21:05", "22:05", "23:05"):
        clock.set(at("2026-11-23", hhmm))
        counts = _capped(svc, 10).run("daily_report")  # each tick a new instance, as a new Lambda would be
        enqueued.append(counts["enqueued"])
        reported += counts.get("reported", 0)
    assert enqueued == [10, 10, 5, 0]
    assert reported == 25 and sorted(_reported(svc, ids, "2026-11-23")) == ids


def test_a_tick_killed_before_it_enqueued_moves_no_cursor_and_the_next_continues(svc, clock, monkeypatch):
    ids = _stores(svc, 25)
    clock.set(at("2026-11-23", "20:05"))
    assert _capped(svc, 10).run("daily_report")["enqueued"] == 10
    clock.set(at("2026-11-23", "21:05"))
    queue = svc.ports.queue
    original = queue.send
    monkeypatch.setattr(queue, "send", lambda name, bodies: (_ for _ in ()).throw(RuntimeError("killed")))
    with pytest.raises(RuntimeError):
        _capped(svc, 10).dispatch("daily_report")
    monkeypatch.setattr(queue, "send", original)
    assert [_capped(svc, 10).run("daily_report")["enqueued"] for _ in range(3)] == [10, 5, 0]
    assert sorted(_reported(svc, ids, "2026-11-23")) == ids


def test_an_evening_left_unfinished_is_finished_after_midnight_for_its_own_day(svc, clock):
    """A cap that the evening's ticks cannot get through: the stores left are reported the next morning, for
    the day they missed, before that day's own evening starts afresh."""
    ids = _stores(svc, 25)
    clock.set(at("2026-11-23", "23:05"))
    assert _capped(svc, 10).run("daily_report")["enqueued"] == 10
    for hhmm, expected in (("00:05", 10), ("01:05", 5), ("02:05", 0), ("19:05", 0)):
        clock.set(at("2026-11-24", hhmm))
        assert _capped(svc, 10).run("daily_report")["enqueued"] == expected, hhmm
    assert sorted(_reported(svc, ids, "2026-11-23")) == ids and _reported(svc, ids, "2026-11-24") == []
    clock.set(at("2026-11-24", "20:05"))
    assert _capped(svc, 10).run("daily_report") == {"enqueued": 10, "reported": 10}
    assert len(_reported(svc, ids, "2026-11-24")) == 10


def test_a_capped_lapse_run_is_not_held_up_by_items_that_stay_due(svc, chain, clock):
    """12 lost-stage customers whose home store is gone stay due (each item finds it stale), and they are the
    oldest; 13 others are due behind them. 10 a tick: the stuck ones are retried only after the fresh ones, so
    the 13 are done within ceil(25 / 10) ticks."""
    from datetime import UTC

    clock.set(at("2026-11-23", "18:00"))
    for n in range(25):  # the customers' records as the lapse index holds them
        svc.ports.lapses._state.customers[(chain, f"c{n:02d}")] = {
            "name": f"客户{n}", "lapse_stage": "lost", "lapse_at": (clock.now() - timedelta(hours=30 - n)).astimezone(UTC),
            "last_visit": "2026-02-20", "home_store": "closed" if n < 12 else "pudong"}
    outcomes: list[dict[str, int]] = []
    for hour in range(3):
        clock.set(at("2026-11-23", f"{18 + hour}:05"))
        outcomes.append(_capped(svc, 10).run("lapse"))
    assert sum(o.get("lost", 0) for o in outcomes) == 13
    assert [d.customer_id for d in svc.ports.lapses.due(clock.now())] == [f"c{n:02d}" for n in range(12)]
