"""Capacity units as on-demand DynamoDB bills them, for the scale bench's meter.

Item sizes follow DynamoDB's published rule (not the JSON length): attribute names and string values by
their UTF-8 bytes, a number by about one byte per two significant digits plus one, binary by its bytes,
booleans and nulls one byte, a list or map three bytes plus its elements with one byte each (a map's keys
counted as names).

A write is billed per KB of the larger of the item before and after (twice inside a transaction); each
global secondary index whose keys the item carries before or after is billed as DynamoDB propagates it:
an entry put, deleted, or both when its keys change, an entry rewritten when an attribute it projects
changes, nothing when it projects none of what changed. Reads are billed per 4 KB of what came back (a
Query's items summed first), half when eventually consistent, twice inside a transaction.

The meter reads each written item just before and just after the write (uncounted) to know both images,
so sizes and index propagation come from the data rather than from guesses.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Item = dict[str, dict[str, Any]]  # DynamoDB's typed JSON, as botocore's client speaks it


def value_size(value: dict[str, Any]) -> int:
    kind, v = next(iter(value.items()))
    if kind == "S":
        return len(v.encode())
    if kind == "N":
        digits = Decimal(v).normalize().as_tuple().digits
        return math.ceil(len(digits) / 2) + 1
    if kind == "B":
        return len(v)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + value_size(e) for e in v)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_size(e) for k, e in v.items())
    if kind == "SS":
        return sum(len(s.encode()) for s in v)
    if kind == "NS":
        return sum(value_size({"N": n}) for n in v)
    if kind == "BS":
        return sum(len(b) for b in v)
    raise ValueError(f"unknown DynamoDB type {kind}")


def item_size(item: Item | None) -> int:
    return sum(len(name.encode()) + value_size(v) for name, v in (item or {}).items())


def units(size: int, unit: int) -> int:
    return max(1, math.ceil(size / unit))


@dataclass(frozen=True)
class Index:
    name: str
    keys: tuple[str, ...]  # the index's hash and range attributes
    projection: str  # ALL | KEYS_ONLY | INCLUDE
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    keys: tuple[str, ...]
    indexes: tuple[Index, ...]

    @staticmethod
    def from_description(table: dict[str, Any]) -> Table:
        indexes = []
        for gsi in table.get("GlobalSecondaryIndexes", []):
            projection = gsi.get("Projection", {})
            indexes.append(Index(gsi["IndexName"], tuple(k["AttributeName"] for k in gsi["KeySchema"]),
                                 projection.get("ProjectionType", "ALL"), tuple(projection.get("NonKeyAttributes", ()))))
        return Table(tuple(k["AttributeName"] for k in table["KeySchema"]), tuple(indexes))

    def key_of(self, item: Item) -> Item:
        return {k: item[k] for k in self.keys}

    def entry(self, index: Index, item: Item | None) -> Item | None:
        """The index's copy of an item: None when the item lacks the index's keys (a sparse index)."""
        if not item or any(k not in item for k in index.keys):
            return None
        if index.projection == "ALL":
            return item
        names = set(self.keys) | set(index.keys) | (set(index.include) if index.projection == "INCLUDE" else set())
        return {k: v for k, v in item.items() if k in names}

    def index_writes(self, before: Item | None, after: Item | None) -> int:
        total = 0
        for index in self.indexes:
            old, new = self.entry(index, before), self.entry(index, after)
            if old is None and new is None:
                continue
            moved = old is None or new is None or any(old[k] != new[k] for k in index.keys)
            if moved:
                total += (units(item_size(old), 1024) if old is not None else 0)
                total += (units(item_size(new), 1024) if new is not None else 0)
            elif old != new:
                total += units(max(item_size(old), item_size(new)), 1024)
        return total

    def write(self, before: Item | None, after: Item | None, transactional: bool, applied: bool) -> float:
        base = units(max(item_size(before), item_size(after)), 1024) * (2 if transactional else 1)
        return float(base + (self.index_writes(before, after) if applied else 0))


def read_units(items: list[Item], consistent: bool, transactional: bool = False, per_item: bool = False) -> float:
    if per_item:
        total = sum(units(item_size(i), 4096) for i in items) if items else 0
    else:
        total = units(sum(item_size(i) for i in items), 4096)
    factor = 2.0 if transactional else (1.0 if consistent else 0.5)
    return total * factor
