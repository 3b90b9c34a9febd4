"""The synthesized data stacks carry exactly the stage's provisioned capacity (infra/capacity_plans.py, decision
0080): prod-cn's provisioned tables and each of their global indexes with their capacity, auto scaling target and
daily scheduled floors in the stores' time zone; every other table, and every table of the other stages, on-demand."""
from __future__ import annotations

from typing import Any

import pytest

from infra.capacity import SCHEDULE_TIME_ZONE, TARGET_UTILIZATION, Capacity
from infra.scale_settings import SCALE
from infra.stages import STAGES
from tests.infra.test_templates import resources

pytestmark = pytest.mark.xdist_group("synth")


def _target_resource(props: dict[str, Any], names: dict[str, str]) -> str:
    """'<table>' or '<table>/index/<index>' of a scalable target (its ResourceId joins "table/" and the table's Ref)."""
    parts = props["ResourceId"]["Fn::Join"][1]
    return "".join(names[p["Ref"]] if isinstance(p, dict) else p for p in parts).removeprefix("table/")


def _expected(capacity: Capacity, kind: str) -> dict[str, Any]:
    ceiling = capacity.max_read if kind == "read" else capacity.max_write
    actions = []
    for floor in capacity.schedule:
        least = floor.read if kind == "read" else floor.write
        released = (floor.read, floor.write) == (capacity.read, capacity.write)
        hour, minute = floor.at.split(":")
        actions.append((f"cron({int(minute)} {int(hour)} * * ? *)", SCHEDULE_TIME_ZONE, least,
                        ceiling if released else least))
    return {"min": capacity.read if kind == "read" else capacity.write, "max": ceiling, "actions": sorted(actions)}


@pytest.mark.parametrize("stage", [stage.name for stage in STAGES])
def test_the_data_stack_carries_the_stage_provisioned_capacity_and_nothing_else(synth, stage):
    template = synth.data_templates[stage]
    tables = resources(template, "AWS::DynamoDB::Table")
    names = {key: r["Properties"]["TableName"].removeprefix(f"appt-{stage}-") for key, r in tables.items()}
    provisioned = {t.table: t for t in SCALE[stage].tables.provisioned}
    for key, r in tables.items():
        props, name = r["Properties"], names[key]
        if name not in provisioned:
            assert props["BillingMode"] == "PAY_PER_REQUEST", name
            continue
        table = provisioned[name]
        assert props.get("BillingMode", "PROVISIONED") == "PROVISIONED"
        assert props["ProvisionedThroughput"] == {"ReadCapacityUnits": table.capacity.read,
                                                  "WriteCapacityUnits": table.capacity.write}
        indexes = {i["IndexName"]: i["ProvisionedThroughput"] for i in props["GlobalSecondaryIndexes"]}
        assert indexes == {n: {"ReadCapacityUnits": c.read, "WriteCapacityUnits": c.write} for n, c in table.indexes}

    found: dict[tuple[str, str], dict[str, Any]] = {}
    for r in resources(template, "AWS::ApplicationAutoScaling::ScalableTarget").values():
        props = r["Properties"]
        kind = "read" if props["ScalableDimension"].endswith("ReadCapacityUnits") else "write"
        found[(_target_resource(props, names), kind)] = {
            "min": props["MinCapacity"], "max": props["MaxCapacity"],
            "actions": sorted((a["Schedule"], a["Timezone"], a["ScalableTargetAction"]["MinCapacity"],
                               a["ScalableTargetAction"]["MaxCapacity"]) for a in props.get("ScheduledActions", []))}
    expected = {}
    for table in provisioned.values():
        for index, capacity in table.parts():
            for kind in ("read", "write"):
                expected[(table.table + (f"/index/{index}" if index else ""), kind)] = _expected(capacity, kind)
    assert found == expected
    targets = [p["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
               for p in resources(template, "AWS::ApplicationAutoScaling::ScalingPolicy").values()]
    assert targets == [TARGET_UTILIZATION] * len(expected)
