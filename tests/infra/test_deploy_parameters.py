"""What an operator sets per stage at deploy time (docs/deploy.md): the API's custom domain, its certificate
and, in China, the ICP-filed host are stack parameters, so the domain is made by the stack instead of by hand;
an empty domain makes none. Logs are kept per stage, at least a year in prod-cn."""
from __future__ import annotations

from typing import Any

import pytest

from infra.stages import BY_NAME, STAGES

pytestmark = pytest.mark.xdist_group("synth")  # the synthesized stacks of tests/infra/conftest.py
STAGE_NAMES = [stage.name for stage in STAGES]


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {key: r for key, r in template["Resources"].items() if r["Type"] == kind}


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_api_domain_and_its_certificate_are_stack_parameters(synth, stage):
    template = synth.templates[stage]
    params = template["Parameters"]
    assert params["ApiDomainName"]["Type"] == "String" and params["ApiDomainName"]["Default"] == ""
    assert params["ApiCertificateArn"]["Type"] == "String" and params["ApiCertificateArn"]["Default"] == ""
    if BY_NAME[stage].china:
        assert "ICP" in params["ApiDomainName"]["Description"]
    [domain] = resources(template, "AWS::ApiGateway::DomainName").values()
    [mapping] = resources(template, "AWS::ApiGateway::BasePathMapping").values()
    assert domain["Condition"] == mapping["Condition"] == "HasApiDomain"
    assert domain["Properties"]["DomainName"] == {"Ref": "ApiDomainName"}
    assert domain["Properties"]["RegionalCertificateArn"] == {"Ref": "ApiCertificateArn"}
    assert domain["Properties"]["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    assert domain["Properties"]["SecurityPolicy"] == "TLS_1_2"
    assert template["Conditions"]["HasApiDomain"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "ApiDomainName"}, ""]}]}
    assert template["Outputs"]["ApiDomainTarget"]["Condition"] == "HasApiDomain"  # the CNAME target for DNS
    rule = template["Rules"]["DomainNeedsCertificate"]  # a domain needs its certificate
    assert rule["RuleCondition"] == template["Conditions"]["HasApiDomain"]


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_logs_are_kept_per_stage_and_a_year_at_least_in_china(synth, stage):
    days = {g["Properties"]["RetentionInDays"] for g in resources(synth.templates[stage], "AWS::Logs::LogGroup").values()}
    assert days == {BY_NAME[stage].log_retention_days}
    if BY_NAME[stage].china:
        assert BY_NAME[stage].log_retention_days >= 365


# where each accepted cdk-nag finding may be suppressed: the resources it concerns (infra/nag.py), never the stack
SUPPRESSED_ON = {
    "AwsSolutions-IAM5": {"AWS::IAM::Role", "AWS::IAM::Policy"},
    "AwsSolutions-IAM4": {"AWS::IAM::Role"},
    "AwsSolutions-APIG2": {"AWS::ApiGateway::RestApi"},
    "AwsSolutions-APIG3": {"AWS::ApiGateway::Stage"},
    "AwsSolutions-APIG4": {"AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route"},  # the board socket's routes
    "AwsSolutions-S1": {"AWS::S3::Bucket"},  # the DMS upload bucket
    "AwsSolutions-COG4": {"AWS::ApiGateway::Method"},
    "AwsSolutions-SQS3": {"AWS::SQS::Queue"},
    "AwsSolutions-L1": {"AWS::Lambda::Function"},
}


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_cdk_nag_suppressions_sit_on_the_resources_they_concern(synth, stage):
    template = synth.templates[stage]
    assert "cdk_nag" not in template.get("Metadata", {}), "a stack-wide suppression"
    seen: dict[str, set[str]] = {}
    for resource in template["Resources"].values():
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", []):
            seen.setdefault(rule["id"], set()).add(resource["Type"])
            if rule["id"] == "AwsSolutions-SQS3" and resource["Type"] == "AWS::SQS::Queue":  # dead-letter queues only
                assert resource["Properties"]["QueueName"].removesuffix(".fifo").endswith("dlq"), resource
    assert {rule: kinds - SUPPRESSED_ON.get(rule, set()) for rule, kinds in seen.items()} == {r: set() for r in seen}
    assert set(seen) <= set(SUPPRESSED_ON)
