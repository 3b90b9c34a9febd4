"""Provisioned capacity per table and global index, planned for a stage at a chain size (decision 0080): the
figures infra/capacity.py holds for a stage that keeps tables provisioned, and what they cost against the same
tables on-demand, so a table is provisioned only where it pays (bench/provisioned.py priced the writes all
together; a table is provisioned or on-demand for its reads and writes, and each global index has its own).

Per table and index, each store-local hour gets the capacity its busiest minute needs (the reminders' burst
minutes, worked at the stage's check-worker rate, as bench/provisioned.py) on top of its steady traffic, and the
steady traffic alone at auto scaling's target otherwise. A raise is scheduled LEAD_MIN before the hour it is for;
a lowering at the hour, or SETTLE_MIN after it when the hour before ends on a burst (20:59: its sends go on for
~5 minutes). An hour is billed at the highest capacity in force in it (infra/capacity.py `billed_hours`).

    python -m bench.provisioned_plan [--stage prod-cn] [--stores 100000]   # the plan, as infra/capacity.py holds it
"""
from __future__ import annotations

import argparse
import math
from collections import Counter

from infra.capacity import Capacity, Floor, ProvisionedTable

DAYS = 30
LEAD_MIN = 10  # a raise is in force this long before its hour's first burst (UpdateTable takes minutes)
SETTLE_MIN = 6  # after a burst in an hour's last minutes, its sends' writes go on this long (the 20:59 spike)
TARGET = 0.7  # auto scaling's target for steady traffic
SPIKE_TARGET = 0.9  # a scheduled floor for a known minute can be sized closer
OPEN_HOURS = range(8, 21)  # the steady traffic's hours (the API's and the spread checks')
CANDIDATES = ("bookings", "outbox", "tasks")  # the tables the reminders' burst writes most

# Each table part's WCU in a reminder item, from `python -m bench.write_anatomy --stores 2` (2026-12-07, after
# decision 0087's store-day; the reminders check's writes by table and index; the check-state table's watermarks
# are per tick, the customers' and tokens' tables stay on-demand): WCU of the day, shared out over the item's
# WCU (bench/cost_model CHECKS).
REMINDER_WCU = {("bookings", None): 916, ("bookings", "by_store_day"): 458, ("bookings", "due_by_check"): 894,
                ("outbox", None): 1400, ("outbox", "by_customer"): 350, ("outbox", "due"): 1090,
                ("tasks", None): 156, ("tasks", "open_by_store"): 78, ("tasks", "task_track"): 78,
                ("customers", None): 302}
# The other checks' writes by table part (the same run), as shares of their own WCU; the staff's check-in, start
# and complete from the run before decision 0087 (its images of the staff's actions alone).
OTHER_WCU = {
    "lateness": {("bookings", None): 112, ("bookings", "by_store_day"): 56, ("bookings", "due_by_check"): 81,
                 ("outbox", None): 88, ("outbox", "by_customer"): 22, ("outbox", "due"): 66, ("tasks", None): 50,
                 ("tasks", "open_by_store"): 25, ("tasks", "task_track"): 25, ("other", None): 132},
    "follow_up": {("bookings", None): 216, ("bookings", "by_store_day"): 108, ("bookings", "due_by_check"): 216,
                  ("outbox", None): 432, ("outbox", "by_customer"): 108, ("outbox", "due"): 324, ("other", None): 110},
    "outbox": {("outbox", None): 80, ("outbox", "due"): 80, ("other", None): 32},
    "task_escalation": {("tasks", None): 33, ("tasks", "open_by_store"): 33, ("tasks", "task_track"): 33},
    "lapse": {("tasks", None): 16, ("tasks", "open_by_store"): 8, ("tasks", "task_track"): 8, ("other", None): 88},
    "staff": {("bookings", None): 294, ("bookings", "by_store_day"): 147, ("bookings", "due_by_check"): 151,
              ("tasks", None): 424, ("tasks", "open_by_store"): 212, ("tasks", "task_track"): 212, ("other", None): 212},
}
# A booking made (33 WCU, measured): 18 its search entries (write_anatomy's setup transactions), the booking in
# its transaction 2 and one write to each index (assumed: the item under 1 KB), the rest counters, idempotency,
# customer and vehicle. An acknowledgement (4): the booking twice and its store-day and due copies.
BOOKING_MADE = {("bookings", None): 2, ("bookings", "by_store_day"): 1, ("bookings", "by_customer"): 1,
                ("bookings", "due_by_check"): 1}
ACKNOWLEDGED = {("bookings", None): 2, ("bookings", "by_store_day"): 1, ("bookings", "due_by_check"): 1}
STAFF_ROUTES = ("POST /staff/bookings/{id}/check-in", "POST /staff/bookings/{id}/start",
                "POST /staff/bookings/{id}/complete", "POST /staff/bookings/{id}/confirm",
                "POST /staff/stores/{id}/tasks/{id}/done")  # the last two shared out as the first three (assumed)
# Reads (assumed: not measured per table): a reminder item's RCU (cost_model CHECKS) are its booking's read; the board and the
# day plan read the store-day index, the customer's list by_customer, the task list open_by_store; every other
# route's reads the bookings table's (conservative for the table, whose reads are a few percent of the bill).
READ_PART = {"GET /staff/stores/{id}/board": ("bookings", "by_store_day"),
             "GET /staff/stores/{id}/bookings": ("bookings", "by_store_day"),
             "GET /mp/bookings": ("bookings", "by_customer"), "GET /staff/stores/{id}/tasks": ("tasks", "open_by_store")}

CHECK_READS = {"task_escalation": ("tasks", "open_by_store")}  # the other checks read bookings (assumed likewise)
DISPATCH_RCU_PER_ITEM = 0.5 * 1100 / 4096
DISPATCH_RATE = 2.0  # the dispatcher's reads come at up to twice the check workers' rate
# a part's reads are not measured per table part: its read floor is at least this share of its write floor
# (assumed; reads cost a fifth of writes a unit, so the margin costs ~2 % of the capacity)
MIN_READ_SHARE = 0.1
NIGHT_SHARE = 0.1  # outside the opening hours, this share of their steady rate (assumed: late bookings, the checks)

Part = tuple[str, str | None]


def _shares(figures: dict[Part, int]) -> dict[Part, float]:
    total = sum(figures.values())
    return {part: n / total for part, n in figures.items()}


def burst_per_item() -> dict[Part, tuple[float, float]]:
    """(WCU, RCU) of each table part per reminder item of a burst minute."""
    from bench.cost_model import CHECKS, STATE_WCU_PER_ITEM

    wcu = CHECKS["reminders"][2] - STATE_WCU_PER_ITEM["reminders"]
    found = {part: (share * wcu, 0.0) for part, share in _shares(REMINDER_WCU).items()}
    found[("bookings", None)] = (found[("bookings", None)][0], CHECKS["reminders"][3])
    # the dispatcher reads each due entry once from `due_by_check` (eventually consistent: half a unit per 4 KB, an
    # entry ~1.1 KB, 0.13), at up to twice the check workers' rate (32 dispatchers read and enqueue ~15,000 a second)
    found[("bookings", "due_by_check")] = (found[("bookings", "due_by_check")][0], DISPATCH_RCU_PER_ITEM)
    return found


def steady_per_store_day(burst_items: float) -> dict[Part, tuple[float, float]]:
    """(WCU, RCU) of each table part per store-day outside the burst minutes: the other checks, the reminder
    items not in a burst minute, the API's writes and reads."""
    from bench.api_day import PER_STORE_DAY
    from bench.cost_model import API, CHECKS, STATE_WCU_PER_ITEM

    found: Counter[Part] = Counter()
    reads: Counter[Part] = Counter()
    for part, (w, r) in burst_per_item().items():
        found[part] += w * (CHECKS["reminders"][0] - burst_items)
        reads[part] += r * (CHECKS["reminders"][0] - burst_items)
    for check, figures in OTHER_WCU.items():
        if check == "staff":
            wcu = sum(PER_STORE_DAY[r] * API[r][1] for r in STAFF_ROUTES)
        else:
            wcu = CHECKS[check][0] * (CHECKS[check][2] - STATE_WCU_PER_ITEM.get(check, 0.0))
            reads[CHECK_READS.get(check, ("bookings", None))] += CHECKS[check][0] * CHECKS[check][3]
        for part, share in _shares(figures).items():
            found[part] += share * wcu
    for route, split in (("POST /mp/bookings", BOOKING_MADE), ("POST /mp/bookings/{id}/acknowledge", ACKNOWLEDGED)):
        for part, units in split.items():
            found[part] += PER_STORE_DAY[route] * units
    for route, n in PER_STORE_DAY.items():
        reads[READ_PART.get(route, ("bookings", None))] += n * API[route][2]
    return {part: (found[part], reads[part]) for part in set(found) | set(reads)}


def burst_rates(stores: int, stage: str) -> dict[int, float]:
    """Items a second the check workers take in each local hour's busiest burst minute."""
    from bench.api_day import BOOKINGS
    from bench.cost_model import CHECKS
    from bench.provisioned import reminder_minutes
    from bench.scale_lag import pipeline_for, reminder_lag
    from infra.scale_settings import SCALE

    rates: dict[int, float] = {}
    for minute, share in reminder_minutes().items():
        items = BOOKINGS * share * stores
        rate = min(reminder_lag(items, stores, CHECKS["reminders"][1], SCALE[stage], pipeline_for(stage))["check_rate"],
                   items / 60)
        rates[int(minute[:2])] = max(rates.get(int(minute[:2]), 0.0), rate)
    return rates


def hourly(stores: int, stage: str) -> dict[Part, list[tuple[int, int]]]:
    """(read, write) capacity each table part needs per local hour, for the whole chain."""
    from bench.api_day import BOOKINGS
    from bench.provisioned import reminder_minutes

    burst = burst_per_item()
    steady = steady_per_store_day(BOOKINGS * sum(reminder_minutes().values()))
    rates = burst_rates(stores, stage)
    found: dict[Part, list[tuple[int, int]]] = {}
    for part in sorted({p for p in steady if p[0] in CANDIDATES}, key=str):
        hours = []
        for hour in range(24):
            # (WCU, RCU) a second: the steady traffic over the opening hours, the burst minute's at the check rate
            share = 1.0 if hour in OPEN_HOURS else NIGHT_SHARE
            per_s = [x * stores / (len(OPEN_HOURS) * 3600) * share for x in steady[part]]
            need = [x * rates.get(hour, 0.0) for x in burst.get(part, (0.0, 0.0))]
            if part == ("bookings", "due_by_check"):
                need[1] *= DISPATCH_RATE
            write, read = (max(math.ceil(n / SPIKE_TARGET + s), math.ceil(s / TARGET), 1)
                           for n, s in zip(need, per_s, strict=True))
            hours.append((max(read, math.ceil(write * MIN_READ_SHARE)), write))
        found[part] = hours
    return found


def _schedule(hours: list[tuple[int, int]], first: dict[int, int], settle: set[int]) -> tuple[Floor, ...]:
    """A floor per change of the hourly capacity: a raise LEAD_MIN before its hour's first burst minute (`first`,
    else the hour), a lowering at its hour (SETTLE_MIN into it after a burst in the hour before's last minutes)."""
    floors = []
    for hour in range(24):
        before, now = hours[hour - 1], hours[hour]
        if now == before:
            continue
        raise_ = now[0] > before[0] or now[1] > before[1]
        at = (hour * 60 + (first.get(hour, 0) if hour != OPEN_HOURS.start else 0) - LEAD_MIN if raise_
              else hour * 60 + (SETTLE_MIN if hour in settle else 0))
        at %= 1440
        floors.append(Floor(f"{at // 60:02d}:{at % 60:02d}", max(now[0], before[0]) if raise_ else now[0],
                            max(now[1], before[1]) if raise_ else now[1]))
    return tuple(sorted(floors, key=lambda f: f.at))


def plan(stores: int, stage: str) -> tuple[ProvisionedTable, ...]:
    """Every candidate table with its indexes, on provisioned capacity for the stage at `stores`."""
    from bench.provisioned import reminder_minutes

    minutes = [(int(m[:2]), int(m[3:])) for m in reminder_minutes()]
    settle = {hour + 1 for hour, minute in minutes if minute >= 60 - SETTLE_MIN}
    first = {hour: min(m for h, m in minutes if h == hour) for hour, _ in minutes}
    by_table: dict[str, dict[str | None, Capacity]] = {}
    for (table, index), hours in hourly(stores, stage).items():
        night = hours[3]
        by_table.setdefault(table, {})[index] = Capacity(
            read=night[0], write=night[1], max_read=2 * max(r for r, _ in hours),
            max_write=2 * max(w for _, w in hours), schedule=_schedule(hours, first, settle))
    return tuple(ProvisionedTable(table, parts.pop(None), tuple(sorted(parts.items())))  # type: ignore[arg-type]
                 for table, parts in sorted(by_table.items()))


def cost(table: ProvisionedTable, stores: int, stage: str) -> dict[str, float]:
    """Per store-month: the table's billed capacity-hours, and the on-demand request units of the same traffic."""
    from bench.api_day import BOOKINGS
    from bench.provisioned import reminder_minutes

    burst_items = BOOKINGS * sum(reminder_minutes().values())
    burst, steady = burst_per_item(), steady_per_store_day(burst_items)
    found = {"rcu_hours": 0.0, "wcu_hours": 0.0, "on_demand_wcu": 0.0, "on_demand_rcu": 0.0}
    for index, capacity in table.parts():
        part = (table.table, index)
        for read, write in capacity.billed_hours():
            found["rcu_hours"] += read * DAYS / stores
            found["wcu_hours"] += write * DAYS / stores
        found["on_demand_wcu"] += (burst.get(part, (0.0, 0.0))[0] * burst_items + steady[part][0]) * DAYS
        found["on_demand_rcu"] += (burst.get(part, (0.0, 0.0))[1] * burst_items + steady[part][1]) * DAYS
    return found


def priced(table: ProvisionedTable, stores: int, stage: str) -> dict[str, float]:
    """Per store-month in the stage's currency (bench/prices.py STAGE_REGION): the table provisioned as planned,
    and on-demand."""
    from bench.prices import REGIONS, STAGE_REGION

    prices = REGIONS[STAGE_REGION[stage]][1]
    c = cost(table, stores, stage)
    return {"provisioned": c["wcu_hours"] * prices["dynamodb_provisioned_wcu_hour"].value
            + c["rcu_hours"] * prices["dynamodb_provisioned_rcu_hour"].value,
            "on_demand": c["on_demand_wcu"] / 1e6 * prices["dynamodb_write_per_million"].value
            + c["on_demand_rcu"] / 1e6 * prices["dynamodb_read_per_million"].value}


def chosen(stores: int, stage: str) -> tuple[ProvisionedTable, ...]:
    """The candidate tables whose provisioned capacity costs less than on-demand in the stage's region."""
    return tuple(t for t in plan(stores, stage) if (p := priced(t, stores, stage))["provisioned"] < p["on_demand"])


def deployed(stores: int, stage: str) -> tuple[ProvisionedTable, ...]:
    """The stage's provisioned tables (infra/scale_settings.py) as deployed at its planned size; at another size
    re-planned for it, those of them where it still pays (a chain of that size deploys its own capacities, or
    stays on-demand)."""
    from infra.capacity_plans import PLANNED_STORES
    from infra.scale_settings import SCALE

    tables = SCALE[stage].tables.provisioned
    if stores == PLANNED_STORES or not tables:
        return tables
    names = {t.table for t in tables}
    return tuple(t for t in chosen(stores, stage) if t.table in names)


def billed_units(stores: int, stage: str) -> dict[str, float]:
    """Per store-month, by price name: the deployed tables' capacity-hours, less the on-demand units of their
    traffic (which the cost model's API and checks lines count for every table)."""
    found = {"dynamodb_provisioned_wcu_hour": 0.0, "dynamodb_provisioned_rcu_hour": 0.0,
             "dynamodb_write_per_million": 0.0, "dynamodb_read_per_million": 0.0}
    for table in deployed(stores, stage):
        c = cost(table, stores, stage)
        found["dynamodb_provisioned_wcu_hour"] += c["wcu_hours"]
        found["dynamodb_provisioned_rcu_hour"] += c["rcu_hours"]
        found["dynamodb_write_per_million"] -= c["on_demand_wcu"] / 1e6
        found["dynamodb_read_per_million"] -= c["on_demand_rcu"] / 1e6
    return found


def _capacity_source(c: Capacity, indent: str) -> str:
    floors = "".join(f"\n{indent}    Floor({f.at!r}, {f.read}, {f.write})," for f in c.schedule)
    return f"Capacity({c.read}, {c.write}, {c.max_read}, {c.max_write}, ({floors}\n{indent}))"


def emit(tables: tuple[ProvisionedTable, ...]) -> str:
    """The tables as infra/capacity_plans.py holds them."""
    rows = []
    for t in tables:
        indexes = "".join(f"\n        ({name!r}, {_capacity_source(c, ' ' * 12)})," for name, c in t.indexes)
        rows.append(f"    ProvisionedTable({t.table!r}, {_capacity_source(t.capacity, ' ' * 8)}, ({indexes}\n    )),")
    return "(\n" + "\n".join(rows) + "\n)"


def main() -> None:
    parser = argparse.ArgumentParser(description="provisioned capacity per table and index, planned")
    parser.add_argument("--stage", default="prod-cn")
    parser.add_argument("--stores", type=int, default=100_000)
    parser.add_argument("--emit", action="store_true", help="the tables where it pays, as infra/capacity_plans.py")
    args = parser.parse_args()
    if args.emit:
        print(emit(chosen(args.stores, args.stage)))
        return
    from bench.prices import NINGXIA, SINGAPORE

    for table in plan(args.stores, args.stage):
        print(repr(table))
        c = cost(table, args.stores, args.stage)
        for name, prices in (("usd", SINGAPORE), ("cny", NINGXIA)):
            provisioned = (c["wcu_hours"] * prices["dynamodb_provisioned_wcu_hour"].value
                           + c["rcu_hours"] * prices["dynamodb_provisioned_rcu_hour"].value)
            on_demand = (c["on_demand_wcu"] / 1e6 * prices["dynamodb_write_per_million"].value
                         + c["on_demand_rcu"] / 1e6 * prices["dynamodb_read_per_million"].value)
            print(f"  {table.table}: provisioned {provisioned:.4f} {name} against on-demand {on_demand:.4f}")


if __name__ == "__main__":
    main()
