"""The local stage's time travel (`/local/checks/{name}?now=`) keeps watermarks of its own: a run in the future
drives the same checks but never moves the watermark the real-clock schedules use (finding 9)."""
from __future__ import annotations

from datetime import timedelta

from chalicelib import container
from chalicelib.adapters.dynamo import keys
from chalicelib.jobs import CHECKS


def marks(svc, prefix=""):
    """The check's watermark of every due-index shard."""
    return [svc.ports.watermarks.clean_before(f"{prefix}reminders#{shard}") for shard in range(keys.DUE_SHARDS)]


def test_a_run_in_the_future_leaves_the_real_watermark_alone(svc, chain, clock):
    CHECKS["reminders"].run(svc)
    real = marks(svc)
    future = container.at_time(svc, clock.now() + timedelta(days=10))
    CHECKS["reminders"].run(future)
    assert marks(svc) == real
    travelled = marks(svc, container.TIME_TRAVEL_NAMESPACE)
    assert all(t is not None and (r is None or t > r) for t, r in zip(travelled, real, strict=True))
    clock.advance(hours=2)
    CHECKS["reminders"].run(svc)  # the real schedule still looks at its own hours
    assert marks(svc) != travelled


def test_a_run_at_another_moment_takes_no_item_of_the_real_queues(svc, chain, clock):
    from chalicelib.services.runs.fanout import CHECK_QUEUE

    real_item = {"v": "2", "check": "reminders", "booking_id": "b_real", "action": "reminder_1440"}
    svc.ports.queue.send(CHECK_QUEUE, [real_item])
    future = container.at_time(svc, clock.now() + timedelta(days=10))
    CHECKS["reminders"].run(future)  # dispatches and drains its own queues only
    assert [r.body for r in svc.ports.queue.receive(CHECK_QUEUE, 10)] == [real_item]
