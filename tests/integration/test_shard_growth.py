"""Raising a stage's due-index shards (decision 0021) loses no due item: steps filed under the lower count
keep their shard numbers, which the higher count still reads; the new shards start without a watermark."""
from __future__ import annotations

import pytest

from chalicelib.adapters.dynamo import keys
from chalicelib.jobs import CHECKS
from tests.conftest import at
from tests.integration.helpers import customer, request


@pytest.fixture
def wechat_chain(svc):
    """A chain whose customers are reached by subscribe message."""
    import uuid

    from chalicelib.domain.messaging.messages import MESSAGE_KINDS
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    chain_id = "g" + uuid.uuid4().hex[:8]
    svc.ports.stores.put_chain(Chain(chain_id, "测试集团", mp_appid=f"wx{chain_id}", mp_secret_ref="/appt/test/mp-secret",
                                     templates={k: f"sub-{k}" for k in MESSAGE_KINDS}))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=chain_id, capacity_per_slot=3, walk_in_reserve=0.0,
                                    labour_hours={}))
    return chain_id


SLOTS = ("09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00", "14:30", "15:00")


def test_steps_filed_under_fewer_shards_are_all_found_and_sent_once_after_the_raise(svc, wechat_chain, clock, wechat,
                                                                                    monkeypatch):
    clock.set(at("2026-11-23", "08:00"))
    made = []
    for i, hhmm in enumerate(SLOTS):
        who = customer(svc, wechat_chain, f"g{i}")
        svc.customer_access.grant_subscriptions(who, {"reminder": 3})
        made.append(svc.booking.book_online(who, request(at("2026-11-24", hhmm), plate=f"沪G1000{i}"), "k")[0])
    clock.set(at("2026-11-23", "08:30"))
    CHECKS["reminders"].run(svc)  # a tick under the old count: every shard has a watermark
    filed = {keys.shard_of(b.booking_id) for b in made}
    assert filed <= set(range(keys.DUE_SHARDS))
    monkeypatch.setattr(keys, "DUE_SHARDS", keys.DUE_SHARDS * 4)  # the stage's row raised; the functions redeployed
    assert {keys.shard_of(b.booking_id) for b in made} != filed  # new steps would go to other shards now
    clock.set(at("2026-11-23", "16:00"))  # every T-24h reminder is due
    result = CHECKS["reminders"].run(svc)
    assert (result["enqueued"], result["done"], result["sent"]) == (10, 10, 10)
    assert CHECKS["reminders"].run(svc)["enqueued"] == 0  # each once
