"""The stage's upload bucket for DMS imports (decision 0036): private, TLS only, S3-managed encryption, uploads
kept 30 days. The functions may put (the presigned URL is signed with their role) and get objects under
`imports/` only, and see the bucket's name as IMPORTS_BUCKET."""
from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .functions import Functions
from .stages import Stage

KEPT_DAYS = 30


def create_upload_bucket(scope: Construct, stage: Stage, functions: Functions,
                         others: tuple[lambda_.Function, ...] = ()) -> s3.Bucket:
    bucket = s3.Bucket(
        scope, "ImportsBucket", bucket_name=f"{stage.table_prefix}-imports-{Stack.of(scope).account}",
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL, encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True, lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(KEPT_DAYS))],
        removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)
    functions.role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject"],
                                                     resources=[bucket.arn_for_objects("imports/*")]))
    for function in [functions.api_handler, *functions.scheduled.values(), *others]:
        function.add_environment("IMPORTS_BUCKET", bucket.bucket_name)
    return bucket
