"""The scale bench's meter: every DynamoDB and SQS request the code makes, counted at botocore per check,
with the capacity units DynamoDB would bill for it (bench/capacity.py). To know what a write costs it reads
the written items just before and just after (those reads are the meter's own, not counted)."""
from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Any

import botocore.client
from botocore.exceptions import ClientError

from bench.capacity import Item, Table, read_units

WRITES = ("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")


class Meter:
    def __init__(self) -> None:
        self.check = "setup"
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.wcu: Counter[str] = Counter()
        self.rcu: Counter[str] = Counter()
        self.sqs: Counter[str] = Counter()
        self.wcu_by_table: dict[str, Counter[str]] = defaultdict(Counter)  # check → table → WCU
        self.ticks: dict[str, list[tuple[int, int]]] = defaultdict(list)  # check → (requests, items) per tick
        self._tables: dict[str, Table] = {}
        # the written images (check, table, before, after, transactional) of the tables whose names end so
        self.keep_images: tuple[str, ...] = ()
        self.images: list[tuple[str, str, Item | None, Item | None, bool]] = []

    def reset(self) -> None:
        """Forget what was counted so far (a warm-up's), keeping the tables' descriptions."""
        with self.lock:
            for counter in (self.requests, self.wcu, self.rcu, self.sqs):
                counter.clear()
            self.wcu_by_table.clear()
            self.ticks.clear()
            self.images.clear()

    def table(self, raw: Any, name: str) -> Table:
        if name not in self._tables:
            self._tables[name] = Table.from_description(raw("DescribeTable", {"TableName": name})["Table"])
        return self._tables[name]

    def add(self, wcu: float = 0.0, rcu: float = 0.0, table: str = "") -> None:
        with self.lock:
            self.wcu[self.check] += wcu
            self.rcu[self.check] += rcu
            if wcu:
                self.wcu_by_table[self.check][table.split("-")[-1]] += wcu

    def count(self, service: str) -> None:
        with self.lock:
            if service == "sqs":
                self.sqs[self.check] += 1
            elif service == "dynamodb":
                self.requests[self.check] += 1


def _targets(meter: Meter, raw: Any, op: str, params: dict[str, Any]) -> list[tuple[str, Item, bool, str]]:
    """(table, key, transactional, kind) of each item a write request touches."""
    if op == "TransactWriteItems":
        found = []
        for entry in params["TransactItems"]:
            kind, body = next(iter(entry.items()))
            key = body.get("Key") or meter.table(raw, body["TableName"]).key_of(body["Item"])
            found.append((body["TableName"], key, True, kind))
        return found
    if op == "BatchWriteItem":
        found = []
        for name, requests in params["RequestItems"].items():
            for r in requests:
                if "DeleteRequest" in r:
                    found.append((name, r["DeleteRequest"]["Key"], False, "Delete"))
                else:
                    found.append((name, meter.table(raw, name).key_of(r["PutRequest"]["Item"]), False, "Put"))
        return found
    key = params.get("Key") or meter.table(raw, params["TableName"]).key_of(params["Item"])
    return [(params["TableName"], key, False, op.removesuffix("Item"))]


def _peek(raw: Any, table: str, key: Item) -> Item | None:
    return raw("GetItem", {"TableName": table, "Key": key, "ConsistentRead": True}).get("Item")


def _bill_reads(meter: Meter, op: str, params: dict[str, Any], result: dict[str, Any]) -> None:
    consistent = bool(params.get("ConsistentRead"))
    if op == "GetItem":
        meter.add(rcu=read_units([result["Item"]] if result.get("Item") else [], consistent))
    elif op in ("Query", "Scan"):
        meter.add(rcu=read_units(result.get("Items", []), consistent))
    elif op == "BatchGetItem":
        for name, items in result.get("Responses", {}).items():
            meter.add(rcu=read_units(items, bool(params["RequestItems"][name].get("ConsistentRead")), per_item=True))
    elif op == "TransactGetItems":
        items = [r["Item"] for r in result.get("Responses", []) if r.get("Item")]
        meter.add(rcu=read_units(items, True, transactional=True, per_item=True))


def install(meter: Meter) -> None:
    original = botocore.client.BaseClient._make_api_call

    def counting(self, operation_name, api_params):  # type: ignore[no-untyped-def]
        service = self.meta.service_model.service_name
        meter.count(service)
        if service != "dynamodb":
            return original(self, operation_name, api_params)

        def raw(op: str, params: dict[str, Any]) -> dict[str, Any]:
            return original(self, op, params)

        if operation_name not in WRITES:
            result = original(self, operation_name, api_params)
            _bill_reads(meter, operation_name, api_params, result)
            return result
        targets = _targets(meter, raw, operation_name, api_params)
        before = [_peek(raw, t, key) for t, key, _, _ in targets]
        try:
            result = original(self, operation_name, api_params)
        except ClientError:  # refused: the attempt is billed, nothing propagates to the indexes
            for (t, _key, tx, _), old in zip(targets, before, strict=True):
                meter.add(wcu=meter.table(raw, t).write(old, old, tx, applied=False), table=t)
            raise
        for (t, key, tx, kind), old in zip(targets, before, strict=True):
            new = old if kind == "ConditionCheck" else _peek(raw, t, key)
            meter.add(wcu=meter.table(raw, t).write(old, new, tx, applied=kind != "ConditionCheck"), table=t)
            if meter.keep_images and kind != "ConditionCheck" and t.endswith(meter.keep_images):
                with meter.lock:
                    meter.images.append((meter.check, t, old, new, tx))
        return result

    botocore.client.BaseClient._make_api_call = counting
