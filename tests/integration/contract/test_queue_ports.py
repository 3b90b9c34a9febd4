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
