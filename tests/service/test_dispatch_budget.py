"""A booking check's tick within its time budget (decision 0022): a tick that runs out of time is continued by
the next after its cursor, never started over, so nothing is starved, lost or enqueued twice while on the
queue; steps read ahead are enqueued delayed to their moment; the workers' messages go ten to a call."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain.runs.dispatch_plan import DispatchPlan
from chalicelib.services.runs.fanout import CHECK_QUEUE, SEND_QUEUE, FanOut
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request

SLOTS = ("09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "14:30", "15:00")


class SlowQueue:
    """The work queue, where each send takes `seconds` of the tick's clock (and counts its calls)."""

    def __init__(self, queue, clock, seconds: int) -> None:
        self._queue, self._clock, self._seconds = queue, clock, seconds
        self.calls: list[tuple[str, int, list[int] | None]] = []

    def send(self, queue, bodies, delays=None):
        self.calls.append((queue, len(bodies), list(delays) if delays else None))
        self._clock.set(self._clock.now() + timedelta(seconds=self._seconds))
        self._queue.send(queue, bodies, delays)

    def __getattr__(self, name):
        return getattr(self._queue, name)


@pytest.fixture
def ten_booked(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    made = [svc.booking.book_online(customer(svc, chain, f"c{i}"), request(at("2026-11-24", hhmm), plate=f"沪A1000{i}"),
                                    "k")[0] for i, hhmm in enumerate(SLOTS)]
    clock.set(at("2026-11-23", "16:00"))  # every T-24h reminder is due
    return made


def fanout(svc, queue, plan: DispatchPlan, dispatchers: int = 1) -> FanOut:
    return FanOut(svc.ports.bookings, svc.ports.outbox, svc.ports.watermarks, queue, svc.fanout._checks, svc.notifier,
                  svc.ports.clock, plan=plan, dispatchers=dispatchers)


def test_a_tick_that_spends_its_budget_is_continued_by_the_next_and_nothing_is_enqueued_twice(svc, ten_booked, clock):
    """Each send takes a minute of a 30 s budget: a tick enqueues one item and stops. The workers are behind
    (nothing drained), yet each next tick enqueues the next item after its shard's cursor, never the first
    one again: ten ticks, ten items, each once."""
    queue = SlowQueue(svc.ports.queue, clock, seconds=60)
    small = fanout(svc, queue, DispatchPlan(budget=timedelta(seconds=30), chunk=1, redispatch_after=timedelta(days=1)))
    first = small.dispatch("reminders")
    assert first["enqueued"] == 1 and first["budget_spent"] >= 1
    ticks = [first["enqueued"]] + [small.dispatch("reminders")["enqueued"] for _ in range(12)]
    enqueued = [item.body["booking_id"] for item in svc.ports.queue.receive(CHECK_QUEUE, 100)]
    assert sum(ticks) == 10 and sorted(enqueued) == sorted(b.booking_id for b in ten_booked)
    svc.ports.queue.time_out()
    svc.fanout.drain()
    assert len(sent(svc)) == 10  # each reminder once


def test_a_killed_tick_loses_nothing_its_successor_enqueues_the_rest(svc, ten_booked, clock):
    """A tick dies at its second send (the function timed out): the cursor holds the item enqueued, and the
    next tick enqueues the other nine; every reminder is sent once."""
    queue = SlowQueue(svc.ports.queue, clock, seconds=0)
    plan = DispatchPlan(chunk=1, redispatch_after=timedelta(days=1))
    original = queue.send

    def dies_after_one(queue_name, bodies, delays=None):
        if queue.calls:
            raise TimeoutError("the function's time is up")
        original(queue_name, bodies, delays)

    queue.send = dies_after_one
    with pytest.raises(TimeoutError):
        fanout(svc, queue, plan).dispatch("reminders")
    queue.send = original
    assert fanout(svc, queue, plan, dispatchers=4).dispatch("reminders") == {"enqueued": 9}
    assert svc.fanout.drain()["sent"] == 10
    assert len(sent(svc)) == 10


def test_a_step_still_due_well_after_its_moment_is_enqueued_again(svc, ten_booked, clock):
    """The safety net behind the cursor: an item that vanished from the queue is enqueued again once it is
    `redispatch_after` past its moment, and its reminder is sent once."""
    plan = DispatchPlan(redispatch_after=timedelta(minutes=2))
    tick = fanout(svc, svc.ports.queue, plan)
    clock.set(at("2026-11-23", "09:00"))  # the 09:00 slot's T-24h reminder is due now
    assert tick.dispatch("reminders") == {"enqueued": 1}
    svc.ports.queue.purge(CHECK_QUEUE)  # lost
    clock.set(at("2026-11-23", "09:01"))
    assert tick.dispatch("reminders") == {"enqueued": 0}  # on the queue for all the dispatcher knows
    clock.set(at("2026-11-23", "09:03"))
    assert tick.dispatch("reminders") == {"enqueued": 1}  # overdue: enqueued again
    assert svc.fanout.drain()["sent"] == 1


def test_steps_read_ahead_are_enqueued_delayed_to_their_moment_and_done_then(svc, ten_booked, clock):
    """Ten minutes ahead: at 08:52 the 09:00 reminder goes on the queue with a delay of 480 s (and the 09:30
    one not yet); it is hidden until then, done at its moment, and not enqueued again by the ticks between."""
    queue = SlowQueue(svc.ports.queue, clock, seconds=0)
    tick = fanout(svc, queue, DispatchPlan(lookahead=timedelta(minutes=10)))
    clock.set(at("2026-11-23", "08:52"))
    assert tick.dispatch("reminders") == {"enqueued": 1}
    assert queue.calls == [(CHECK_QUEUE, 1, [480])]
    assert svc.ports.queue.receive(CHECK_QUEUE, 10) == []  # not visible before its moment
    clock.set(at("2026-11-23", "08:53"))
    assert tick.dispatch("reminders") == {"enqueued": 0}
    clock.set(at("2026-11-23", "09:00"))
    svc.ports.queue.release_delayed()
    assert tick.run("reminders") == {"enqueued": 0, "done": 1, "sent": 1}


def test_a_worker_batch_queues_its_messages_in_one_call(svc, ten_booked, clock):
    """Ten reminders done in one batch put their ten send items on the send queue in one SendMessageBatch."""
    from chalicelib import container

    queue = SlowQueue(svc.ports.queue, clock, seconds=0)
    ports = svc.ports
    ports.queue = queue
    wired = container.use_cases(svc.settings, ports)
    wired.fanout.dispatch("reminders")
    batch = svc.ports.queue.receive(CHECK_QUEUE, 10)
    queue.calls.clear()
    wired.fanout.handle(CHECK_QUEUE, [item.body for item in batch])
    assert queue.calls == [(SEND_QUEUE, 10, None)]
    assert wired.fanout.drain() == {"sent": 10}
