"""A store's day summaries: one item per store-day holding a copy of every counter of that day as its own
attribute ("09:00": 2, "DAY#pm": 3.5, "SEG#idle": 1), so the loads of a run of days are one Query per store
(first-available reads 31 days of ten stores in ten requests however full they are).

The items live in the slot-counters table under the store's key: store_day = "chain#store", slot =
"YYYY-MM-DD" (a counter's own partition is "chain#store#YYYY-MM-DD", so the two never meet). The unit of
work moves the summary in the same transaction as the counters it copies, by the same deltas (ADD, atomic)
and conditioned on the same limits, so a committed booking moves both and a refused one neither: the
summary is exact under races. `v` counts the writes, so a rebuild from the counters (`rebuild`) can be
conditioned on no booking having moved the day meanwhile.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

from ...domain.booking.capacity import DayLoad, day_load_of
from ...domain.booking.change import CounterMove
from . import keys
from .models import SlotCounterModel
from .transaction import Transaction

WRITES = "v"  # the number of transactions that moved the day
_NOT_COUNTERS = frozenset({"store_day", "slot", WRITES})


def summary_item(chain_id: str, store_id: str, day: date) -> SlotCounterModel:
    return SlotCounterModel(keys.store_key(chain_id, store_id), day.isoformat())


def _net(moves: list[CounterMove]) -> dict[str, tuple[float, float | None]]:
    """Per counter: the summed delta and the tightest limit any increment of it carries."""
    net: dict[str, tuple[float, float | None]] = {}
    for move in moves:
        delta, limit = net.get(move.counter, (0.0, None))
        if move.limit is not None:
            limit = move.limit if limit is None else min(limit, move.limit)
        net[move.counter] = (delta + move.delta, limit)
    return net


def move_summaries(tx: Transaction, counters: tuple[CounterMove, ...] | list[CounterMove]) -> None:
    """One update per store-day the change moves: each counter's copy by its delta, within its limit."""
    by_day: dict[tuple[str, str, date], list[CounterMove]] = defaultdict(list)
    for move in counters:
        by_day[(move.chain_id, move.store_id, move.day)].append(move)
    for (chain_id, store_id, day), moves in by_day.items():
        actions: list[Action] = [Path([WRITES]).add(1)]
        condition: Condition | None = None
        for counter, (delta, limit) in _net(moves).items():
            if delta == 0:
                continue
            copy = Path([counter])
            actions.append(copy.add(delta))
            if limit is not None and delta > 0:
                within = (copy <= limit - delta) | copy.does_not_exist()
                condition = within if condition is None else condition & within
        tx.update("summary", summary_item(chain_id, store_id, day), actions, condition)


def _number(value: dict[str, Any]) -> float:
    return float(Decimal(value["N"]))


def load_of(item: dict[str, dict[str, Any]]) -> DayLoad:
    return day_load_of({name: _number(v) for name, v in item.items() if name not in _NOT_COUNTERS and "N" in v})


def day_loads(chain_id: str, store_id: str, first: date, last: date) -> dict[date, DayLoad]:
    """One Query (more only past 1 MB: 31 days of a store are about 10 KB)."""
    connection = SlotCounterModel._get_connection()
    condition = SlotCounterModel.slot.between(first.isoformat(), last.isoformat())
    found: dict[date, DayLoad] = {}
    start: Any = None
    while True:
        page = connection.query(keys.store_key(chain_id, store_id), range_key_condition=condition,
                                exclusive_start_key=start)
        for item in page.get("Items", []):
            found[date.fromisoformat(item["slot"]["S"])] = load_of(item)
        start = page.get("LastEvaluatedKey")
        if not start:
            return found
