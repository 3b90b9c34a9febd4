"""The benches' stack: embedded DynamoDB and the WeChat stand-in on loopback, fresh tables, one chain and
store, and the real container on a fixed clock."""
from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from devstack.dynamodb import EmbeddedDynamo
from devstack.run import local_environment
from devstack.wechat_standin import WeChatStandIn


@contextmanager
def bench_stack(now: datetime, queue_visibility: int = 60, **store: Any) -> Iterator[Any]:
    """Yields the services; the chain is "bench" with the store "s1"; work queues on the embedded SQS with
    `queue_visibility` seconds before an undeleted item returns."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    dynamo, wechat = EmbeddedDynamo().start(), WeChatStandIn().start()
    os.environ.update(local_environment(dynamo.url, wechat.url))
    import boto3

    from chalicelib import container
    from chalicelib.adapters.clock import FixedClock
    from chalicelib.adapters.dynamo import models
    from chalicelib.config import Settings
    from chalicelib.domain.tenancy.chain import Chain
    from chalicelib.services.runs.fanout import GROUPED
    from devstack.seed import demo_store

    config = replace(Settings.from_env(), table_prefix=f"bench{uuid.uuid4().hex[:6]}")
    boto3.client("ssm").put_parameter(Name=config.jwt_secret_param, Value="b" * 40, Type="SecureString", Overwrite=True)
    models.bind(config)
    models.create_tables()
    from chalicelib.adapters.sqs import SqsQueue

    ports = container.dynamo_ports(config, clock=FixedClock(now))
    ports.queue = SqsQueue(boto3.client("sqs"), config.table_prefix, create=True, visibility_seconds=queue_visibility,
                           grouped=GROUPED)
    svc = container.use_cases(config, ports)
    svc.ports.stores.put_chain(Chain("bench", "压测", mp_appid="wxbench", mp_secret_ref=config.jwt_secret_param))
    svc.ports.stores.put(demo_store("s1", "压测店", chain_id="bench", **store))
    try:
        yield svc
    finally:
        dynamo.stop()
        wechat.stop()
