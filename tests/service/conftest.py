"""The service layer: the use cases on the in-memory fakes of every port, with no database and no HTTP server.
These fixtures override the root ones of the same names (which build on the embedded DynamoDB), so nothing
here starts a server. Each test gets its own ports, hence its own empty world."""
from __future__ import annotations

import pytest

from chalicelib import container
from chalicelib.config import Settings
from chalicelib.domain.messaging.messages import MESSAGE_KINDS
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from tests.service.helpers import add_staff

CHAIN = "svc-chain"


@pytest.fixture
def svc(clock):
    """The use cases on memory ports; `svc.ports.channels` is a FakeChannels that records every send."""
    return container.use_cases(Settings.from_env({}), container.memory_ports(clock))


@pytest.fixture
def chain(svc) -> str:
    """A chain with two stores: capacity 3 per slot, no walk-in reserve, labour hours unplanned. It has a
    subscribe template and an SMS template for every message kind; customers hold no subscribe authorization
    unless a test grants some, so messages go by SMS."""
    svc.ports.stores.put_chain(Chain(
        CHAIN, "测试集团", mp_appid="wxtest" + CHAIN, mp_secret_ref="/appt/test/mp-secret",
        templates={k: f"sub-{k}" for k in MESSAGE_KINDS}, sms={f"template.{k}": f"sms-{k}" for k in MESSAGE_KINDS},
    ))
    for store_id, name in (("pudong", "浦东店"), ("xuhui", "徐汇店")):
        store = demo_store(store_id, name, chain_id=CHAIN, capacity_per_slot=3, walk_in_reserve=0.0, labour_hours={})
        svc.ports.stores.put(store)
    return CHAIN


@pytest.fixture
def mgr(svc, chain) -> StaffAccess:
    """The pudong store manager."""
    return add_staff(svc, chain, "mgr", Role.STORE_MANAGER, {"pudong"})
