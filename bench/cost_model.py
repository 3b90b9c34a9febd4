"""The whole service's cost per store-month, by component, at a chain size and a stage's region prices.

Measured (recorded below with their date, re-measured by the command named): what each API route costs per
call in DynamoDB requests and capacity units (`python -m bench.api_day`: a store-day of customer, staff and
lobby-board traffic through the real app) and what each scheduled check costs per item (`python -m
bench.scale`, the per-check table). Assumed (each an `Assumptions` field with its reason): how often each route
is called per store-day (bench/api_day.PER_STORE_DAY), billed Lambda time, cold starts, item sizes, log bytes,
fixed per-deployment resources. Prices: bench/prices.py (Singapore in USD, Ningxia in CNY, each with its source).

    python -m bench.cost_model [--stage prod] [--sources]     # the table at 1,000 / 10,000 / 100,000 stores
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

from bench.api_day import BOARD_LOADS, BOARD_POLLING, BOARD_REDRAWS, PER_STORE_DAY, audience
from bench.prices import AS_OF, NINGXIA, REGIONS, SINGAPORE, STAGE_REGION, Price, billed_as
from infra.lambda_platform import ARCHITECTURE

DAYS = 30
SIZES = (1_000, 10_000, 100_000)
BOARD = "GET /staff/stores/{id}/board"

# Per call, measured 2026-12-07 (again after decision 0087: the store-day's shares in bench/store_day.py, the
# confirmation and the call closed added) by `python -m bench.api_day` (60 bookings on one store-day, 20 board
# reloads): DynamoDB requests, WCU and RCU as on-demand DynamoDB bills them.
API: dict[str, tuple[float, float, float]] = {
    "POST /mp/login": (1.02, 2.0, 0.01),
    "GET /mp/stores": (0.05, 0.0, 0.03),
    "GET /mp/first-available": (2.0, 0.0, 1.0),
    "GET /mp/stores/{id}/slots": (1.01, 0.0, 0.5),
    "POST /mp/bookings": (5.03, 33.0, 4.88),  # the store search index (decision 0038) and its counters
    "GET /mp/bookings": (2.0, 0.0, 1.5),
    "GET /mp/bookings/{id}": (1.0, 0.0, 1.0),
    "POST /mp/bookings/{id}/acknowledge": (2.0, 4.0, 1.0),
    "POST /staff/login": (5.5, 3.0, 2.25),
    "POST /staff/bookings/{id}/confirm": (6.02, 13.0, 2.51),  # the booking and its confirmation message
    "POST /staff/stores/{id}/tasks/{id}/done": (5.0, 9.0, 4.0),  # the task and, for a booking's, the booking
    "GET /staff/stores/{id}/bookings": (4.8, 0.0, 23.73),  # the day plan with the customers' files (decision 0061)
    "POST /staff/bookings/{id}/check-in": (3.27, 6.0, 2.13),
    "POST /staff/bookings/{id}/start": (6.27, 11.0, 2.63),
    "POST /staff/bookings/{id}/complete": (7.0, 19.53, 3.0),
    "GET /staff/stores/{id}/tasks": (2.0, 0.0, 1.5),
    BOARD: (2.0, 0.0, 6.5),
}
# Per item, measured 2026-12-07 by `python -m bench.scale --stores 2` (the day measured after a warm-up day, the
# people acting as bench/store_day.py says: decision 0087): items per store-day, DynamoDB requests, WCU, RCU and
# SQS requests per item, requests per tick that do not grow with stores. Before 0087 the bench's people did
# nothing but arrive: reminders 412 items a store-day (every booking's SLA warning and call, two days' worth),
# follow-ups 6, task escalations 254.
CHECKS: dict[str, tuple[float, float, float, float, float, float]] = {
    "reminders": (216.0, 4.30, 13.52, 3.05, 1.82, 16.0),  # was (412.0, 3.43, 13.90, 1.36, 1.62, 12.0)
    "lateness": (19.5, 8.79, 22.67, 30.77, 13.54, 16.0),
    "follow_up": (54.0, 4.66, 15.25, 3.39, 1.82, 24.0),  # every car finished two days before, not 6
    "daily_report": (1.5, 4.33, 10.0, 23.17, 33.33, 2.0),
    "lapse": (12.0, 1.96, 5.29, 10.33, 5.17, 18.0),
    "outbox": (20.0, 3.92, 4.83, 17.85, 10.05, 13.0),
    "task_escalation": (14.0, 2.25, 6.43, 7.68, 6.86, 4.0),  # most calls worked within their 15 minutes
    "counter_audit": (49.5, 2.17, 0.0, 1.57, 0.02, 0.0),
}
# Of those WCU, the watermarks' and cursors' (table check-state, `WCU by table` of the same run) come per tick and
# due-index shard, not per item: taken out of the items' WCU here and counted per tick at the stage's shards.
STATE_WCU_PER_ITEM = {"reminders": 0.45, "lateness": 3.33, "follow_up": 1.18}
TICKS_PER_DAY = {"reminders": 1440, "lateness": 1440, "outbox": 1440, "task_escalation": 288, "follow_up": 24,
                 "daily_report": 24, "lapse": 24, "counter_audit": 24}


@dataclass(frozen=True)
class Assumptions:
    api_gb: float = 1.0  # the prod stages' lambda_memory_size (.chalice/config.json)
    api_ms_base: float = 15.0  # billed per API call besides its DynamoDB requests (JSON, rendering, checks)
    api_ms_per_request: float = 6.0  # one DynamoDB request in region, with the SDK's work
    login_ms: float = 300.0  # Argon2id at t=3, 64 MiB, per staff sign-in
    cold_share: float = 0.005  # API invocations that start a new execution environment
    init_ms: float = 900.0  # billed INIT: import + the first request's wiring and clients (issue 22: ~2.9x hello)
    worker_gb: float = 1.0
    worker_ms_per_item: float = 40.0  # as bench/scale_model.py
    items_per_batch: float = 10.0
    # logs, counted by `python -m bench.log_bytes` from the formats the stack sets (decision 0080): with the system
    # log level WARN a function writes no START/END/REPORT (344 bytes an invocation in text; 600 assumed before),
    # and the app writes no line for an answered request or a done item at INFO (warnings and errors only)
    log_bytes_per_call: int = 0
    access_log_bytes: int = 256  # the trimmed access log line per request (564 with the fields before; 350 assumed)
    log_bytes_per_item: int = 0  # was 300 assumed (START/END/REPORT per batch and a line per item)
    emf_bytes_per_tick: int = 822  # a check's tick: its metric records (CheckItems by outcome, CheckLag), 274 bytes each
    log_months_kept: int = 12  # at least a year (prod-cn: China's six-month minimum, with margin)
    log_archive_ratio: float = 0.15  # CloudWatch bills archived logs compressed
    # stored bytes per item (DynamoDB's 100 bytes an item included) measured 2026-12-07 by `python -m
    # bench.write_anatomy --stores 2` ("stored": what the simulated day left), as (table data, index copies):
    # PITR bills the first only. A booking: 1,020 bytes at the day's end (1,147 before decision 0070), ~1,075
    # once its follow-up is written; its copies: by_store_day (ALL) the item, by_customer ~250 (the due copy only
    # while a step is ahead)
    booking_bytes: tuple[int, int] = (1075, 1325)
    booking_days_kept: int = 415  # 400 days after the appointment, booked ~15 days ahead
    search_entries_per_booking: float = 9.0  # measured: 2,268 entries for 252 bookings; 2 WCU each (transaction)
    search_bytes_per_booking: int = 3294  # 9.0 entries x 366 bytes (with expires_at), each a hit; no index
    message_bytes: tuple[int, int] = (876, 294)  # measured: an outbox item; its by_customer (and due) entries
    messages_per_booking: float = 4.0  # confirmation, reminders, follow-up
    task_bytes: tuple[int, int] = (512, 518)  # measured: a task; its open-list or closed-list copy (ALL)
    tasks_per_store_day: float = 20.0
    # ~5,000 customers (assumed) and their vehicles, kept while they are: 407 + 29 (index) bytes a customer,
    # 200 + 33 a vehicle (measured as above); was 8,000,000 (1,600 bytes each, assumed)
    people_bytes_per_store: int = 3_345_000
    other_bytes_per_store_day: int = 8_000  # counters, day summary, daily report, kept
    days_in_service: int = 730  # the age at which counters and reports are counted
    metrics_per_deployment: int = 20
    alarms_per_deployment: int = 20
    nat_azs: int = 2  # issue 26: one small VPC function for fixed egress, a NAT gateway and an EIP per AZ
    egress_kb_per_booking: float = 2.0  # to a chain's systems through the NAT
    # a booking check's tick per due-index shard: the watermark's conditional advance (billed refused or not) and
    # the cursor's move (the bench measured 0.35-1.1 at 2 stores, most shards idle; at scale each shard moves)
    state_writes_per_tick_and_shard: float = 2.0
    board_hours: float = 12.0
    board_ping_minutes: float = 9.0  # static/board.js pings under API Gateway's 10-minute idle limit (a MOCK route)
    boards_per_store: float = 1.0
    socket_query_rcu: float = 0.5  # the store's board-sockets items, a few hundred bytes, one Query per redraw
    connect_wcu: float = 1.0  # $connect writes one board-sockets item
    connect_rcu: float = 0.5  # and reads the store (the ticket is checked without a read)


def _calls() -> dict[str, float]:
    """API calls per store-month by route."""
    return {route: n * DAYS for route, n in PER_STORE_DAY.items()}


def _lambda_ms(route: str, a: Assumptions) -> float:
    requests = API[route][0]
    return a.api_ms_base + a.api_ms_per_request * requests + (a.login_ms if route.endswith("/login") else 0.0)


def _api_routes(routes: dict[str, float], a: Assumptions) -> dict[str, dict[str, float]]:
    calls = sum(routes.values())
    gb_s = sum(n * _lambda_ms(r, a) / 1000 * a.api_gb for r, n in routes.items())
    return {
        "api_gateway_http": {"http_api_per_million": calls / 1e6},  # decision 0041: an HTTP API, as built
        "lambda_api": {"lambda_request_per_million": calls / 1e6, "lambda_gb_second": gb_s},
        "dynamodb_api": {"dynamodb_write_per_million": sum(n * API[r][1] for r, n in routes.items()) / 1e6,
                         "dynamodb_read_per_million": sum(n * API[r][2] for r, n in routes.items()) / 1e6},
    }


def _state_wcu(stores: int, a: Assumptions, stage: str) -> float:
    """Per store-month: the booking checks' watermark and cursor writes, per tick and shard, shared by the stores."""
    from infra.scale_settings import SCALE

    per_day = sum(TICKS_PER_DAY[name] * SCALE[stage].due_shards * a.state_writes_per_tick_and_shard
                  for name in STATE_WCU_PER_ITEM)
    return per_day * DAYS / stores


def _checks(stores: int, a: Assumptions, stage: str = "prod") -> dict[str, dict[str, float]]:
    items = sum(f[0] for f in CHECKS.values()) * DAYS
    fixed = sum(f[5] * TICKS_PER_DAY[name] for name, f in CHECKS.items()) * DAYS / stores
    ticks = sum(TICKS_PER_DAY.values()) * DAYS / stores
    return {
        "lambda_checks": {"lambda_request_per_million": (items / a.items_per_batch + ticks) / 1e6,
                          "lambda_gb_second": items * a.worker_ms_per_item / 1000 * a.worker_gb},
        "dynamodb_checks": {
            "dynamodb_write_per_million": (sum(f[0] * (f[2] - STATE_WCU_PER_ITEM.get(name, 0.0))
                                               for name, f in CHECKS.items()) * DAYS + _state_wcu(stores, a, stage)) / 1e6,
            "dynamodb_read_per_million": (sum(f[0] * f[3] for f in CHECKS.values()) * DAYS + fixed * 0.5) / 1e6},
        "sqs": {"sqs_request_per_million": sum(f[0] * f[4] for f in CHECKS.values()) * DAYS / 1e6},
    }


def _stored_gb(a: Assumptions) -> dict[str, tuple[float, float]]:
    """GB kept per store by table: (table data, its global secondary indexes' copies)."""
    bookings = PER_STORE_DAY["POST /mp/bookings"] * a.booking_days_kept
    messages = PER_STORE_DAY["POST /mp/bookings"] * a.messages_per_booking * 30
    tasks = a.tasks_per_store_day * (90 + 1)
    return {
        "bookings": (bookings * a.booking_bytes[0] / 1e9, bookings * a.booking_bytes[1] / 1e9),
        "search": (bookings * a.search_bytes_per_booking / 1e9, 0.0),  # kept as long as its booking (decision 0070)
        "outbox": (messages * a.message_bytes[0] / 1e9, messages * a.message_bytes[1] / 1e9),
        "tasks": (tasks * a.task_bytes[0] / 1e9, tasks * a.task_bytes[1] / 1e9),
        "customers": (a.people_bytes_per_store / 1e9, 0.0),
        "slot-counters": (a.other_bytes_per_store_day * a.days_in_service / 1e9, 0.0),
    }


def _storage(a: Assumptions, stage: str) -> dict[str, dict[str, float]]:
    """Storage by table class, and PITR on the table data (not the global indexes: "table data and local
    secondary indexes", the PITR page) of the tables the stage backs up (infra/scale_settings.py TableSettings)."""
    from infra.scale_settings import SCALE

    kept = SCALE[stage].tables
    storage: dict[str, float] = {"dynamodb_storage_gb_month": 0.0, "dynamodb_storage_ia_gb_month": 0.0}
    pitr = 0.0
    for table, (data, indexes) in _stored_gb(a).items():
        ia = table in kept.infrequent_access
        storage["dynamodb_storage_ia_gb_month" if ia else "dynamodb_storage_gb_month"] += data + indexes
        pitr += 0.0 if table in kept.unbacked else data
    return {"dynamodb_storage": storage, "pitr": {"dynamodb_pitr_gb_month": pitr}}


def _search_writes(routes: dict[str, float], a: Assumptions, stage: str) -> dict[str, float]:
    """The search entries' part of the booking writes, moved to the infrequent-access write price when the stage
    keeps the search table so (its entries are put in the booking's transaction: 2 WCU each)."""
    from infra.scale_settings import SCALE

    if "search" not in SCALE[stage].tables.infrequent_access:
        return {}
    wcu = routes.get("POST /mp/bookings", 0.0) * a.search_entries_per_booking * 2 / 1e6
    return {"dynamodb_write_per_million": -wcu, "dynamodb_ia_write_per_million": wcu}


def _logs_gb(routes: dict[str, float], a: Assumptions, stores: int) -> float:
    items = sum(f[0] for f in CHECKS.values()) * DAYS
    ticks = sum(TICKS_PER_DAY.values()) * DAYS / stores  # the checks' metric records, shared by the stores
    return (sum(routes.values()) * (a.log_bytes_per_call + a.access_log_bytes) + items * a.log_bytes_per_item
            + ticks * a.emf_bytes_per_tick) / 1e9


def _fixed(stores: int, a: Assumptions) -> dict[str, dict[str, float]]:
    hours = 730.0
    egress_gb = PER_STORE_DAY["POST /mp/bookings"] * DAYS * a.egress_kb_per_booking / 1e6
    return {
        "metrics": {"metric_month": a.metrics_per_deployment / stores},
        "alarms": {"alarm_month": a.alarms_per_deployment / stores},
        "nat_gateway": {"nat_gateway_hour": a.nat_azs * hours / stores, "public_ipv4_hour": a.nat_azs * hours / stores,
                        "nat_gateway_gb": egress_gb},
    }


def _board_socket(a: Assumptions) -> dict[str, float]:
    """The lobby board's push as built (decision 0040), besides the board's own page fetches (in the API lines):
    its connection held through the opening hours, a ping under the idle limit answered by API Gateway, a
    $connect per page load (a function of its own: the ticket, the store, one item written), and per booking
    change to today's board, in the committing function, a Query of the store's connections and a post to each."""
    minutes = a.board_hours * 60 * DAYS * a.boards_per_store
    redraws = BOARD_REDRAWS * DAYS
    connects = BOARD_LOADS * DAYS * a.boards_per_store
    posts = redraws * a.boards_per_store
    messages = posts + minutes / a.board_ping_minutes + connects
    connect_ms = a.api_ms_base + a.api_ms_per_request * 2
    push_ms = a.api_ms_per_request * (1 + a.boards_per_store)  # the Query and the posts, in the committing function
    return {"websocket_minute_per_million": minutes / 1e6, "websocket_message_per_million": messages / 1e6,
            "lambda_request_per_million": connects / 1e6,
            "lambda_gb_second": (connects * connect_ms + redraws * push_ms) / 1000 * a.api_gb,
            "dynamodb_read_per_million": (redraws * a.socket_query_rcu + connects * a.connect_rcu) / 1e6,
            "dynamodb_write_per_million": connects * a.connect_wcu / 1e6}


def _provisioned(stores: int, stage: str) -> dict[str, dict[str, float]]:
    """The stage's provisioned tables (decision 0080): their billed capacity-hours, less the on-demand units of the
    same traffic, which the API and checks lines count for every table (bench/provisioned_plan.py)."""
    from bench.provisioned_plan import billed_units
    from infra.scale_settings import SCALE

    return {"dynamodb_provisioned": billed_units(stores, stage)} if SCALE[stage].tables.provisioned else {}


def quantities(stores: int, a: Assumptions, stage: str = "prod") -> dict[str, dict[str, float]]:
    """Per store-month, per component: billed units by price name (before prices)."""
    routes = _calls()
    calls = sum(routes.values())
    logs = _logs_gb(routes, a, stores)
    api = _api_routes(routes, a)
    api["dynamodb_api"] = _merge([api["dynamodb_api"], _search_writes(routes, a, stage)])
    found = {
        **api,
        "lambda_init": {"lambda_gb_second": calls * a.cold_share * a.init_ms / 1000 * a.api_gb},
        **_checks(stores, a, stage),
        **_storage(a, stage),
        "logs": {"logs_ingest_gb": logs, "logs_storage_gb_month": logs * a.log_months_kept * a.log_archive_ratio},
        **_fixed(stores, a),
        **_provisioned(stores, stage),
    }
    found["board_socket"] = _board_socket(a)
    found["board_fetches (in the lines above)"] = _merge(_api_routes({BOARD: routes[BOARD]}, a).values())
    found["board_polling instead (not in the total)"] = _merge(_api_routes({BOARD: BOARD_POLLING * DAYS}, a).values())
    found["rest_api instead of http_api (not in the total)"] = {"rest_api_per_million": calls / 1e6}
    return found


def _merge(parts: Any) -> dict[str, float]:
    merged: dict[str, float] = {}
    for part in parts:
        for name, amount in part.items():
            merged[name] = merged.get(name, 0.0) + amount
    return merged


def priced(units: dict[str, float], prices: dict[str, Price]) -> float:
    return sum(amount * prices[name].value for name, amount in units.items())


def in_total(component: str) -> bool:
    return "(" not in component


def whole_service(stores: int, stage: str = "prod", a: Assumptions | None = None) -> dict[str, Any]:
    """The service per store-month at `stores` stores: USD at Singapore's prices, CNY at Ningxia's, by component;
    the totals as built (the board pushed, decision 0040; an HTTP API, decision 0041), and with REST instead."""
    a = a or Assumptions()
    q = quantities(stores, a, stage)
    singapore, ningxia = billed_as(SINGAPORE, ARCHITECTURE), billed_as(NINGXIA, ARCHITECTURE)  # every stage's (0085)
    components = {name: {"usd": round(priced(units, singapore), 5), "cny": round(priced(units, ningxia), 5),
                         "in_total": in_total(name)} for name, units in q.items()}
    usd = sum(c["usd"] for c in components.values() if c["in_total"])
    cny = sum(c["cny"] for c in components.values() if c["in_total"])

    def with_rest_api(currency: str) -> float:
        total = usd if currency == "usd" else cny
        return (total + components["rest_api instead of http_api (not in the total)"][currency]
                - components["api_gateway_http"][currency])

    return {"stores": stores, "stage": stage, "region": STAGE_REGION.get(stage, "ap-southeast-1"), "prices_as_of": AS_OF,
            "usd_per_store_month_total": round(usd, 4), "cny_per_store_month_total": round(cny, 4),
            "usd_per_store_month_with_rest_api": round(with_rest_api("usd"), 4),
            "cny_per_store_month_with_rest_api": round(with_rest_api("cny"), 4),
            "components": components,
            "sms_per_message": {"usd": SINGAPORE["sms_message"].value, "cny": NINGXIA["sms_message"].value}}


def calls_by_audience() -> dict[str, float]:
    found: dict[str, float] = {}
    for route, n in PER_STORE_DAY.items():
        found[audience(route)] = found.get(audience(route), 0.0) + n
    return found


def _table(stage: str) -> None:
    results = [whole_service(n, stage) for n in SIZES]
    print(f"per store-month, {stage} ({results[0]['region']}); prices of {AS_OF}: USD Singapore, CNY Ningxia")
    print(f"{'component':<46}" + "".join(f"{n:>10,} USD{'CNY':>8}" for n in SIZES))
    for name in results[0]["components"]:
        row = "".join(f"{r['components'][name]['usd']:>14.4f}{r['components'][name]['cny']:>8.3f}" for r in results)
        print(f"{name:<46}{row}")
    for key in ("usd_per_store_month_total", "usd_per_store_month_with_rest_api"):
        cny = key.replace("usd", "cny")
        print(f"{key:<46}" + "".join(f"{r[key]:>14.4f}{r[cny]:>8.3f}" for r in results))
    print(f"API calls per store-day by audience: {calls_by_audience()}; SMS (not in the model) per message sent: "
          f"{SINGAPORE['sms_message'].value} USD / {NINGXIA['sms_message'].value} CNY")
    print(json.dumps({k: v for k, v in results[-1].items() if k != "components"}))


def _sources() -> None:
    for region, (currency, prices) in REGIONS.items():
        for name, p in prices.items():
            print(f"{region:<15}{name:<34}{p.value:>12} {currency} per {p.unit}: {p.source}")


def main() -> None:
    parser = argparse.ArgumentParser(description="the whole service's cost per store-month")
    parser.add_argument("--stage", default="prod", choices=sorted(STAGE_REGION))
    parser.add_argument("--sources", action="store_true", help="each price with its source")
    args = parser.parse_args()
    if args.sources:
        _sources()
        return
    _table(args.stage)


if __name__ == "__main__":
    main()
