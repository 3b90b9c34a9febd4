"""A store-day of API traffic, driven through the real app in-process (Chalice's test client, the real
container on the embedded DynamoDB and the WeChat stand-in), with the scale bench's meter counting per route
the DynamoDB requests and the capacity units DynamoDB would bill (bench/meter.py, bench/capacity.py).

What a store-day holds (how often each route is called per store and day) is an assumption, stated in
`PER_STORE_DAY` below; what each call costs is measured here. `python -m bench.api_day` prints the figures;
bench/cost_model.py prices them.
"""
from __future__ import annotations

import json
import math
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from bench.meter import Meter, install
from bench.store_day import ACKNOWLEDGED, ARRIVED, BOOKINGS_PER_DAY, CONFIRMED

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=SH)  # a Tuesday morning
BOOKINGS = BOOKINGS_PER_DAY  # per store-day, as the scale bench's (bench/store_day.py)
# call tasks closed per store-day: counted by `python -m bench.scale --stores 2` (the people's closes on the day
# measured, bench/store_day.py TASKS_WORKED and the manager's later closes), 2026-12-07
TASKS_CLOSED = 40.5

# Calls per store and day, by route (assumed; the shares are bench/store_day.py's): a customer's journey per booking
# (sign in, look, book, check the booking, acknowledge the reminder), the advisors' console (sign in, the day plan
# opened, the online bookings confirmed, each car that came checked in, started and completed, the call list and
# its calls closed) and one lobby board, pushed (decision 0040): it loads its
# page when it opens and whenever API Gateway has closed its socket (two hours at most: 7 loads in 12 hours),
# and fetches it once per "redraw", i.e. per booking change to today's board (booked or moved to today,
# checked in, started, completed, cancelled: 4 a booking). Polling, it reloaded every 30 s (BOARD_POLLING).
BOARD_REDRAWS = BOOKINGS * 4.0
BOARD_LOADS = 12 / 2 + 1
# and while pushed it fetches its rows when 5 minutes pass without a redraw: the lobby check-in code it shows
# rotates then (domain/floor/arrivals.py LOBBY_PERIOD); with redraws spread at random over 12 hours, the share of
# 5-minute spans without one is exp(-redraws per minute x 5)
BOARD_CODE_FETCHES = 12 * 60 / 5 * math.exp(-BOARD_REDRAWS / (12 * 60) * 5)
BOARD_POLLING = 12 * 3600 / 30
PER_STORE_DAY: dict[str, float] = {
    "POST /mp/login": BOOKINGS * 1.0,
    "GET /mp/stores": BOOKINGS * 1.0,
    "GET /mp/first-available": BOOKINGS * 1.0,
    "GET /mp/stores/{id}/slots": BOOKINGS * 2.0,
    "POST /mp/bookings": BOOKINGS * 1.0,
    "GET /mp/bookings": BOOKINGS * 2.0,
    "GET /mp/bookings/{id}": BOOKINGS * 1.0,
    "POST /mp/bookings/{id}/acknowledge": BOOKINGS * ACKNOWLEDGED,
    "POST /staff/login": 4.0,
    "GET /staff/stores/{id}/bookings": 60.0,
    "POST /staff/bookings/{id}/confirm": BOOKINGS * CONFIRMED,
    "POST /staff/bookings/{id}/check-in": BOOKINGS * ARRIVED,
    "POST /staff/bookings/{id}/start": BOOKINGS * ARRIVED,
    "POST /staff/bookings/{id}/complete": BOOKINGS * ARRIVED,
    "GET /staff/stores/{id}/tasks": 60.0,
    "POST /staff/stores/{id}/tasks/{id}/done": TASKS_CLOSED,
    "GET /staff/stores/{id}/board": BOARD_REDRAWS + BOARD_LOADS + BOARD_CODE_FETCHES,
}
AUDIENCE = {"/mp/": "customer", "/staff/stores/{id}/board": "board", "/staff/": "staff"}


def audience(route: str) -> str:
    path = route.split(" ", 1)[1]
    return next(who for prefix, who in sorted(AUDIENCE.items(), key=lambda p: -len(p[0])) if path.startswith(prefix))


class Day:
    """The app's test client over the bench stack; every call is metered under its route."""

    def __init__(self, http: Any, meter: Meter) -> None:
        self.http, self.meter = http, meter
        self.calls: Counter[str] = Counter()
        self.ms: dict[str, float] = defaultdict(float)
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.refused: dict[str, str] = {}  # the first refusal of each route

    def call(self, route: str, path: str, *, token: str | None = None, body: Any = None,
             headers: dict[str, str] | None = None) -> Any:
        method = route.split(" ", 1)[0]
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        self.meter.check = route
        started = time.perf_counter()
        if method == "GET":
            answer = self.http.get(path, headers=sent)
        else:
            answer = self.http.post(path, headers=sent, body=json.dumps(body if body is not None else {}))
        self.ms[route] += (time.perf_counter() - started) * 1000
        self.meter.check = "between"
        self.calls[route] += 1
        self.statuses[(route, answer.status_code)] += 1
        if answer.status_code >= 400 and route not in self.refused:
            self.refused[route] = f"{answer.status_code} {answer.body[:200]!r}"
        return answer


def _staff(chain: str, store: str) -> None:
    from chalicelib.adapters.dynamo.staff import StaffRepository
    from chalicelib.adapters.people.passwords import hash_password
    from chalicelib.domain.people.staff import Role
    from chalicelib.domain.people.staff_member import StaffMember

    for username, role in (("mgr", Role.STORE_MANAGER), ("wang", Role.ADVISOR)):
        StaffRepository().create(StaffMember(chain, username, f"{username}顾问", role, frozenset({store}),
                                             hash_password(f"{username}-pass", iterations=1000)))


def _customer(day: Day, i: int) -> str | None:
    """One customer's journey; the booking made (None: refused)."""
    token = day.call("POST /mp/login", "/mp/login", body={"chain_id": "bench", "code": f"c{i}"}).json_body["token"]
    day.call("GET /mp/stores", "/mp/stores", token=token)
    day.call("GET /mp/first-available", "/mp/first-available?service_type=maintenance&days=7", token=token)
    start = NOW + timedelta(days=1, hours=1 + i % 8, minutes=30 * (i // 8 % 2))  # tomorrow
    for offset in (0, 1):
        when = (start + timedelta(days=offset)).date().isoformat()
        day.call("GET /mp/stores/{id}/slots", f"/mp/stores/s1/slots?date={when}&service_type=maintenance", token=token)
    made = day.call("POST /mp/bookings", "/mp/bookings", token=token, headers={"Idempotency-Key": f"k{i}"}, body={
        "store_id": "s1", "start": start.isoformat(), "service_type": "maintenance",
        "customer": {"name": "张伟", "phone": f"1380013{i:04d}"},
        "vehicle": {"plate": f"沪A{10000 + i}", "model": "Mazda 6", "mileage": 35000}})
    for _ in range(2):
        day.call("GET /mp/bookings", "/mp/bookings", token=token)
    if made.status_code not in (200, 201):
        return None
    booking_id = made.json_body["booking_id"]
    day.call("GET /mp/bookings/{id}", f"/mp/bookings/{booking_id}", token=token)
    if i % 2 == 0:
        day.call("POST /mp/bookings/{id}/acknowledge", f"/mp/bookings/{booking_id}/acknowledge", token=token)
    return str(booking_id)


def _staff_day(day: Day, svc: Any, bookings: list[str], boards: int) -> None:
    starts = sorted((_start_of(svc, b), b) for b in bookings)
    svc.ports.clock.set(starts[0][0] - timedelta(hours=1))  # the booked day's morning
    token = day.call("POST /staff/login", "/staff/login",
                     body={"chain_id": "bench", "username": "wang", "password": "wang-pass"}).json_body["token"]
    manager = day.call("POST /staff/login", "/staff/login",
                       body={"chain_id": "bench", "username": "mgr", "password": "mgr-pass"}).json_body["token"]
    link = day.http.post("/staff/stores/s1/board-token", body="{}",
                         headers={"Authorization": f"Bearer {manager}", "Content-Type": "application/json"})
    if "url" not in link.json_body:
        raise RuntimeError(f"no board link: {link.status_code} {link.json_body}")
    path, code = link.json_body["url"].split("#", 1)
    paired = day.http.post(path, headers={"Content-Type": "application/json"}, body=json.dumps({"link": code}))
    cookie = paired.headers["Set-Cookie"].split(";")[0]
    for _, booking_id in starts:  # the online bookings confirmed (the day before, in the store's life)
        day.call("POST /staff/bookings/{id}/confirm", f"/staff/bookings/{booking_id}/confirm", token=token)
    _calls_closed(day, token, [b for _, b in starts[:10]])
    for _ in range(boards):  # the morning's board: every booking still ahead
        day.call("GET /staff/stores/{id}/board", "/staff/stores/s1/board", headers={"Cookie": cookie})
    for start, booking_id in starts:  # each booking's time comes: the advisor works it
        svc.ports.clock.set(start)
        day.call("GET /staff/stores/{id}/bookings", "/staff/stores/s1/bookings", token=token)
        for action in ("check-in", "start", "complete"):
            day.call(f"POST /staff/bookings/{{id}}/{action}", f"/staff/bookings/{booking_id}/{action}", token=token)
        day.call("GET /staff/stores/{id}/tasks", "/staff/stores/s1/tasks", token=token)


def _calls_closed(day: Day, token: str, bookings: list[str]) -> None:
    """A call about each booking (a promised call-back: a booking's task as the checks' are), then closed."""
    for booking_id in bookings:
        task = day.http.post(f"/staff/bookings/{booking_id}/call-back", body=json.dumps({"within_minutes": 30}),
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        task_id = task.json_body["task_id"]
        day.call("POST /staff/stores/{id}/tasks/{id}/done", f"/staff/stores/s1/tasks/{quote(task_id, safe='')}/done", token=token,
                 body={"outcome": "reached"})


def _start_of(svc: Any, booking_id: str) -> datetime:
    booking = svc.ports.bookings.get(booking_id)
    return booking.start - timedelta(minutes=5)


def measure(customers: int = BOOKINGS, boards: int = 20) -> dict[str, dict[str, float]]:
    """Per route: calls made, and per call DynamoDB requests, WCU, RCU and in-process milliseconds."""
    from chalice.test import Client

    from app import app
    from bench.stack import bench_stack
    from chalicelib import container

    meter = Meter()
    install(meter)
    with bench_stack(NOW, plan=(), capacity_per_slot=10, walk_in_reserve=0.25, labour_hours={}) as svc:
        container.override(svc)
        _staff("bench", "s1")
        try:
            with Client(app) as client:
                day = Day(client.http, meter)
                made = [b for b in (_customer(day, i) for i in range(customers)) if b]
                _staff_day(day, svc, made, boards)
                for route, why in day.refused.items():
                    print(f"refused: {route}: {why}")
        finally:
            container.override(None)
    return {route: {"calls": n, "requests": meter.requests[route] / n, "wcu": meter.wcu[route] / n,
                    "rcu": meter.rcu[route] / n, "ms": day.ms[route] / n,
                    "ok": sum(c for (r, s), c in day.statuses.items() if r == route and s < 400) / n}
            for route, n in day.calls.items()}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="a store-day of API traffic, metered per route")
    parser.add_argument("--customers", type=int, default=BOOKINGS, help="customers, each booking once (tomorrow)")
    parser.add_argument("--boards", type=int, default=20, help="lobby board reloads measured")
    args = parser.parse_args()
    figures = measure(args.customers, args.boards)
    print(f"{'route':<42}{'calls':>6}{'req':>7}{'WCU':>8}{'RCU':>8}{'ms':>8}{'ok':>6}{'/store-day':>12}")
    for route, f in figures.items():
        print(f"{route:<42}{f['calls']:>6}{f['requests']:>7.2f}{f['wcu']:>8.2f}{f['rcu']:>8.2f}{f['ms']:>8.1f}"
              f"{f['ok']:>6.2f}{PER_STORE_DAY.get(route, 0):>12.0f}")
    print(json.dumps({r: {k: round(v, 3) for k, v in f.items()} for r, f in figures.items()}))


if __name__ == "__main__":
    main()
