"""Where the write capacity goes (issue 22's cost lines): the scale bench's simulated day (bench/scale.py) with the
meter keeping every written image, then per check and table: writes, WCU of the item itself and of each global
secondary index (as bench/capacity.py bills them), the items' mean size and how many writes crossed a KB
boundary; and, for the bookings table, which attributes hold the bytes of the item as written.

    python -m bench.write_anatomy [--stores 2] [--tick 15]
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.capacity import Item, Table, item_size, units, value_size
from bench.meter import Meter, install

Image = tuple[str, str, Item | None, Item | None, bool]


def index_share(table: Table, before: Item | None, after: Item | None) -> dict[str, int]:
    """Each index's part of a write, as Table.index_writes adds them up."""
    found: dict[str, int] = {}
    for index in table.indexes:
        found[index.name] = Table(table.keys, (index,)).index_writes(before, after)
    return found


def anatomy(images: list[Image], tables: dict[str, Table]) -> dict[str, dict[str, dict[str, float]]]:
    """check → table → writes, item WCU, each index's WCU, mean bytes (the larger image), writes above 1 KB."""
    rows: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for check, name, before, after, tx in images:
        table = tables[name]
        size = max(item_size(before), item_size(after))
        row = rows[check][name.split("-")[-1]]
        row.update({"writes": 1, "item_wcu": units(size, 1024) * (2 if tx else 1), "bytes": size,
                    "over_1kb": int(size > 1024)})
        row.update({f"index:{k}": v for k, v in index_share(table, before, after).items() if v})
    return {check: {t: {k: (round(v / r["writes"]) if k == "bytes" else v) for k, v in r.items()}
                    for t, r in by_table.items()} for check, by_table in rows.items()}


def attribute_bytes(images: list[Image], suffix: str = "-bookings") -> dict[str, float]:
    """Mean bytes per written item of each attribute (its name and value), largest first."""
    total: Counter[str] = Counter()
    n = 0
    for _check, name, _before, after, _tx in images:
        if after and name.endswith(suffix):
            n += 1
            for attr, value in after.items():
                total[attr] += len(attr.encode()) + value_size(value)
    return {attr: round(b / max(n, 1), 1) for attr, b in total.most_common()}


def count_transactions(meter: Meter, found: Counter[str]) -> None:
    """Counts each TransactWriteItems by check and size ("reminders:1" = one item), above the meter's own count."""
    import botocore.client

    metered = botocore.client.BaseClient._make_api_call

    def counting(self, operation_name, api_params):  # type: ignore[no-untyped-def]
        if operation_name == "TransactWriteItems":
            items = api_params["TransactItems"]
            tables = sorted({next(iter(i.values()))["TableName"].split("-")[-1] for i in items})
            found[f"{meter.check}:{len(items)}:{'+'.join(tables) if len(items) == 1 else ''}"] += 1
        return metered(self, operation_name, api_params)

    botocore.client.BaseClient._make_api_call = counting


def hourly(svc: Any, meter: Meter, profile: Counter[int]) -> Callable[[], None]:
    """WCU of every write by the simulated clock's local hour (the clock is set at each tick); returns what
    starts the profile again (when the meter is reset)."""
    clock = svc.ports.clock
    setter = clock.set
    state = {"hour": None, "seen": 0.0}

    def set_and_count(when: Any) -> None:
        total = sum(meter.wcu.values())
        if state["hour"] is not None:
            profile[state["hour"]] += total - state["seen"]
        state["hour"], state["seen"] = when.hour, total
        setter(when)

    clock.set = set_and_count

    def again() -> None:
        profile.clear()
        state.update(hour=None, seen=0.0)

    return again


OVERHEAD = 100  # bytes DynamoDB adds to each stored item and each index entry (storage billing)


def stored(tables: dict[str, Table], raw_items: dict[str, list[Item]]) -> dict[str, dict[str, float]]:
    """Per table at the end of the day: items, mean bytes billed per item as stored (with its overhead) and
    the bytes its index entries add per item; PITR is billed on the first only (table data and local indexes)."""
    found: dict[str, dict[str, float]] = {}
    for name, items in raw_items.items():
        table = tables.get(name)
        if not items or table is None:
            continue
        base = sum(item_size(i) + OVERHEAD for i in items)
        indexes = sum(item_size(e) + OVERHEAD for i in items for x in table.indexes
                      if (e := table.entry(x, i)) is not None)
        found[name.split("-")[-1]] = {"items": len(items), "table_bytes_per_item": round(base / len(items)),
                                      "index_bytes_per_item": round(indexes / len(items))}
    return found


def _scan_all(svc: Any, names: list[str]) -> dict[str, list[Item]]:
    """The bench's own tally of what the day left stored (a Scan of the bench's tables, never the code's)."""
    import boto3

    dynamo = boto3.client("dynamodb")
    found: dict[str, list[Item]] = {}
    for name in names:
        items: list[Item] = []
        kwargs: dict[str, Any] = {"TableName": name}
        while True:
            page = dynamo.scan(**kwargs)
            items += page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        found[name] = items
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="where the write capacity of the scale bench's day goes")
    parser.add_argument("--stores", type=int, default=2)
    parser.add_argument("--tick", type=int, default=15)
    args = parser.parse_args()
    from bench.scale import DAY, seed, simulated_days
    from bench.stack import bench_stack

    meter = Meter()
    meter.keep_images = ("",)
    install(meter)
    transactions: Counter[str] = Counter()
    count_transactions(meter, transactions)
    profile: Counter[int] = Counter()
    with bench_stack(DAY - timedelta(days=2, hours=-8), queue_visibility=1) as svc:
        people = seed(svc, args.stores, random.Random(12))
        simulated_days(svc, meter, args.tick, people, measured=hourly(svc, meter, profile))
        tables: dict[str, Any] = dict(meter._tables)
        left = stored(tables, _scan_all(svc, list(tables)))
    images = [i for i in meter.images if i[0] not in ("setup", "between")]
    print(json.dumps({"per_check": anatomy(images, tables), "booking_attribute_bytes": attribute_bytes(images),
                      "transactions": dict(sorted(transactions.items())), "stored": left,
                      "wcu_by_local_hour": {h: round(profile[h], 1) for h in sorted(profile)}},
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
