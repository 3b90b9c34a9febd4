"""The DynamoDB tables, generated from the PynamoDB models (chalicelib/adapters/dynamo/models/): the same
keys, attribute types and global secondary indexes the code creates locally, so there is one definition.
On-demand billing but for the tables the stage keeps provisioned (`TableSettings.provisioned`, infra/capacity.py:
each table's and index's capacity, auto scaling and scheduled floors; decision 0080); point-in-time recovery and
the standard table class but where the stage's scale settings say otherwise (infra/scale_settings.py
`TableSettings`: derived tables unbacked, mostly-stored ones infrequent access); deletion protection and RETAIN
outside dev; TTL on the model's TTLAttribute (e.g. expires_at)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import RemovalPolicy, TimeZone
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from chalicelib.adapters.dynamo.models import MODELS

from .capacity import SCHEDULE_TIME_ZONE, TARGET_UTILIZATION, Capacity, ProvisionedTable
from .scale_settings import SCALE
from .stages import Stage

_TYPES = {"S": dynamodb.AttributeType.STRING, "N": dynamodb.AttributeType.NUMBER, "B": dynamodb.AttributeType.BINARY}


@dataclass(frozen=True)
class IndexSpec:
    name: str
    hash_key: tuple[str, str]
    range_key: tuple[str, str] | None
    projection: str  # ALL | KEYS_ONLY | INCLUDE
    include: tuple[str, ...] = ()  # INCLUDE's attributes


@dataclass(frozen=True)
class TableSpec:
    """What the models say about one table."""

    name: str  # without the stage prefix, e.g. "bookings"
    hash_key: tuple[str, str]  # (attribute, S|N|B)
    range_key: tuple[str, str] | None
    indexes: tuple[IndexSpec, ...]
    ttl_attribute: str | None


def _keys(schema_keys: list[dict[str, str]], types: dict[str, str]) -> tuple[tuple[str, str], tuple[str, str] | None]:
    by_type = {k["KeyType"]: k["AttributeName"] for k in schema_keys}
    hash_name, range_name = by_type["HASH"], by_type.get("RANGE")
    return (hash_name, types[hash_name]), ((range_name, types[range_name]) if range_name else None)


def spec(model: type[Model], base_name: str) -> TableSpec:
    schema: dict[str, Any] = model._get_schema()
    types = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
    hash_key, range_key = _keys(schema["key_schema"], types)
    indexes = []
    for index in schema.get("global_secondary_indexes", []):
        projection = index["projection"]
        indexes.append(IndexSpec(index["index_name"], *_keys(index["key_schema"], types), projection["ProjectionType"],
                                 tuple(sorted(projection.get("NonKeyAttributes", ())))))
    if schema.get("local_secondary_indexes"):
        raise ValueError(f"{base_name}: local secondary indexes are not generated")
    ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    return TableSpec(base_name, hash_key, range_key, tuple(sorted(indexes, key=lambda i: i.name)), ttl[0] if ttl else None)


def table_specs(base_names: dict[type[Model], str] | None = None) -> list[TableSpec]:
    from chalicelib.adapters.dynamo import models

    names = base_names or models._BASE_NAMES
    return [spec(model, names[model]) for model in MODELS]


def _attribute(key: tuple[str, str]) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key[0], type=_TYPES[key[1]])


def _billing(provisioned: ProvisionedTable | None) -> dict[str, Any]:
    if provisioned is None:
        return {"billing_mode": dynamodb.BillingMode.PAY_PER_REQUEST}
    return {"billing_mode": dynamodb.BillingMode.PROVISIONED, "read_capacity": provisioned.capacity.read,
            "write_capacity": provisioned.capacity.write}


def _scale(read: dynamodb.IScalableTableAttribute, write: dynamodb.IScalableTableAttribute, capacity: Capacity) -> None:
    """Each floor as a daily scheduled action in the stores' time zone (read and write are separate scalable
    targets): a day's floor is pinned (its minimum and maximum: a lowering takes effect at its time, as the cost
    model bills it, not after auto scaling's scale-in alarms), the night's (the created capacity) is released to
    auto scaling on its target up to the ceiling."""
    zone = getattr(TimeZone, SCHEDULE_TIME_ZONE.upper().replace("/", "_"))
    for kind, attribute, ceiling in (("read", read, capacity.max_read), ("write", write, capacity.max_write)):
        attribute.scale_on_utilization(target_utilization_percent=TARGET_UTILIZATION)
        for floor in capacity.schedule:
            hour, minute = floor.at.split(":")
            least = floor.read if kind == "read" else floor.write
            released = (floor.read, floor.write) == (capacity.read, capacity.write)
            attribute.scale_on_schedule(
                f"{kind}-{hour}{minute}", schedule=appscaling.Schedule.cron(hour=str(int(hour)), minute=str(int(minute))),
                min_capacity=least, max_capacity=ceiling if released else least, time_zone=zone)


def _auto_scale(table: dynamodb.Table, provisioned: ProvisionedTable) -> None:
    for index, capacity in provisioned.parts():
        if index is None:
            read = table.auto_scale_read_capacity(min_capacity=capacity.read, max_capacity=capacity.max_read)
            write = table.auto_scale_write_capacity(min_capacity=capacity.write, max_capacity=capacity.max_write)
        else:
            read = table.auto_scale_global_secondary_index_read_capacity(
                index, min_capacity=capacity.read, max_capacity=capacity.max_read)
            write = table.auto_scale_global_secondary_index_write_capacity(
                index, min_capacity=capacity.write, max_capacity=capacity.max_write)
        _scale(read, write, capacity)


def create_tables(scope: Construct, stage: Stage) -> dict[str, dynamodb.Table]:
    tables = {}
    kept = SCALE[stage.name].tables  # which are backed up, which are infrequent access (decision 0070)
    provisioned = {p.table: p for p in kept.provisioned}  # the rest on-demand (decision 0080)
    for table_spec in table_specs():
        mode = provisioned.get(table_spec.name)
        index_capacity = dict(mode.indexes) if mode else {}
        table = dynamodb.Table(
            scope, f"Table-{table_spec.name}",
            table_name=f"{stage.table_prefix}-{table_spec.name}",
            partition_key=_attribute(table_spec.hash_key),
            sort_key=_attribute(table_spec.range_key) if table_spec.range_key else None,
            **_billing(mode),
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=table_spec.name not in kept.unbacked),
            table_class=(dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS if table_spec.name in kept.infrequent_access
                         else dynamodb.TableClass.STANDARD),
            deletion_protection=stage.production,
            removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY,
            time_to_live_attribute=table_spec.ttl_attribute,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
        )
        for index in table_spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name, partition_key=_attribute(index.hash_key),
                sort_key=_attribute(index.range_key) if index.range_key else None,
                projection_type=dynamodb.ProjectionType[index.projection],
                non_key_attributes=list(index.include) or None,
                read_capacity=index_capacity[index.name].read if mode else None,
                write_capacity=index_capacity[index.name].write if mode else None,
            )
        if mode:
            _auto_scale(table, mode)
        tables[table_spec.name] = table
    return tables
