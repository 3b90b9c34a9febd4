"""The fanned-out checks on the fakes: a tick dispatches one item per due booking, per shard; the workers
decide and commit each and queue its messages; the send workers send them. Killed workers and repeated
ticks neither lose nor repeat a message; no tick enqueues more than its limit."""
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


def test_no_tick_enqueues_more_than_its_limit_and_the_rest_waits_for_the_next(svc, ten_booked):
    small = FanOut(svc.ports.bookings, svc.ports.outbox, svc.ports.watermarks, svc.ports.queue, svc.fanout._checks,
                   svc.notifier, svc.ports.clock, dispatch_limit=keys.DUE_SHARDS)  # one item per shard
    first = small.dispatch("reminders")["enqueued"]
    assert 1 <= first <= keys.DUE_SHARDS
    small.drain()
    total = first
    for _ in range(10):
        total += small.run("reminders")["enqueued"]
    assert total == 10 and len(sent(svc)) == 10


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
    assert svc.fanout.run("daily_report") == {"enqueued": 2, "unchanged": 2}  # the next hour: stored once
