"""The tables in a stack of their own beside the app stack (appt-<stage>-data): fixed names, referred to by
name from the app stack (no CloudFormation exports, so neither stack locks the other), deployed first; the
move of existing tables is a scripted retain-then-import (infra/move_tables.py, docs/deploy.md); a release
tagged before the split cannot be deployed over it."""
from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aws_cdk.assertions import Annotations, Match

from infra import move_tables, release
from infra.stages import STAGES
from infra.tables import table_specs

pytestmark = pytest.mark.xdist_group("synth")  # the synthesized stacks of tests/infra/conftest.py
STAGE_NAMES = [stage.name for stage in STAGES]


def of_type(template: dict, kind: str) -> dict[str, dict]:
    return {key: r for key, r in template["Resources"].items() if r["Type"] == kind}


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_tables_live_in_the_data_stack_and_the_app_stack_names_them(synth, stage):
    data, app = synth.data_templates[stage], synth.templates[stage]
    names = {r["Properties"]["TableName"] for r in of_type(data, "AWS::DynamoDB::Table").values()}
    assert names == {f"appt-{stage}-{spec.name}" for spec in table_specs()}
    assert of_type(app, "AWS::DynamoDB::Table") == {}
    assert "Fn::ImportValue" not in json.dumps(app) and "Outputs" not in data  # no exports between the two
    granted = json.dumps([p["Properties"]["PolicyDocument"] for p in of_type(app, "AWS::IAM::Policy").values()])
    assert all(f"table/appt-{stage}-{spec.name}" in granted for spec in table_specs())
    assert synth.data_stacks[stage] in synth.stacks[stage].dependencies  # deployed first
    assert synth.data_stacks[stage].stack_name == f"appt-{stage}-data"


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_cdk_nag_finds_nothing_in_the_data_stack(synth, stage):
    annotations = Annotations.from_stack(synth.data_stacks[stage])
    found = [*annotations.find_error("*", Match.string_like_regexp("AwsSolutions-.*")),
             *annotations.find_warning("*", Match.string_like_regexp("AwsSolutions-.*"))]
    assert not found, [str(f.entry.data)[:200] for f in found]


def test_the_import_mapping_names_each_table_of_the_data_stack(synth):
    mapping = move_tables.resource_mapping(synth.data_templates["prod-cn"])
    tables = of_type(synth.data_templates["prod-cn"], "AWS::DynamoDB::Table")
    assert mapping == {key: {"TableName": r["Properties"]["TableName"]} for key, r in tables.items()}


def test_the_retain_step_keeps_every_table_of_the_old_app_stack_and_changes_nothing_else():
    old = {"Resources": {
        "Bookings": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Delete", "Properties": {"TableName": "t"}},
        "Fn": {"Type": "AWS::Lambda::Function", "DeletionPolicy": "Delete", "Properties": {}}}}
    kept = move_tables.retained(old)
    assert kept["Resources"]["Bookings"]["DeletionPolicy"] == kept["Resources"]["Bookings"]["UpdateReplacePolicy"] == "Retain"
    assert kept["Resources"]["Fn"] == old["Resources"]["Fn"] and old["Resources"]["Bookings"]["DeletionPolicy"] == "Delete"


def test_a_release_from_before_the_split_is_refused(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (["init", "-q"], ["config", "user.email", "ops@example.com"], ["config", "user.name", "ops"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    (repo / "app.py").write_text("old\n")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "before the split"], cwd=repo, check=True)
    zip_path = tmp_path / "appt.zip"
    zip_path.write_bytes(b"old package")
    version = release.tag(repo, zip_path, datetime(2026, 12, 1, tzinfo=UTC))
    with pytest.raises(SystemExit, match="before the tables had their own stack"):
        release.deploy(release.Deploy("dev", version, tmp_path / "wt"), repo)
    assert not Path(tmp_path / "wt").exists()
