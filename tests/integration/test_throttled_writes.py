"""On the embedded DynamoDB (the deployed path, PynamoDB and botocore as deployed): a write DynamoDB throttles
after botocore's own retries (a provisioned table over its capacity, prod-cn's burst minutes, decision 0080)
comes back to the check worker as PynamoDB's error around botocore's; the item must be left for SQS to redeliver,
never parked, and its redelivery must send its reminder once."""
from __future__ import annotations

from typing import Any

import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from chalicelib.services.runs.fanout import CHECK_QUEUE, SEND_QUEUE
from tests.conftest import at
from tests.support.bookings import customer, request


class _Throttle:
    """Answers every call of `operation` that names `key` with DynamoDB's throttling error, as botocore raises it
    once its own retries are spent (and the adapter's, transaction.py's); every other call goes to the embedded
    DynamoDB. `lift()` ends the throttling (the capacity raised, the burst over)."""

    def __init__(self, operation: str, key: str) -> None:
        self.operation, self.key, self.on, self.refused = operation, key, True, 0

    def lift(self) -> None:
        self.on = False

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        original = BaseClient._make_api_call

        def call(client: BaseClient, operation: str, params: dict[str, Any]) -> Any:
            if self.on and operation == self.operation and self.key in str(params):
                self.refused += 1
                raise ClientError({"Error": {"Code": "ProvisionedThroughputExceededException",
                                             "Message": "The level of configured provisioned throughput for the table "
                                                        "was exceeded."}}, operation)
            return original(client, operation, params)

        monkeypatch.setattr(BaseClient, "_make_api_call", call)


def _three_reminders_due(svc, chain, clock) -> list[dict[str, str]]:
    clock.set(at("2026-11-23", "08:00"))
    for n, hhmm in enumerate(("09:00", "10:00", "11:00")):
        svc.booking.book_online(customer(svc, chain, f"t{n}"), request(at("2026-11-24", hhmm), plate=f"沪A4000{n}"), "k")
    clock.set(at("2026-11-23", "16:00"))  # the three T-24h reminders are due
    svc.fanout.dispatch("reminders")
    bodies = [item.body for item in svc.ports.queue.receive(CHECK_QUEUE, 10)]
    assert len(bodies) == 3
    return bodies


def test_a_check_items_throttled_transaction_comes_back_as_a_retried_item_and_its_reminder_is_sent_once(
        svc, chain, clock, monkeypatch):
    bodies = _three_reminders_due(svc, chain, clock)
    throttle = _Throttle("TransactWriteItems", bodies[1]["booking_id"])
    throttle.install(monkeypatch)
    first = svc.fanout.handle(CHECK_QUEUE, bodies)
    assert throttle.refused >= 1
    assert first.retry == [1] and first.counts == {"done": 2, "retried": 1}, first
    assert svc.fanout.parked(CHECK_QUEUE) == []

    throttle.lift()
    again = svc.fanout.handle(CHECK_QUEUE, [bodies[1]])  # SQS redelivers that item alone
    assert again.retry == [] and again.counts == {"done": 1}, again
    assert svc.fanout.parked(CHECK_QUEUE) == []
    drained = svc.fanout.drain()  # the send workers: each booking's message tried once, none lost
    assert drained.get("sent", 0) + drained.get("failed", 0) == 3, drained


def test_a_send_items_throttled_claim_comes_back_as_a_retried_item_and_is_sent_once(svc, chain, clock, monkeypatch):
    bodies = _three_reminders_due(svc, chain, clock)
    assert svc.fanout.handle(CHECK_QUEUE, bodies).counts == {"done": 3}
    sends = [item.body for item in svc.ports.queue.receive(SEND_QUEUE, 10)]
    assert len(sends) == 3
    throttled = next(n for n, body in enumerate(sends) if bodies[1]["booking_id"] in str(body))
    throttle = _Throttle("UpdateItem", bodies[1]["booking_id"])
    throttle.install(monkeypatch)
    first = svc.fanout.handle(SEND_QUEUE, sends)
    assert throttle.refused >= 1
    # it, and the rest of its FIFO group's lane after it (the group's order holds), come back; nothing is parked
    assert throttled in first.retry and first.counts["retried"] == len(first.retry), first
    assert svc.fanout.parked(SEND_QUEUE) == []

    throttle.lift()
    again = svc.fanout.handle(SEND_QUEUE, [sends[n] for n in first.retry])  # SQS redelivers those items
    assert again.retry == [] and svc.fanout.parked(SEND_QUEUE) == [], again
    tried = [first.counts.get(k, 0) + again.counts.get(k, 0) for k in ("sent", "failed")]
    assert sum(tried) == 3, (first, again)  # each message tried once
    assert svc.fanout.drain() == {}  # nothing left
