"""The fixed outbound address and the chains' secrets in the synthesized stacks: one function in a VPC, behind
a NAT gateway with an Elastic IP in each of two zones, whose addresses are the stack's outputs; every other
function outside the VPC, allowed to invoke it only; the functions write parameters only under the chains' path."""
from __future__ import annotations

import json

import pytest

from infra.stages import STAGES
from tests.infra.test_templates import _list, resources

pytestmark = pytest.mark.xdist_group("synth")
STAGE_NAMES = [stage.name for stage in STAGES]


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_one_function_fetches_tokens_from_a_fixed_address_in_each_zone(synth, stage):
    template = synth.templates[stage]
    functions = resources(template, "AWS::Lambda::Function")
    in_vpc = {key: f for key, f in functions.items() if "VpcConfig" in f["Properties"]}
    assert [f["Properties"]["Handler"] for f in in_vpc.values()] == ["chalicelib.egress.handler"]
    assert len(resources(template, "AWS::EC2::NatGateway")) == 2 == len(resources(template, "AWS::EC2::EIP"))
    outputs = template["Outputs"]
    assert {"EgressIp1", "EgressIp2"} <= set(outputs)
    eips = set(resources(template, "AWS::EC2::EIP"))
    assert {outputs[f"EgressIp{i}"]["Value"]["Ref"] for i in (1, 2)} == eips
    (egress_key,) = in_vpc
    for fn in functions.values():
        if "VpcConfig" not in fn["Properties"]:
            assert fn["Properties"]["Environment"]["Variables"]["WECHAT_EGRESS_FUNCTION"] == {"Ref": egress_key}
    groups = resources(template, "AWS::EC2::SecurityGroup")
    egress_rules = [rule for g in groups.values() for rule in g["Properties"].get("SecurityGroupEgress", [])]
    assert egress_rules and all(rule.get("FromPort") == 443 for rule in egress_rules)


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_functions_write_parameters_only_under_the_chains_path(synth, stage):
    statements = [s for p in resources(synth.templates[stage], "AWS::IAM::Policy").values()
                  for s in p["Properties"]["PolicyDocument"]["Statement"]]
    writes = [s for s in statements if "ssm:PutParameter" in _list(s["Action"])]
    assert writes and all(f"parameter/appt/{stage}/chains/*" in json.dumps(s["Resource"]) for s in writes)
    assert all(len(_list(s["Resource"])) == 1 for s in writes)  # and nowhere else (the signing keys' path)
    assert not [s for s in statements if {"ssm:*", "ssm:Put*", "*"} & set(_list(s["Action"]))]
    invokes = [s for s in statements if "lambda:InvokeFunction" in _list(s["Action"])]
    assert invokes and all("Fnwechategress" in json.dumps(s["Resource"]) for s in invokes)
