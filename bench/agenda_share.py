"""What the reminder agenda costs inside the booking item (issue 22's cost lines): the scale bench's simulated day
(bench/scale.py) with the meter keeping the booking writes' images, priced as they are and as they would be with
the agenda (next step, its time, its due-index key, the steps done) in a small item of its own.

Each booking write of a check is classed by what it changed: **agenda only** (the agenda's attributes, the
step's events, the version) or **more** (a status, a task, a released place...). With a small agenda item an
agenda-only write writes that item instead of the booking; a write that changes more writes both. Writes of
the API (bookings made, moved, checked in) also write both: their extra is priced from the api_day figures.

    python -m bench.agenda_share [--stores 2]
"""
from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from datetime import timedelta
from typing import Any

from bench.capacity import Index, Item, Table, item_size
from bench.meter import Meter, install

AGENDA = ("next_action", "next_at", "due_key")
BOOKKEEPING = ("events", "version")  # what every step's write changes besides the agenda


def _changed(before: Item | None, after: Item | None) -> set[str]:
    old, new = before or {}, after or {}
    return {name for name in set(old) | set(new) if old.get(name) != new.get(name)}


def agenda_item(booking: Item | None) -> Item | None:
    """The small item: the booking's id, its agenda and the names of the steps done (the events' kinds)."""
    if not booking:
        return None
    item: Item = {"booking_id": booking["booking_id"]}
    item.update({name: booking[name] for name in AGENDA if name in booking})
    held = booking.get("events", {}).get("L", [])  # "at|kind|by[|note]" strings, or maps (decision 0070)
    kinds = [e["S"].split("|")[1] if "S" in e else e["M"]["kind"]["S"] for e in held if "S" in e or "kind" in e.get("M", {})]
    item["done"] = {"L": [{"S": kind} for kind in kinds]}
    return item


def priced(images: list[tuple[str, str, Item | None, Item | None, bool]], bookings: Table,
           agendas: Table) -> dict[str, dict[str, float]]:
    found: dict[str, Counter[str]] = defaultdict(Counter)
    sizes: list[int] = []
    for check, _table, before, after, tx in images:
        changed = _changed(before, after)
        as_is = bookings.write(before, after, tx, applied=True)
        agenda = agendas.write(agenda_item(before), agenda_item(after), tx, applied=True)
        only_agenda = bool(changed) and changed <= set(AGENDA) | set(BOOKKEEPING)
        lean = _without(before), _without(after)
        split = agenda if only_agenda else bookings.write(*lean, tx, applied=True) + (agenda if changed & set(AGENDA) else 0)
        row = found[check]
        row.update({"writes": 1, "agenda_only": int(only_agenda), "wcu_as_is": as_is, "wcu_split": split})
        sizes.append(item_size(after))
    result = {check: {k: round(v, 2) for k, v in row.items()} for check, row in found.items()}
    result["_items"] = {"mean_booking_bytes": round(sum(sizes) / max(len(sizes), 1))}
    return result


def _without(item: Item | None) -> Item | None:
    """The booking item with its agenda (and the steps' events) moved out."""
    if item is None:
        return None
    kept = {k: v for k, v in item.items() if k not in AGENDA}
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description="the reminder agenda's share of the booking item's WCU")
    parser.add_argument("--stores", type=int, default=2)
    parser.add_argument("--tick", type=int, default=15)
    args = parser.parse_args()
    from bench.scale import DAY, seed, simulated_days
    from bench.stack import bench_stack
    from infra.tables import table_specs

    meter = Meter()
    meter.keep_images = ("-bookings",)
    install(meter)
    with bench_stack(DAY - timedelta(days=2, hours=-8), queue_visibility=1) as svc:
        simulated_days(svc, meter, args.tick, seed(svc, args.stores, random.Random(12)))
    [spec] = [s for s in table_specs() if s.name == "bookings"]
    bookings = Table(("booking_id",), tuple(Index(i.name, tuple(_keys(i)), i.projection, tuple(i.include))
                                            for i in spec.indexes))
    due = next(i for i in bookings.indexes if "due_key" in i.keys)
    agendas = Table(("booking_id",), (due,))
    images = [i for i in meter.images if i[0] not in ("setup", "between", "people")]
    print(json.dumps(priced(images, bookings, agendas), ensure_ascii=False))


def _keys(index: Any) -> tuple[str, ...]:
    return tuple(k[0] for k in (index.hash_key, index.range_key) if k)


if __name__ == "__main__":
    main()
