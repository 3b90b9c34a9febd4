"""The stage's tables in a stack of their own, `appt-<stage>-data`, beside the app stack `appt-<stage>`:
the stateful resources apart (an app stack can be replaced, rolled back or deleted without touching them)
and the app stack's headroom under CloudFormation's 500 resources. Tables have fixed names
(`appt-<stage>-<table>`), and the app stack refers to them by those names, not through exports, so neither
stack locks the other; the app stack depends on this one, so `cdk deploy` puts the tables first.

Moving the tables of a stage deployed before this split into this stack: infra/move_tables.py and
docs/deploy.md ("Moving the tables into their own stack").
"""
from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from .nag import suppress
from .stages import Stage
from .tables import create_tables, table_specs


def data_stack_name(stage: Stage) -> str:
    return f"{stage.stack_name}-data"


class DataStack(cdk.Stack):
    def __init__(self, scope: Construct, stage: Stage) -> None:
        name = data_stack_name(stage)
        super().__init__(scope, name, stack_name=name, env=cdk.Environment(region=stage.region),
                         description=f"appt service bookings, stage {stage.name}: the tables")
        self.data_stage = stage
        self.tables = create_tables(self, stage)
        cdk.Tags.of(self).add("app", "appt")
        cdk.Tags.of(self).add("stage", stage.name)
        suppress(self)


def table_refs(scope: Construct, stage: Stage) -> dict[str, dynamodb.ITable]:
    """The data stack's tables as the app stack names them (ARNs built from the fixed names)."""
    return {spec.name: dynamodb.Table.from_table_name(scope, f"Table-{spec.name}", f"{stage.table_prefix}-{spec.name}")
            for spec in table_specs()}
