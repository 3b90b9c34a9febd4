"""The embedded server's TransactWriteItems keeps DynamoDB's contract without copying tables: all or
nothing, conditions judged on the state before the transaction, the failed one named."""
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def table(moto_url):
    client = boto3.client("dynamodb", endpoint_url=moto_url, region_name="us-east-1", aws_access_key_id="x",
                          aws_secret_access_key="x")
    name = f"tx-{uuid.uuid4().hex[:8]}"
    client.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
    yield client, name
    client.delete_table(TableName=name)


def _ids(client, name):
    return sorted(i["id"]["S"] for i in client.scan(TableName=name)["Items"])  # the test's own look


def test_a_failed_condition_writes_nothing_and_is_named(table):
    client, name = table
    client.put_item(TableName=name, Item={"id": {"S": "a"}, "n": {"N": "1"}})
    with pytest.raises(ClientError) as refused:
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"id": {"S": "b"}}}},
            {"Update": {"TableName": name, "Key": {"id": {"S": "a"}}, "UpdateExpression": "SET n = :two",
                        "ConditionExpression": "n = :zero",
                        "ExpressionAttributeValues": {":two": {"N": "2"}, ":zero": {"N": "0"}}}},
        ])
    reasons = refused.value.response["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"]
    assert _ids(client, name) == ["a"]
    assert client.get_item(TableName=name, Key={"id": {"S": "a"}})["Item"]["n"] == {"N": "1"}


def test_a_write_that_fails_midway_is_undone(table):
    client, name = table
    client.put_item(TableName=name, Item={"id": {"S": "a"}, "s": {"S": "text"}})
    with pytest.raises(ClientError):
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": name, "Item": {"id": {"S": "b"}}}},
            {"Delete": {"TableName": name, "Key": {"id": {"S": "a"}}}},
            {"Update": {"TableName": name, "Key": {"id": {"S": "c"}}, "UpdateExpression": "ADD s :one",
                        "ExpressionAttributeValues": {":one": {"S": "not a number"}}}},
        ])
    assert _ids(client, name) == ["a"]  # b was put and a deleted before the failure: both undone
    assert client.get_item(TableName=name, Key={"id": {"S": "a"}})["Item"]["s"] == {"S": "text"}


def test_all_conditions_are_judged_before_any_write(table):
    client, name = table
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": {"id": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(id)"}},
        {"ConditionCheck": {"TableName": name, "Key": {"id": {"S": "z"}},
                            "ConditionExpression": "attribute_not_exists(id)"}},
    ])
    assert _ids(client, name) == ["a"]
