"""On the embedded DynamoDB and SQS (the deployed path): a poison item on each queue is parked in that queue's
dead-letter queue with its error on the first pass, and every other item is done on that same pass."""
from __future__ import annotations

from chalicelib.services.runs.fanout import CHECK_QUEUE, SEND_QUEUE, send_item
from tests.conftest import at
from tests.support.bookings import customer, request


def test_a_poison_item_on_each_queue_is_parked_and_the_rest_is_done_on_the_first_pass(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    for n, hhmm in enumerate(("09:00", "10:00", "11:00")):
        svc.booking.book_online(customer(svc, chain, f"p{n}"), request(at("2026-11-24", hhmm), plate=f"沪A3000{n}"), "k")
    clock.set(at("2026-11-23", "16:00"))  # the three T-24h reminders are due
    svc.ports.queue.send(CHECK_QUEUE, [{"v": "2", "check": "reminders", "booking_id": "b_gone", "action": "x",
                                        "booking": "not json"}])
    svc.ports.queue.send(SEND_QUEUE, [{**send_item(f"{chain}#b_gone#reminder#1"), "attempt": "never"}])
    first = svc.fanout.run("reminders")
    assert first["enqueued"] == 3 and first["done"] == 3 and first["parked"] == 2
    assert sum(n for k, n in first.items() if k in ("sent", "failed")) == 3  # each message tried once
    parked = {q: svc.fanout.parked(q) for q in (CHECK_QUEUE, SEND_QUEUE)}
    assert [p.kind for p in parked[CHECK_QUEUE]] == ["bad_item"] and "Booking" in parked[CHECK_QUEUE][0].error
    assert [p.kind for p in parked[SEND_QUEUE]] == ["bad_item"] and "attempt" in parked[SEND_QUEUE][0].error
    assert svc.ports.queue.receive(CHECK_QUEUE, 10) == [] and svc.ports.queue.receive(SEND_QUEUE, 10) == []
