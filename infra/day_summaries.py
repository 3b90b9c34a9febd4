"""Migration 0003: build the day summaries (chalicelib/adapters/dynamo/day_summaries.py) of every store-day
from today on from the counters written before summaries existed.

One Scan of the slot-counters table (keys only) finds the counter partitions ("chain#store#YYYY-MM-DD") of
today or later; each store-day's summary is then rebuilt from its counters, conditioned on the summary's
write count `v` being what was read before the counters were: a booking committed meanwhile moves `v`, the
rebuild fails its condition and reads again. So a rebuild never loses a booking made after the deploy, and
running it twice writes the same summary twice.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

ATTEMPTS = 5
HOURS_PREFIX = "DAY#"


def _counter_partitions(client: Any, table: str, today: date) -> Iterator[str]:
    """Each counter partition of today or later once (a Scan returns a partition's items together)."""
    request: dict[str, Any] = {"TableName": table, "ProjectionExpression": "store_day", "ConsistentRead": True}
    last = None
    while True:
        page = client.scan(**request)
        for item in page.get("Items", []):
            key = item["store_day"]["S"]
            parts = key.rsplit("#", 2)
            if len(parts) != 3 or key == last:
                continue
            try:
                day = date.fromisoformat(parts[2])
            except ValueError:
                continue  # a summary's own partition ("chain#store")
            last = key
            if day >= today:
                yield key
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _counters(client: Any, table: str, store_day: str) -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    request: dict[str, Any] = {"TableName": table, "KeyConditionExpression": "store_day = :k",
                               "ExpressionAttributeValues": {":k": {"S": store_day}}, "ConsistentRead": True}
    while True:
        page = client.query(**request)
        for item in page.get("Items", []):
            name = item["slot"]["S"]
            value = item.get("hours" if name.startswith(HOURS_PREFIX) else "taken", {"N": "0"})
            values[name] = {"N": value["N"]}
        if "LastEvaluatedKey" not in page:
            return values
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def rebuild(client: Any, table: str, store_day: str) -> None:
    """The store-day's summary set to its counters; raises when bookings kept moving it (the migration is then
    not recorded, and the next run tries again)."""
    store, day = store_day.rsplit("#", 1)
    key = {"store_day": {"S": store}, "slot": {"S": day}}
    for _ in range(ATTEMPTS):
        seen = client.get_item(TableName=table, Key=key, ConsistentRead=True).get("Item", {})
        counters = _counters(client, table, store_day)
        writes = int(seen["v"]["N"]) if "v" in seen else 0
        condition = "#v = :seen" if "v" in seen else "attribute_not_exists(#v)"
        values = {":seen": {"N": str(writes)}} if "v" in seen else {}
        try:
            client.put_item(TableName=table, Item={**key, **counters, "v": {"N": str(writes + 1)}},
                            ConditionExpression=condition, ExpressionAttributeNames={"#v": "v"},
                            **({"ExpressionAttributeValues": values} if values else {}))
            return
        except client.exceptions.ConditionalCheckFailedException:
            continue
    raise RuntimeError(f"{store_day}: bookings kept moving the day during {ATTEMPTS} rebuilds; run again")


def backfill(client: Any, table: str, today: date, *, dry_run: bool = False) -> int:
    """Rebuild every store-day of today or later that has counters; returns how many (to rebuild, when dry)."""
    done = 0
    for store_day in _counter_partitions(client, table, today):
        if not dry_run:
            rebuild(client, table, store_day)
        done += 1
    return done
