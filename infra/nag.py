"""cdk-nag AwsSolutions findings we accept, each with its reason. Anything not listed fails the synth
test (tests/infra), so a new finding is either fixed or argued here."""
from __future__ import annotations

from aws_cdk import Stack
from cdk_nag import NagPackSuppression, NagSuppressions

REASONS = {
    "AwsSolutions-IAM5": "sns:Publish to a phone number (SMS, global stages only) has no resource to scope it "
                         "to; the SSM grant is the stage's own parameter path /appt/<stage>/*; the S3 grant is the upload "
                         "bucket's imports/ prefix",
    "AwsSolutions-IAM4": "API Gateway's account-level CloudWatch role uses the AWS managed policy "
                         "AmazonAPIGatewayPushToCloudWatchLogs, as CDK creates it",
    "AwsSolutions-APIG2": "requests are validated by the application (chalicelib/domain/validation.py), which "
                          "names the refused field; a model here would duplicate it",
    "AwsSolutions-APIG3": "no WAF web ACL yet: stage throttling limits abuse; add one per partition when a "
                          "chain's traffic warrants its cost",
    "AwsSolutions-APIG4": "the app authorizes every request itself (signed bearer tokens, chalicelib/adapters/"
                          "auth.py); login and health routes are public by design",
    "AwsSolutions-COG4": "customers sign in with WeChat and staff with the app's own accounts, not Cognito "
                         "(which the China regions do not offer for this)",
    "AwsSolutions-SQS3": "these queues are the dead-letter queues themselves",
    "AwsSolutions-S1": "the DMS upload bucket holds a chain admin's exports for 30 days; who uploaded what is "
                       "in the API's logs (POST /admin/imports), so no separate access log bucket",
    "AwsSolutions-L1": "the runtime is pinned to the Python version the package is built and tested for "
                       "(infra/package.py); raising it is a deliberate change",
}


def suppress(stack: Stack) -> None:
    NagSuppressions.add_stack_suppressions(
        stack, [NagPackSuppression(id=rule, reason=reason) for rule, reason in REASONS.items()])
