"""The synthesized stacks (one per stage, offline) hold what issue "deploy for real" asks of them: every
model's table and index, the schedules at jobs.py's cadence, real timeouts, a REGIONAL throttled API with
access logs, log retention, dead-letter queues, alarms, partition-agnostic and least-privilege IAM; and
cfn-lint and cdk-nag find nothing."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Annotations, Match

from chalicelib.jobs import CHECKS
from infra.alarms import custom_alarms
from infra.scale_settings import SCALE
from infra.stages import BY_NAME, STAGES
from infra.tables import table_specs
from tests.support.patience import TOOL

pytestmark = pytest.mark.xdist_group("synth")  # one worker synthesizes, once
STAGE_NAMES = [stage.name for stage in STAGES]


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {key: r for key, r in template["Resources"].items() if r["Type"] == kind}


def functions_by_handler(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["Properties"]["Handler"]: r for r in resources(template, "AWS::Lambda::Function").values()}


def test_the_stages_and_their_partitions(synth):
    assert set(synth.templates) == {"dev", "prod", "prod-cn"}
    assert BY_NAME["prod-cn"].region in ("cn-north-1", "cn-northwest-1")
    assert not BY_NAME["prod"].china and not BY_NAME["dev"].production


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_every_model_has_its_table_and_indexes(synth, stage):
    config = BY_NAME[stage]
    tables = {r["Properties"]["TableName"]: r for r in resources(synth.data_templates[stage], "AWS::DynamoDB::Table").values()}
    specs = table_specs()
    assert set(tables) == {f"appt-{stage}-{spec.name}" for spec in specs}
    for spec in specs:
        table = tables[f"appt-{stage}-{spec.name}"]
        props = table["Properties"]
        keys = {k["KeyType"]: k["AttributeName"] for k in props["KeySchema"]}
        assert keys == {"HASH": spec.hash_key[0], **({"RANGE": spec.range_key[0]} if spec.range_key else {})}
        indexes = {g["IndexName"]: g for g in props.get("GlobalSecondaryIndexes", [])}
        assert sorted(indexes) == [i.name for i in spec.indexes]
        for index in spec.indexes:  # the projection the code was written for, so a Query returns what it reads
            projection = indexes[index.name]["Projection"]
            assert projection["ProjectionType"] == index.projection
            assert sorted(projection.get("NonKeyAttributes", [])) == list(index.include)
        kept = SCALE[stage].tables  # decision 0070: a derived table is rebuilt, not restored
        # decision 0080: on-demand but where the stage keeps a table provisioned (tests/infra/test_provisioned_tables.py)
        assert props.get("BillingMode", "PROVISIONED") == (
            "PROVISIONED" if spec.name in {t.table for t in kept.provisioned} else "PAY_PER_REQUEST")
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is (spec.name not in kept.unbacked)
        assert props.get("TableClass", "STANDARD") == (
            "STANDARD_INFREQUENT_ACCESS" if spec.name in kept.infrequent_access else "STANDARD")
        assert props.get("DeletionProtectionEnabled", False) is config.production
        assert table["DeletionPolicy"] == ("Retain" if config.production else "Delete")
        if spec.name in ("idempotency", "wechat-push", "bookings", "outbox", "tasks", "login-throttle",  # decision 0024
                         "board-sockets",  # decision 0040
                         "search"):  # decision 0070: a search entry goes with its booking
            assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
        else:
            assert "TimeToLiveSpecification" not in props


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_each_check_runs_on_its_schedule_with_a_real_timeout_and_a_dead_letter_queue(synth, stage):
    template = synth.templates[stage]
    fns = functions_by_handler(template)
    rules = resources(template, "AWS::Events::Rule").values()
    invoke_configs = resources(template, "AWS::Lambda::EventInvokeConfig").values()
    by_logical = {key: r for key, r in resources(template, "AWS::Lambda::Function").items()}
    for check in CHECKS.values():
        fn = fns[f"app.{check.function}"]
        logical = next(key for key, r in by_logical.items() if r is fn)
        assert fn["Properties"]["Timeout"] > 60, check.name
        assert fn["Properties"]["FunctionName"] == f"appt-{stage}-{check.function}"
        [rule] = [r for r in rules if r["Properties"]["Targets"][0]["Arn"] == {"Fn::GetAtt": [logical, "Arn"]}]
        assert rule["Properties"]["ScheduleExpression"] == check.cadence.expression
        assert "DeadLetterConfig" in rule["Properties"]["Targets"][0]
        [config] = [c for c in invoke_configs if c["Properties"]["FunctionName"] == {"Ref": logical}]
        assert "OnFailure" in config["Properties"]["DestinationConfig"]
    assert fns["app.app"]["Properties"]["Timeout"] <= 29  # API Gateway's integration limit
    assert len(rules) == len(CHECKS)


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_api_is_an_http_api_with_a_route_per_chalice_route_throttled_and_logged(synth, stage):
    """Decision 0041: an HTTP API whose routes are Chalice's, on one Lambda proxy integration with payload format
    1.0 (the one Chalice reads), the stage's default throttle and JSON access logs; no REST API is left."""
    import app

    template = synth.templates[stage]
    config = BY_NAME[stage]
    assert not resources(template, "AWS::ApiGateway::RestApi")
    [(api_key, api)] = [(k, r) for k, r in resources(template, "AWS::ApiGatewayV2::Api").items()
                        if r["Properties"]["ProtocolType"] == "HTTP"]
    routes = [r["Properties"] for r in resources(template, "AWS::ApiGatewayV2::Route").values()
              if r["Properties"]["ApiId"] == {"Ref": api_key}]
    expected = {f"{method} {path}" for path, methods in app.app.routes.items() for method in methods}
    assert sorted(r["RouteKey"] for r in routes) == sorted(expected)
    [integration] = [r["Properties"] for r in resources(template, "AWS::ApiGatewayV2::Integration").values()
                     if r["Properties"]["ApiId"] == {"Ref": api_key}]
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "1.0")
    handler = next(k for k, r in resources(template, "AWS::Lambda::Function").items()
                   if r["Properties"]["Handler"] == "app.app")
    assert integration["IntegrationUri"] == {"Fn::GetAtt": [handler, "Arn"]}
    [stage_props] = [r["Properties"] for r in resources(template, "AWS::ApiGatewayV2::Stage").values()
                     if r["Properties"]["ApiId"] == {"Ref": api_key}]
    assert stage_props["StageName"] == "api" and stage_props["AutoDeploy"] is True
    default = stage_props["DefaultRouteSettings"]
    assert (default["ThrottlingRateLimit"], default["ThrottlingBurstLimit"]) == (config.throttle_rate, config.throttle_burst)
    assert json.loads(stage_props["AccessLogSettings"]["Format"])["integrationError"] == "$context.integrationErrorMessage"
    permissions = [r["Properties"] for r in resources(template, "AWS::Lambda::Permission").values()
                   if r["Properties"]["FunctionName"] == {"Fn::GetAtt": [handler, "Arn"]}]
    assert len(permissions) == 1 and api_key in json.dumps(permissions[0]["SourceArn"])  # one for the whole API
    assert api["Properties"]["Name"] == f"appt-{stage}"


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_every_log_group_expires_and_every_function_logs_to_one(synth, stage):
    template = synth.templates[stage]
    groups = resources(template, "AWS::Logs::LogGroup")
    assert groups and all(g["Properties"].get("RetentionInDays") == BY_NAME[stage].log_retention_days
                          for g in groups.values())
    for fn in resources(template, "AWS::Lambda::Function").values():
        assert fn["Properties"]["LoggingConfig"]["LogGroup"]["Ref"] in groups


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_alarms_go_to_the_topic(synth, stage):
    template = synth.templates[stage]
    alarms = {r["Properties"]["AlarmName"]: r for r in resources(template, "AWS::CloudWatch::Alarm").values()}
    [topic] = resources(template, "AWS::SNS::Topic")
    expected = {f"appt-{stage}-{w.alarm}" for w in custom_alarms()} | {
        f"appt-{stage}-{kind}-{fn}" for kind in ("errors", "throttles")
        for fn in ["api", "board_socket_connect", *(c.function for c in CHECKS.values())]} | {
        f"appt-{stage}-dlq-schedules", f"appt-{stage}-api-5xx-rate", f"appt-{stage}-api-4xx-rate"}
    assert expected <= set(alarms)
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": topic}] for a in alarms.values())


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_api_rate_alarms_read_the_http_api_metrics(synth, stage):
    """HTTP API publishes `5xx`, `4xx` and `Count` by ApiId and Stage (not REST's 5XXError by ApiName)."""
    template = synth.templates[stage]
    [api_key] = [k for k, r in resources(template, "AWS::ApiGatewayV2::Api").items()
                 if r["Properties"]["ProtocolType"] == "HTTP"]
    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in resources(template, "AWS::CloudWatch::Alarm").values()}
    for kind in ("5xx", "4xx"):
        metrics = {m["Id"]: m for m in alarms[f"appt-{stage}-api-{kind}-rate"]["Metrics"]}
        for metric_id, name in (("answered", kind), ("requests", "Count")):
            stat = metrics[metric_id]["MetricStat"]["Metric"]
            assert (stat["Namespace"], stat["MetricName"]) == ("AWS/ApiGateway", name)
            assert {d["Name"]: d["Value"] for d in stat["Dimensions"]} == {"ApiId": {"Ref": api_key}, "Stage": "api"}


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_iam_is_partition_agnostic_and_scoped_to_the_stage(synth, stage):
    template = synth.templates[stage]
    assert "arn:aws:" not in json.dumps(template)
    statements = [s for p in resources(template, "AWS::IAM::Policy").values()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]]
    data = [s for s in statements if any(str(a).startswith("dynamodb:") for a in _list(s["Action"]))]
    assert data
    for statement in data:
        assert "*" not in _list(statement["Resource"])
        assert all("*" not in json.dumps(r) for r in _list(statement["Resource"]))
        assert not {"dynamodb:Scan", "dynamodb:ConditionCheckItem"} & set(_list(statement["Action"]))
    parameters = [s for s in statements if "ssm:GetParameter" in _list(s["Action"])]
    # the stage's own path; the egress function's narrower, its chains' secrets only (tests/infra/test_egress.py)
    assert parameters and all(f"parameter/appt/{stage}/" in json.dumps(s["Resource"]) for s in parameters)
    publishes = [s for s in statements if "sns:Publish" in _list(s["Action"])]
    assert bool(publishes) is BY_NAME[stage].sms_via_sns  # no SMS through SNS in China


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_functions_deploy_the_one_packaged_artifact(synth):
    codes = {json.dumps(fn["Properties"]["Code"]["S3Key"]) for t in synth.templates.values()
             for fn in resources(t, "AWS::Lambda::Function").values()}
    assert len(codes) == 1  # the same zip (same asset hash) for every function of every stage


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_cdk_nag_finds_nothing_unsuppressed(synth, stage):
    annotations = Annotations.from_stack(synth.stacks[stage])
    errors = annotations.find_error("*", Match.string_like_regexp("AwsSolutions-.*"))
    warnings = annotations.find_warning("*", Match.string_like_regexp("AwsSolutions-.*"))
    assert not errors and not warnings, [str(e.entry.data)[:200] for e in [*errors, *warnings]]


def test_cfn_lint_is_clean(synth):
    # one process for every template, each checked in every stage's region;
    # W3005: CDK adds DependsOn on the role next to a GetAtt of it, which is harmless
    regions = sorted({stage.region for stage in STAGES})
    result = subprocess.run(
        [str(Path(sys.executable).parent / "cfn-lint"), "--regions", *regions, "--ignore-checks", "W3005", "--",
         *map(str, synth.paths.values())], capture_output=True, text=True, timeout=TOOL)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alarm_has_its_runbook_section(synth):
    runbook = (Path(__file__).resolve().parents[2] / "docs" / "runbook.md").read_text()
    sections = {line[3:].strip() for line in runbook.splitlines() if line.startswith("## ")}
    for template in synth.templates.values():
        for alarm in resources(template, "AWS::CloudWatch::Alarm").values():
            anchor = alarm["Properties"]["AlarmDescription"].split("#")[1]
            assert anchor in sections, f"{alarm['Properties']['AlarmName']}: no '## {anchor}' in docs/runbook.md"
