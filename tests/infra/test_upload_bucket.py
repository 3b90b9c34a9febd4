"""The stage's DMS upload bucket (decision 0036): private, TLS only, encrypted, uploads expire; every function
knows its name, and the functions' role may put and get objects under imports/ only."""
from __future__ import annotations

import json

import pytest

from infra.stages import BY_NAME, STAGES
from tests.infra.test_templates import resources

pytestmark = pytest.mark.xdist_group("synth")


@pytest.mark.parametrize("stage", [s.name for s in STAGES])
def test_the_upload_bucket_is_private_and_only_its_imports_prefix_is_granted(synth, stage):
    template = synth.templates[stage]
    [bucket_key] = list(resources(template, "AWS::S3::Bucket"))
    bucket = template["Resources"][bucket_key]
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                                       "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "AES256"}
    assert props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 30
    assert bucket["DeletionPolicy"] == ("Retain" if BY_NAME[stage].production else "Delete")
    policies = json.dumps(resources(template, "AWS::IAM::Policy"))
    assert '"s3:PutObject"' in policies and "/imports/*" in policies and '"s3:*"' not in policies
    app_functions = [f for f in resources(template, "AWS::Lambda::Function").values()
                     if f["Properties"]["Handler"].startswith("app.")]  # the egress function reads no imports
    assert app_functions
    for function in app_functions:
        assert function["Properties"]["Environment"]["Variables"]["IMPORTS_BUCKET"] == {"Ref": bucket_key}
    ssl = [s for p in resources(template, "AWS::S3::BucketPolicy").values()
           for s in p["Properties"]["PolicyDocument"]["Statement"]]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in ssl)
