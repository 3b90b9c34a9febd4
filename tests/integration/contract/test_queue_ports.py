"""The WorkQueue contract, on the in-memory queue and on SQS (the embedded server's) alike: what is sent is
received, a deleted item never returns, an undeleted one does (after its visibility timeout, a second here)."""
from __future__ import annotations

import time

from tests.integration.contract.conftest import VISIBILITY


def received_all(queue, name, expect, tries=20):
    got = []
    for _ in range(tries):
        got += queue.receive(name, 10)
        if len(got) >= expect:
            break
        time.sleep(0.05)
    return got


def test_items_are_received_and_deleted_once(ports):
    queue = ports.queue
    queue.send("contract", [{"n": str(n)} for n in range(13)])
    got = received_all(queue, "contract", 13)
    assert sorted(int(r.body["n"]) for r in got) == list(range(13))
    queue.delete("contract", [r.receipt for r in got])
    assert queue.receive("contract", 10) == []


def test_an_item_not_deleted_comes_back(ports):
    queue = ports.queue
    queue.send("redeliver", [{"booking_id": "b1", "check": "reminders", "action": "reminder_1440"}])
    first = received_all(queue, "redeliver", 1)
    assert [r.body["booking_id"] for r in first] == ["b1"]  # the worker died before deleting it
    assert queue.receive("redeliver", 10) == []  # invisible while its worker may still be at it
    time.sleep(VISIBILITY + 0.2)
    again = received_all(queue, "redeliver", 1)
    assert [r.body for r in again] == [first[0].body]
    queue.delete("redeliver", [again[0].receipt])
    assert queue.receive("redeliver", 10) == []


def test_a_grouped_queue_hands_out_one_group_at_a_time_and_a_repeat_once(ports):
    """The send queue (FIFO on SQS): while an item of a group is in flight, no other item of that group is
    handed out; other groups go on; an item sent again while still queued is taken once."""
    queue = ports.queue
    items = [{"dedupe_key": f"m{n}", "group": group, "attempt": "0"} for n, group in enumerate("aab")]
    queue.send("send", items)
    queue.send("send", items[:1])  # a second dispatcher tick enqueues the same message again
    first = received_all(queue, "send", 1)
    in_flight = {r.body["group"] for r in first}
    assert all(r.body["group"] not in in_flight for r in queue.receive("send", 10))  # nothing more of those
    got = first
    queue.delete("send", [r.receipt for r in first])
    for _ in range(20):
        more = queue.receive("send", 10)
        queue.delete("send", [r.receipt for r in more])
        got += more
        if len(got) >= 3:
            break
        time.sleep(0.05)
    assert sorted(r.body["dedupe_key"] for r in got) == ["m0", "m1", "m2"]
    assert [r.body["dedupe_key"] for r in got if r.body["group"] == "a"] == ["m0", "m1"]  # in order


def test_a_parked_item_keeps_its_error_until_it_is_put_back_and_a_grouped_queue_parks_too(ports):
    from chalicelib.domain.ports import Parked

    queue = ports.queue
    for name, body in (("parking", {"check": "reminders", "booking_id": "b9"}),
                       ("send", {"dedupe_key": "m9", "group": "g", "attempt": "0"})):
        queue.park(name, [Parked(body, "BadWorkItem: not a Booking", "bad_item", "reminders")])
        found = []
        for _ in range(20):
            found += queue.parked(name, 10)
            if found:
                break
            time.sleep(0.05)
        assert [p.item for p in found] == [Parked(body, "BadWorkItem: not a Booking", "bad_item", "reminders")]
        assert queue.receive(name, 10) == []  # parked items are not on the queue itself
        queue.unpark(name, [p.receipt for p in found])
        time.sleep(VISIBILITY + 0.2)
        assert queue.parked(name, 10) == []


def test_an_isolated_queue_shares_no_item(ports):
    queue = ports.queue
    other = queue.isolated("tt1-")
    queue.send("apart", [{"n": "real"}])
    other.send("apart", [{"n": "travelled"}])
    assert [r.body for r in received_all(other, "apart", 1)] == [{"n": "travelled"}]
    assert [r.body for r in received_all(queue, "apart", 1)] == [{"n": "real"}]


def test_sqs_parks_an_item_received_too_often_itself(request, clock):
    """SQS only: the in-memory queue has no receive limit (the in-process drain is bounded by its caller)."""
    from chalicelib.adapters.sqs import MAX_RECEIVES
    from tests.integration.contract.conftest import _dynamo_ports

    queue = _dynamo_ports(request, clock).queue
    queue.send("worn", [{"check": "reminders", "booking_id": "b7", "action": "reminder_1440"}])
    for _ in range(MAX_RECEIVES):
        assert len(received_all(queue, "worn", 1, tries=60)) == 1  # received, never deleted
        time.sleep(VISIBILITY + 0.1)
    assert queue.receive("worn", 10) == []  # the next receive found it over the limit: moved
    [moved] = queue.parked("worn", 10)
    assert moved.item.body["booking_id"] == "b7" and moved.item.kind == "transient"
