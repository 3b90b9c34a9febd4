"""cdk-nag AwsSolutions findings we accept, each with its reason, suppressed on the resources it concerns
(never the whole stack, so the same finding on a new resource still fails the synth test in tests/infra):
a new finding is either fixed or argued here with the resources it may sit on."""
from __future__ import annotations

from collections.abc import Callable

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import IConstruct

REASONS = {
    "AwsSolutions-IAM5": "sns:Publish to a phone number (SMS, global stages only) has no resource to scope it "
                         "to; the SSM grant is the stage's own parameter path /appt/<stage>/*; the S3 grant is the upload "
                         "bucket's imports/ prefix; the egress role's: its chains' secrets /appt/<stage>/chains/*, its "
                         "log group's streams, and the network-interface actions Lambda needs to place a function in "
                         "a VPC, which take no resource",
    "AwsSolutions-APIG4": "the app authorizes every request itself (signed bearer tokens, chalicelib/adapters/"
                          "auth.py); login and health routes are public by design; the board socket's $connect "
                          "admits a signed socket ticket in the app (decision 0040) and its $default is a MOCK ping",
    "AwsSolutions-SQS3": "these queues are the dead-letter queues themselves",
    "AwsSolutions-S1": "the DMS upload bucket holds a chain admin's exports for 30 days; who uploaded what is "
                       "in the API's logs (POST /admin/imports), so no separate access log bucket",
    "AwsSolutions-DDB3": "a derived table (the stage's TableSettings.unbacked: the search index) is rebuilt from the "
                         "restored bookings table by its migration (0004_search_index), so it keeps no backup of "
                         "its own (decision 0070)",
    "AwsSolutions-L1": "the runtime is pinned to the Python version the package is built and tested for "
                       "(infra/package.py, decision 0025); raising it is a deliberate change",
}


def _function_role(c: IConstruct) -> bool:
    return isinstance(c, iam.Role) and c.node.id in ("FunctionRole", "EgressRole")


def _dead_letter_queue(c: IConstruct) -> bool:
    return isinstance(c, sqs.Queue) and "Dlq" in c.node.id


def _unbacked_table(c: IConstruct) -> bool:
    from .scale_settings import SCALE

    stack = Stack.of(c)
    stage = getattr(stack, "data_stage", None)
    return (isinstance(c, dynamodb.Table) and stage is not None
            and c.node.id.removeprefix("Table-") in SCALE[stage.name].tables.unbacked)


# rule -> which constructs it concerns
TARGETS: dict[str, Callable[[IConstruct], bool]] = {
    "AwsSolutions-IAM5": _function_role,
    "AwsSolutions-APIG4": lambda c: isinstance(c, apigwv2.CfnRoute),  # the HTTP API's and the board socket's
    "AwsSolutions-SQS3": _dead_letter_queue,
    "AwsSolutions-L1": lambda c: isinstance(c, lambda_.Function),
    "AwsSolutions-S1": lambda c: isinstance(c, s3.Bucket) and c.node.id == "ImportsBucket",
    "AwsSolutions-DDB3": _unbacked_table,
}


WITH_CHILDREN = {"AwsSolutions-IAM5"}  # the wildcards are in the role's default policy, a child of the role


def suppress(stack: Stack) -> None:
    for construct in stack.node.find_all():
        for rule, concerns in TARGETS.items():
            if concerns(construct):  # on an L2 construct, cdk-nag puts it on its CloudFormation resource
                NagSuppressions.add_resource_suppressions(construct, [NagPackSuppression(id=rule, reason=REASONS[rule])],
                                                          apply_to_children=rule in WITH_CHILDREN)
