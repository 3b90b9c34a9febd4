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
    [domain] = resources(template, "AWS::ApiGatewayV2::DomainName").values()
    [mapping] = resources(template, "AWS::ApiGatewayV2::ApiMapping").values()
    assert domain["Condition"] == mapping["Condition"] == "HasApiDomain"
    assert domain["Properties"]["DomainName"] == {"Ref": "ApiDomainName"}
    assert domain["Properties"]["DomainNameConfigurations"] == [{
        "CertificateArn": {"Ref": "ApiCertificateArn"}, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]
    [http_api] = [k for k, r in resources(template, "AWS::ApiGatewayV2::Api").items()
                  if r["Properties"]["ProtocolType"] == "HTTP"]
    assert mapping["Properties"]["ApiId"] == {"Ref": http_api}  # the HTTP API (decision 0041), at the root
    assert "ApiMappingKey" not in mapping["Properties"]
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
    "AwsSolutions-APIG4": {"AWS::ApiGatewayV2::Route"},
    "AwsSolutions-SQS3": {"AWS::SQS::Queue"},
    "AwsSolutions-L1": {"AWS::Lambda::Function"},
    "AwsSolutions-S1": {"AWS::S3::Bucket"},
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
