"""The contract suite: each test runs against the in-memory fakes and the DynamoDB adapters (on the
embedded server, every query paging two items at a time), so a fake cannot drift from the real thing."""
from __future__ import annotations

import uuid

import pytest

from chalicelib import container
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.services.runs.fanout import GROUPED
from devstack.seed import demo_store

PAGE = 2
VISIBILITY = 1  # seconds before a received, undeleted queue item returns


def _dynamo_ports(request, clock):
    import boto3
    from pynamodb.connection import Connection

    from chalicelib.adapters.dynamo.bookings import BookingRepository
    from chalicelib.adapters.dynamo.customers import LapseRepository
    from chalicelib.adapters.dynamo.outbox import OutboxRepository
    from chalicelib.adapters.dynamo.reports import ReportRepository
    from chalicelib.adapters.dynamo.stores import StoreRepository
    from chalicelib.adapters.dynamo.tasks import TaskRepository
    from chalicelib.adapters.dynamo.vehicles import VehicleDueRepository
    from chalicelib.adapters.secrets import SsmSecrets
    from chalicelib.adapters.sqs import SqsQueue

    tables = request.getfixturevalue("tables")
    ports = container.dynamo_ports(tables, clock=clock, secrets=SsmSecrets(boto3.client("ssm")))
    connection = Connection(region=tables.region, host=tables.dynamodb_endpoint)
    ports.bookings = BookingRepository(page_size=PAGE)
    ports.stores = StoreRepository(clock, page_size=PAGE)
    ports.outbox = OutboxRepository(page_size=PAGE)
    ports.tasks = TaskRepository(page_size=PAGE)
    ports.lapses = LapseRepository(connection, page_size=PAGE)
    ports.vehicles = VehicleDueRepository(connection, page_size=PAGE)
    ports.reports = ReportRepository(page_size=PAGE)
    ports.queue = SqsQueue(boto3.client("sqs"), tables.table_prefix, create=True, visibility_seconds=VISIBILITY,
                           grouped=GROUPED)
    return ports


@pytest.fixture(params=["memory", "dynamo"])
def ports(request, clock):
    if request.param == "memory":
        from chalicelib.adapters.memory.queue import MemoryQueue

        ports = container.memory_ports(clock)
        ports.queue = MemoryQueue(visibility_seconds=VISIBILITY, grouped=GROUPED)
        return ports
    return _dynamo_ports(request, clock)


@pytest.fixture
def chain_id(ports):
    """A chain with one store, capacity 2 per slot, 3 planned maintenance hours a day."""
    chain_id = "k" + uuid.uuid4().hex[:8]
    ports.stores.put_chain(Chain(chain_id, "契约集团", mp_appid="wx" + chain_id, mp_secret_ref="/appt/test/mp-secret"))
    ports.stores.put(demo_store("pudong", "浦东店", chain_id=chain_id, capacity_per_slot=2, walk_in_reserve=0.0,
                                labour_hours={"pm": 3.0}))
    return chain_id
