"""The WorkQueue contract, on the in-memory queue and on SQS (the embedded server's) alike: what is sent is
received, a deleted item never returns, an undeleted one does (after its visibility timeout, a second here)."""
from __future__ import annotations

from tests.support.patience import ANSWER, wait_until


def received_all(queue, name, expect):
    """What the queue hands out, received until `expect` items came (or patience.ANSWER passed)."""
    got = []

    def enough() -> bool:
        got.extend(queue.receive(name, 10))
        return len(got) >= expect

    wait_until(enough, within=ANSWER, what=f"{expect} items from the {name} queue", every=0.05)
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
    again = received_all(queue, "redeliver", 1)  # back once its visibility timeout has passed
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

    def all_three() -> bool:
        more = queue.receive("send", 10)
        queue.delete("send", [r.receipt for r in more])
        got.extend(more)
        return len(got) >= 3

    wait_until(all_three, within=ANSWER, what="the send queue's three items", every=0.05)
    assert sorted(r.body["dedupe_key"] for r in got) == ["m0", "m1", "m2"]
    assert [r.body["dedupe_key"] for r in got if r.body["group"] == "a"] == ["m0", "m1"]  # in order


def test_a_parked_item_keeps_its_error_until_it_is_put_back_and_a_grouped_queue_parks_too(ports):
    import time

    from chalicelib.domain.ports import Parked
    from tests.integration.contract.conftest import VISIBILITY

    queue = ports.queue
    for name, body in (("parking", {"check": "reminders", "booking_id": "b9"}),
                       ("send", {"dedupe_key": "m9", "group": "g", "attempt": "0"})):
        queue.park(name, [Parked(body, "BadWorkItem: not a Booking", "bad_item", "reminders")])
        found = wait_until(lambda name=name: queue.parked(name, 10), within=ANSWER, what=f"the {name} queue's parked item")
        assert [p.item for p in found] == [Parked(body, "BadWorkItem: not a Booking", "bad_item", "reminders")]
        assert queue.receive(name, 10) == []  # parked items are not on the queue itself
        queue.unpark(name, [p.receipt for p in found])
        time.sleep(VISIBILITY + 0.2)  # past the visibility timeout: an unparked item never comes back
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
        assert len(received_all(queue, "worn", 1)) == 1  # received (once visible again), never deleted

    def moved():
        assert queue.receive("worn", 10) == []  # never handed out once more: the receive moves it instead
        return queue.parked("worn", 10)

    [moved_item] = wait_until(moved, within=ANSWER, what="the worn item in the dead-letter queue", every=0.2)
    assert moved_item.item.body["booking_id"] == "b7" and moved_item.item.kind == "transient"


def test_an_item_sent_with_a_delay_is_not_handed_out_before_it(ports):
    """A delivery delay (SQS DelaySeconds; the dispatcher's items read ahead): the delayed item stays hidden
    while one sent beside it without a delay is received."""
    queue = ports.queue
    queue.send("delayed", [{"n": "later"}, {"n": "now"}], [600, 0])
    got = received_all(queue, "delayed", 1)
    assert [r.body["n"] for r in got] == ["now"]
    queue.delete("delayed", [r.receipt for r in got])
    assert queue.receive("delayed", 10) == []
