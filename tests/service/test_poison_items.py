"""One bad work item never holds up the rest: on every queue, an item that would fail again is parked at
once with its error and counted, every other item is done on the first pass, and a redrive puts the parked
item back after the fix. A failure that may pass is redelivered alone (with the rest of its FIFO group)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib import container
from chalicelib.adapters.metrics import RecordingMetrics
from chalicelib.config import Settings
from chalicelib.observability import CHECK_ITEMS_FAILED
from chalicelib.services.runs.fanout import CHECK_QUEUE, SEND_QUEUE, send_item
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request

SLOTS = ("09:00", "09:30", "10:00", "10:30", "11:00", "13:00")
POISON = {
    "a copy that does not read": {"v": "2", "check": "reminders", "booking_id": "b_x", "action": "reminder_1440",
                                  "booking": '{"booking_id": "b_x", "status": "no-such-status"}'},
    "a newer release's item": {"v": "9", "check": "reminders", "booking_id": "b_x", "action": "reminder_1440"},
    "an unknown check": {"v": "2", "check": "nope", "booking_id": "b_x", "action": "reminder_1440"},
    "no check at all": {"unreadable": "}{"},
    "a job item of a store that is gone": {"v": "2", "check": "daily_report", "chain_id": "svc-chain",
                                           "store_id": "gone"},
}


@pytest.fixture
def metrics():
    return RecordingMetrics()


@pytest.fixture
def svc(clock, metrics):
    ports = replace(container.memory_ports(clock), metrics=metrics)
    return container.use_cases(Settings.from_env({}), ports)


@pytest.fixture
def six_due(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    made = [svc.booking.book_online(customer(svc, chain, f"c{i}"), request(at("2026-11-24", hhmm), plate=f"沪A2000{i}"),
                                    "k")[0] for i, hhmm in enumerate(SLOTS)]
    clock.set(at("2026-11-23", "16:00"))  # every T-24h reminder is due
    return made


@pytest.mark.parametrize("case", sorted(POISON))
def test_a_poison_check_item_is_parked_with_its_error_and_every_other_item_is_done_on_the_first_pass(
        svc, six_due, metrics, case):
    svc.ports.queue.send(CHECK_QUEUE, [POISON[case]])
    assert svc.fanout.dispatch("reminders") == {"enqueued": 6}
    first = svc.fanout.drain()
    assert first["done"] == 6 and first["sent"] == 6 and first["parked"] == 1
    assert len(sent(svc)) == 6
    assert svc.ports.queue.depth(CHECK_QUEUE) == 0  # nothing left behind to be redelivered
    [parked] = svc.fanout.parked(CHECK_QUEUE)
    assert parked.body == POISON[case] and parked.error and parked.kind in ("bad_item", "refused")
    assert metrics.total(CHECK_ITEMS_FAILED.name, kind=parked.kind) == 1


def test_a_poison_message_is_parked_and_its_group_mates_are_sent_on_the_first_pass(svc, six_due, metrics):
    svc.fanout.dispatch("reminders")
    for item in svc.ports.queue.receive(CHECK_QUEUE, 10):  # the check workers queue six messages ...
        svc.fanout.handle(CHECK_QUEUE, [item.body])
    svc.ports.queue.purge(SEND_QUEUE)
    keys_ = [r.dedupe_key for page in svc.ports.outbox.due_pages(svc.clock.now()) for r in page]
    one_group = [send_item(k, groups_per_chain=1) for k in keys_]  # ... all in one FIFO group, a bad one first
    poison = {**one_group[0], "dedupe_key": one_group[0]["dedupe_key"], "attempt": "first"}
    svc.ports.queue.send(SEND_QUEUE, [poison, *one_group])
    first = svc.fanout.drain()
    assert first == {"parked": 1, "sent": 6}
    assert len(sent(svc)) == 6
    [parked] = svc.fanout.parked(SEND_QUEUE)
    assert parked.kind == "bad_item" and parked.check == "outbox" and "attempt" in parked.error
    assert metrics.total(CHECK_ITEMS_FAILED.name, check="outbox", kind="bad_item") == 1


def test_a_send_that_may_pass_is_redelivered_with_the_rest_of_its_group_and_other_groups_go_on(svc):
    from types import SimpleNamespace

    from chalicelib.domain.errors import UpstreamUnavailable

    done: list[str] = []

    def deliver(key):
        if key == "a#1#busy":
            raise UpstreamUnavailable("WeChat busy")
        done.append(key)
        return SimpleNamespace(status="sent")

    svc.fanout._notifier = SimpleNamespace(deliver=deliver)
    group_a = [{**send_item(k), "group": "a#0"} for k in ("a#0#first", "a#1#busy", "a#2#after")]
    group_b = [{**send_item(k), "group": "b#0"} for k in ("b#0#one", "b#1#two")]
    result = svc.fanout.handle(SEND_QUEUE, [*group_a, *group_b])
    assert result.retry == [1, 2]  # the busy one and the one behind it in its group: order holds
    assert sorted(done) == ["a#0#first", "b#0#one", "b#1#two"]
    assert svc.fanout.parked(SEND_QUEUE) == []


def test_a_fault_is_parked_then_put_back_by_a_redrive_after_the_fix(svc, six_due, monkeypatch):
    original = svc.fanout._checks.work
    broken = six_due[2].booking_id

    def defect(check, booking_id, action, copy=None):
        if booking_id == broken:
            raise TypeError("a defect in this release")
        return original(check, booking_id, action, copy)

    monkeypatch.setattr(svc.fanout._checks, "work", defect)
    first = svc.fanout.run("reminders")
    assert first["done"] == 5 and first["parked"] == 1 and len(sent(svc)) == 5
    [parked] = svc.fanout.parked(CHECK_QUEUE)
    assert parked.kind == "fault" and "TypeError: a defect" in parked.error and parked.body["booking_id"] == broken
    svc.ports.queue.time_out()  # the look at the parked items hid them for their visibility timeout
    monkeypatch.setattr(svc.fanout._checks, "work", original)  # the fix is deployed
    assert svc.fanout.redrive(CHECK_QUEUE, check="lapse") == {"redriven": 0, "passed_over": 1}
    svc.ports.queue.time_out()
    assert svc.fanout.redrive(CHECK_QUEUE) == {"redriven": 1, "passed_over": 0}
    again = svc.fanout.drain()
    assert again == {"done": 1, "sent": 1}
    assert len(sent(svc)) == 6 and svc.fanout.parked(CHECK_QUEUE) == []


def test_an_item_that_cannot_be_encoded_is_parked_by_the_dispatcher_and_the_tick_goes_on(svc, six_due, monkeypatch):
    from chalicelib.domain.runs import work_items

    real = work_items.encode
    bad = six_due[4].booking_id

    def encode(value):
        if getattr(value, "booking_id", None) == bad:
            return real(object())  # what a booking the codec does not know would do
        return real(value)

    monkeypatch.setattr(work_items, "encode", encode)
    assert svc.fanout.dispatch("reminders") == {"enqueued": 5}
    [parked] = svc.fanout.parked(CHECK_QUEUE)
    assert parked.kind == "bad_item" and parked.body["booking_id"] == bad and "booking" not in parked.body
    monkeypatch.setattr(work_items, "encode", real)
    assert svc.fanout.drain()["done"] == 5
    svc.ports.queue.time_out()
    svc.fanout.redrive(CHECK_QUEUE)
    assert svc.fanout.drain() == {"done": 1, "sent": 1}  # without the copy, the worker reads the booking
    assert len(sent(svc)) == 6
