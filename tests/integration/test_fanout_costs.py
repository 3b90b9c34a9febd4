"""The fanned-out reminder run on DynamoDB and SQS (the embedded server's), as the local stack and the
deployed functions run it: every reminder sent once, and its cost in DynamoDB requests per due item."""
from __future__ import annotations

import uuid
from collections import Counter

import pytest

from chalicelib.adapters.dynamo import keys
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.jobs import CHECKS
from devstack.seed import demo_store
from tests.conftest import at
from tests.integration.helpers import customer, request

SLOTS = ("09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "14:30", "15:00")


@pytest.fixture
def wechat_chain(svc):
    """A chain whose customers are reached by subscribe message (the common case)."""
    chain_id = "f" + uuid.uuid4().hex[:8]
    svc.ports.stores.put_chain(Chain(chain_id, "测试集团", mp_appid=f"wx{chain_id}", mp_secret_ref="/appt/test/mp-secret",
                                     templates={k: f"sub-{k}" for k in MESSAGE_KINDS}))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=chain_id, capacity_per_slot=3, walk_in_reserve=0.0,
                                    labour_hours={}))
    return chain_id


def table(name: str) -> str:
    return name.split("-", 1)[1]


def test_a_reminder_costs_at_most_four_dynamodb_requests_per_due_item(svc, wechat_chain, clock, calls, wechat):
    """Per due item: the step's transaction (booking + message), the message's claim, the customer's
    authorization taken and read in one update, the message marked sent. Per tick, not per item: a Query per
    shard and hour bucket, each shard's watermark; per function instance and minute: store, chain, token."""
    chain = wechat_chain
    clock.set(at("2026-11-23", "08:00"))
    for i, hhmm in enumerate(SLOTS):
        who = customer(svc, chain, f"c{i}")
        svc.customer_access.grant_subscriptions(who, {"reminder": 3})
        svc.booking.book_online(who, request(at("2026-11-24", hhmm), plate=f"沪A1000{i}"), "k")
    clock.set(at("2026-11-23", "08:30"))
    CHECKS["reminders"].run(svc)  # nothing due yet; each shard's watermark moves to the hour before
    clock.set(at("2026-11-23", "16:00"))
    calls.clear()
    result = CHECKS["reminders"].run(svc)
    assert (result["enqueued"], result["done"], result["sent"]) == (10, 10, 10)
    per_item = [(op, table(t)) for op, t, index in calls.tables
                if t and index is None and table(t).split(",")[0] in ("bookings", "outbox", "customers")]
    # the bookings are still unconfirmed 2 store-hours after they were made: each also had its SLA step (the
    # booking and its call task in one transaction), and before it its confirmation warning (the booking alone:
    # no staff to tell in this chain), each a due step of its own
    sla = ("TransactWriteItems", f"bookings,{svc.settings.table_prefix}-tasks")
    warning = ("TransactWriteItems", "bookings")
    assert Counter(per_item) == {("TransactWriteItems", f"bookings,{svc.settings.table_prefix}-outbox"): 10,
                                 ("UpdateItem", "outbox"): 20, ("UpdateItem", "customers"): 10, sla: 10, warning: 10}
    assert (len(per_item) - 20) / 10 <= 4
    hours = 10  # 07:00 (the watermark) to 16:00 local, both included; a tick a minute reads two
    queries = [t.split("-")[-1] for op, t, index in calls.tables if op == "Query"]
    # the holiday schedules (the platform's, the chain's) are read with the store, once per instance and minute;
    # so are the event types the chain's webhook endpoints want (none here: no event is written)
    assert Counter(queries) == {"bookings": hours * keys.DUE_SHARDS, "holidays": 2, "webhooks": 1}
