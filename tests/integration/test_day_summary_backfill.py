"""Migration 0003: the day summaries of store-days booked before summaries existed are rebuilt from their
counters; days already past are left alone, and a booking made between the rebuild's reads and its write is
never lost (the rebuild reads again)."""
from __future__ import annotations

from datetime import date

import boto3
import pytest

from infra import day_summaries

TODAY = date(2099, 1, 10)


def counter(client, table: str, store_day: str, slot: str, value: str) -> None:
    attribute = "hours" if slot.startswith("DAY#") else "taken"
    client.put_item(TableName=table, Item={"store_day": {"S": store_day}, "slot": {"S": slot}, attribute: {"N": value}})


def summary(client, table: str, store: str, day: str) -> dict:
    return client.get_item(TableName=table, Key={"store_day": {"S": store}, "slot": {"S": day}},
                           ConsistentRead=True).get("Item", {})


@pytest.fixture
def counters(tables):
    client, table = boto3.client("dynamodb"), tables.table("slot-counters")
    counter(client, table, "c#s1#2099-01-10", "09:00", "2")
    counter(client, table, "c#s1#2099-01-10", "DAY#pm", "3.5")
    counter(client, table, "c#s1#2099-01-12", "SEG#idle", "1")
    counter(client, table, "c#s2#2099-01-09", "10:00", "3")  # past: left alone
    return client, table


def test_every_store_day_from_today_gets_its_counters_as_its_summary(counters):
    client, table = counters
    assert day_summaries.backfill(client, table, TODAY, dry_run=True) == 2
    assert summary(client, table, "c#s1", "2099-01-10") == {}
    assert day_summaries.backfill(client, table, TODAY) == 2
    first = summary(client, table, "c#s1", "2099-01-10")
    assert (first["09:00"], first["DAY#pm"], first["v"]) == ({"N": "2"}, {"N": "3.5"}, {"N": "1"})
    assert summary(client, table, "c#s1", "2099-01-12")["SEG#idle"] == {"N": "1"}
    assert summary(client, table, "c#s2", "2099-01-09") == {}
    assert day_summaries.backfill(client, table, TODAY) == 2  # again: the same summaries (the summaries' own
    assert summary(client, table, "c#s1", "2099-01-10")["09:00"] == {"N": "2"}  # partitions are not counters)


def test_a_booking_committed_during_a_rebuild_is_not_lost(counters, monkeypatch):
    client, table = counters
    original = day_summaries._counters
    raced = []

    def counters_then_a_booking(client_, table_, store_day):
        read = original(client_, table_, store_day)
        if not raced:  # a booking commits after the counters were read: counter and summary move together
            raced.append(store_day)
            client.transact_write_items(TransactItems=[
                {"Update": {"TableName": table, "Key": {"store_day": {"S": store_day}, "slot": {"S": "09:00"}},
                            "UpdateExpression": "ADD taken :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                {"Update": {"TableName": table, "Key": {"store_day": {"S": "c#s1"}, "slot": {"S": "2099-01-10"}},
                            "UpdateExpression": "ADD #s :one, v :one", "ExpressionAttributeNames": {"#s": "09:00"},
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            ])
        return read

    monkeypatch.setattr(day_summaries, "_counters", counters_then_a_booking)
    day_summaries.rebuild(client, table, "c#s1#2099-01-10")
    rebuilt = summary(client, table, "c#s1", "2099-01-10")
    assert rebuilt["09:00"] == {"N": "3"} and rebuilt["DAY#pm"] == {"N": "3.5"}
