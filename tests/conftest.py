"""Shared fixtures: one moto *server* (real HTTP) and one WeChat stand-in per session; each test gets its
own chain, so tests never see each other's data."""
from __future__ import annotations

import logging
import os
import uuid
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from tests.support import calls as calls_support

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the moto server's access log

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday morning in Shanghai: the clock most service tests start from.
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)
JWT_SECRET = "test-jwt-secret-0123456789abcdef0123"


def _cheap_argon2():
    """Argon2id at its lowest cost: the suite logs staff in hundreds of times (production: t=3, 64 MiB)."""
    from argon2 import PasswordHasher

    from chalicelib.adapters.people.passwords import Argon2Passwords

    return Argon2Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


CHEAP_ARGON2 = _cheap_argon2()


@pytest.fixture(scope="session")
def moto_url():
    from devstack.dynamodb import EmbeddedDynamo

    server = EmbeddedDynamo().start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def wechat():
    from devstack.wechat_standin import WeChatStandIn

    server = WeChatStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wecom():
    """The WeCom stand-in (devstack/wecom_standin.py), shared by the session: tests use corps of their own."""
    from devstack.wecom_standin import WeComStandIn

    server = WeComStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def aws(moto_url, wechat, wecom):
    """Point every AWS client of this process at the moto server and create the tables once."""
    from devstack.run import local_environment

    saved = dict(os.environ)
    os.environ.update(local_environment(moto_url, wechat.url, wecom_url=wecom.url))
    os.environ["TABLE_PREFIX"] = "appt-test"
    os.environ["JWT_SECRET_PARAM"] = "/appt/test/jwt-secret"
    try:  # the environment comes back however the setup or the session ends
        import boto3

        from chalicelib.config import Settings

        config = Settings.from_env()
        ssm = boto3.client("ssm")
        ssm.put_parameter(Name=config.jwt_secret_param, Value=JWT_SECRET, Type="SecureString", Overwrite=True)
        ssm.put_parameter(Name="/appt/test/mp-secret", Value="test-mp-secret", Type="SecureString", Overwrite=True)
        yield config
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def clock():
    from chalicelib.adapters.clock import FixedClock

    return FixedClock(T0)


@pytest.fixture
def tables(aws):
    """Fresh tables per test: moto copies whole tables inside every transaction, so small tables keep the
    suite fast, and no test sees another's items."""
    from dataclasses import replace

    from chalicelib.adapters.dynamo import models
    from tests.support.tables import create_fresh, delete

    config = replace(aws, table_prefix=f"t{uuid.uuid4().hex[:8]}")
    models.bind(config)
    create_fresh(models.MODELS)
    yield config
    delete(models.MODELS)


@pytest.fixture
def svc(tables, clock):
    """The real container, built on the moto server, with a hand-set clock."""
    from dataclasses import replace

    import boto3

    from chalicelib import container
    from chalicelib.adapters.dynamo import models
    from chalicelib.adapters.secrets import SsmSecrets
    from tests.support.tables import reuse_clients

    services = container.build(tables, clock=clock, secrets=SsmSecrets(boto3.client("ssm")))
    services = container.use_cases(tables, replace(services.ports, passwords=CHEAP_ARGON2))
    reuse_clients(models.MODELS)  # the build bound the models again
    container.override(services)
    yield services
    container.override(None)


@pytest.fixture
def chain(svc):
    """A chain with two stores: capacity 3 per slot, no walk-in reserve, labour hours unplanned."""
    from chalicelib.domain.tenancy.chain import Chain
    from devstack.seed import demo_store

    chain_id = "t" + uuid.uuid4().hex[:10]
    svc.ports.stores.put_chain(Chain(chain_id, "测试集团", mp_appid="wxtest" + chain_id, mp_secret_ref="/appt/test/mp-secret"))
    for store_id, name in (("pudong", "浦东店"), ("xuhui", "徐汇店")):
        store = demo_store(store_id, name, chain_id=chain_id, capacity_per_slot=3, walk_in_reserve=0.0, labour_hours={})
        svc.ports.stores.put(store)
    return chain_id


@pytest.fixture
def calls():
    with calls_support.recording() as recorded:
        yield recorded
    assert "Scan" not in [op for _, op in recorded], "a Scan was issued"


def at(day: str, hhmm: str) -> datetime:
    """A Shanghai wall-clock time, e.g. at("2026-11-24", "09:00")."""
    return datetime.combine(datetime.fromisoformat(day).date(), time.fromisoformat(hhmm), tzinfo=SHANGHAI)
