"""1,000 mixed booking operations at once on the same few slots, then the invariant auditor: prints operations,
conflicts retried (stale reads re-decided), refusals by code, drift, overbooked slots and latency p50/p99.

Runs the production container on the embedded DynamoDB (bench/stack.py, the local run's database) with 32
threads: customers book, cancel and reschedule, staff reschedule, cancel and mark no-shows, and the lateness
check releases places, all on one store-day. Not a test: nothing here asserts a time.

    python -m bench.race [operations] [threads]
"""
from __future__ import annotations

import random
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.stack import bench_stack

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)
DAY = datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI)
SLOTS = [DAY + timedelta(minutes=30 * n) for n in range(4)]  # four slots: plenty of contention


class CountingUnitOfWork:
    """The unit of work, counting the commits refused as stale (each one is re-read and re-decided)."""

    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self._inner, self.stale, self._lock = inner, 0, threading.Lock()

    def commit(self, change):  # type: ignore[no-untyped-def]
        from chalicelib.domain.errors import StaleBooking

        try:
            self._inner.commit(change)
        except StaleBooking:
            with self._lock:
                self.stale += 1
            raise


ACTIONS = {
    "cancel": lambda svc, admin, who, bid: svc.booking.cancel_own(who, bid, None),
    "move": lambda svc, admin, who, bid: svc.booking.reschedule_own(who, bid, random.choice(SLOTS)),
    "staff_move": lambda svc, admin, who, bid: svc.staff_ops.reschedule(admin, bid, random.choice(SLOTS)),
    "staff_cancel": lambda svc, admin, who, bid: svc.staff_ops.act(admin, bid, "cancel", None),
    "no_show": lambda svc, admin, who, bid: svc.staff_ops.act(admin, bid, "no-show", None),
    "lateness": lambda svc, admin, who, bid: _at(svc, DAY + timedelta(hours=2)).checks.run("lateness"),
}


def _at(svc, now):  # type: ignore[no-untyped-def]
    from chalicelib import container

    return container.at_time(svc, now)


def main(operations: int = 1000, threads: int = 32) -> None:
    from chalicelib import container
    from chalicelib.domain import validation
    from chalicelib.domain.people.principal import Principal
    from chalicelib.domain.people.staff import Role, StaffAccess

    with bench_stack(NOW, labour_hours={}) as base:
        uow = CountingUnitOfWork(base.ports.uow)
        svc = container.use_cases(base.settings, replace(base.ports, uow=uow))
        people = [Principal(svc.ports.customers.sign_in("bench", f"o{i}", None, NOW), "bench", "customer") for i in range(200)]
        admin = StaffAccess("boss", "bench", Role.CHAIN_ADMIN, frozenset())
        booked: list[tuple[Principal, str]] = []
        lock = threading.Lock()

        def book(i: int) -> str:
            who = people[i % len(people)]
            req = validation.booking_request({
                "store_id": "s1", "start": random.choice(SLOTS).isoformat(), "service_type": "inspection",
                "customer": {"name": "顾客", "phone": f"139{i:08d}"},
                "vehicle": {"plate": f"沪B{10000 + i % 90000}", "model": "Mazda 3", "mileage": 1000}})
            booking, _ = svc.booking.book_online(who, req, f"k{i}")
            with lock:
                booked.append((who, booking.booking_id))
            return "booked"

        def pick() -> tuple[Principal, str] | None:
            with lock:
                return random.choice(booked) if booked else None

        def other(i: int) -> str:
            target = pick()
            if target is None:
                return book(i)
            kind = random.choice(list(ACTIONS))
            ACTIONS[kind](svc, admin, *target)
            return kind

        def one(i: int) -> tuple[float, str]:
            t = time.perf_counter()
            try:
                outcome = book(i) if i % 2 == 0 else other(i)
            except Exception as exc:  # refusals (slot_full, illegal_transition, stale_booking ...) are outcomes here
                outcome = "refused:" + getattr(exc, "code", type(exc).__name__)
            return time.perf_counter() - t, outcome

        random.seed(7)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(one, range(operations)))
        wall = time.perf_counter() - t0
        found = svc.auditor.store_day("bench", "s1", DAY.date())
        latencies = sorted(r[0] for r in results)
        outcomes = Counter(r[1] for r in results)
        print(f"operations={operations} threads={threads} wall={wall:.1f}s")
        print(f"conflicts retried={uow.stale} (stale reads re-decided)")
        print(f"refusals={sum(n for k, n in outcomes.items() if k.startswith('refused:'))} "
              f"{dict(sorted((k, n) for k, n in outcomes.items() if k.startswith('refused:')))}")
        print(f"done={dict(sorted((k, n) for k, n in outcomes.items() if not k.startswith('refused:')))}")
        print(f"drift={len(found.slots) + len(found.hours)} overbooked slots={len(found.overbooked)}")
        print(f"latency p50={statistics.median(latencies) * 1000:.0f}ms p99={latencies[int(0.99 * len(latencies))] * 1000:.0f}ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
