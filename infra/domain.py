"""The API's custom domain as stack parameters, set per stage at deploy time (docs/deploy.md, "Custom domain"):

- `ApiDomainName`: the host customers' mini-programs call (`api.<chain-or-platform domain>`). In the China
  regions it must be an ICP-filed (ICP备案) host: the API's own execute-api host serves nothing there.
- `ApiCertificateArn`: its certificate, in ACM of the stage's region (imported in China, where ACM cannot
  issue public certificates).

Both default to empty: no custom domain (dev, or before the filing is done). CloudFormation keeps the values
given once (`make deploy ... API_DOMAIN=... API_CERTIFICATE_ARN=...`) for later deploys. A rule refuses a
domain without its certificate before anything is changed. The output ApiDomainTarget is what the DNS
record (CNAME) of the domain points at. The domain and its API mapping are API Gateway v2 resources: the
HTTP API (infra/api.py) at the domain's root, its stage named in the mapping, so no stage prefix in the URL.
"""
from __future__ import annotations

from aws_cdk import CfnCondition, CfnOutput, CfnParameter, CfnRule, CfnRuleAssertion, Fn
from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import Construct

from .api import HttpApi
from .stages import Stage

DOMAIN_PATTERN = r"^$|^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$"
CERTIFICATE_PATTERN = r"^$|^arn:aws(-cn)?:acm:[a-z0-9-]+:\d{12}:certificate/[0-9a-f-]+$"


def create_domain(scope: Construct, stage: Stage, api: HttpApi) -> None:
    filed = " It must be an ICP-filed (ICP备案) host: China serves no API without one." if stage.china else ""
    domain = CfnParameter(scope, "ApiDomainName", type="String", default="", allowed_pattern=DOMAIN_PATTERN,
                          description=f"The API's custom domain for {stage.name} (empty: none).{filed}")
    certificate = CfnParameter(scope, "ApiCertificateArn", type="String", default="",
                               allowed_pattern=CERTIFICATE_PATTERN,
                               description=f"The domain's certificate in ACM of {stage.region} (empty: none).")
    given = Fn.condition_not(Fn.condition_equals(domain.value_as_string, ""))
    has_domain = CfnCondition(scope, "HasApiDomain", expression=given)
    # a rule names its condition itself (CloudFormation rules cannot refer to the template's conditions)
    CfnRule(scope, "DomainNeedsCertificate", rule_condition=given, assertions=[CfnRuleAssertion(
        assert_=Fn.condition_not(Fn.condition_equals(certificate.value_as_string, "")),
        assert_description="ApiDomainName needs ApiCertificateArn")])
    name = apigwv2.CfnDomainName(scope, "ApiDomain", domain_name=domain.value_as_string,
                                 domain_name_configurations=[apigwv2.CfnDomainName.DomainNameConfigurationProperty(
                                     certificate_arn=certificate.value_as_string, endpoint_type="REGIONAL",
                                     security_policy="TLS_1_2")])
    # cfn-lint checks the certificate against ACM's ARN pattern with the parameter's default (""); the domain is
    # only made when a domain is given, and the rule above then requires the certificate
    name.cfn_options.metadata = {"cfn-lint": {"config": {"ignore_checks": ["W1030"]}}}
    # the HTTP API's stage at the domain's root: a request to https://<domain>/mp/... reaches "GET /mp/..."
    mapping = apigwv2.CfnApiMapping(scope, "ApiDomainMapping", domain_name=domain.value_as_string,
                                    api_id=api.api_id, stage=api.stage_name)
    mapping.add_dependency(api.stage)
    mapping.add_dependency(name)
    for resource in (name, mapping):
        resource.cfn_options.condition = has_domain
    output = CfnOutput(scope, "ApiDomainTarget", value=name.attr_regional_domain_name,
                       description="the DNS name the custom domain's CNAME points at")
    output.condition = has_domain
