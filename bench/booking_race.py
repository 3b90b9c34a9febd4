"""Booking throughput and cost against the embedded DynamoDB (moto, one request at a time: a floor, not
DynamoDB): N customers race for slots, printed as figures.

Run: `make bench`. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.stack import bench_stack


def main(customers: int = 200, workers: int = 32) -> None:
    with bench_stack(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")), labour_hours={}) as svc:
        race(svc, customers, workers)


def race(svc, customers: int, workers: int) -> None:  # type: ignore[no-untyped-def]
    from chalicelib.domain import validation
    from chalicelib.domain.people.principal import Principal
    from tests.support.calls import recording

    clock = svc.clock
    people = [
        Principal(svc.ports.customers.sign_in("bench", f"o{i}", None, clock.now()), "bench", "customer")
        for i in range(customers)
    ]
    day = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Asia/Shanghai"))

    def book(i: int) -> tuple[float, str]:
        start = day + timedelta(minutes=30 * (i % 18))
        request = validation.booking_request({
            "store_id": "s1", "start": start.isoformat(), "service_type": "inspection",
            "customer": {"name": "顾客", "phone": f"139{i:08d}"},
            "vehicle": {"plate": f"沪B{10000 + i}", "model": "Mazda 3", "mileage": 1000},
        })
        t = time.perf_counter()
        try:
            svc.booking.book_online(people[i], request, f"k{i}")
            outcome = "booked"
        except Exception as exc:  # a full slot is an expected outcome here
            outcome = getattr(exc, "code", type(exc).__name__)
        return time.perf_counter() - t, outcome

    with recording() as calls, ThreadPoolExecutor(workers) as pool:
        t0 = time.perf_counter()
        results = list(pool.map(book, range(customers)))
        wall = time.perf_counter() - t0
    latencies = sorted(r[0] for r in results)
    outcomes = [r[1] for r in results]
    print(f"customers={customers} workers={workers} wall={wall:.2f}s throughput={customers / wall:.0f} req/s")
    print(f"latency p50={statistics.median(latencies) * 1000:.1f}ms p95={latencies[int(0.95 * len(latencies))] * 1000:.1f}ms")
    print(f"outcomes={dict(Counter(outcomes))} (expected: 54 booked = 18 slots x 3 online places)")
    print(f"dynamodb requests per attempt={len(calls.dynamodb()) / customers:.2f}")


if __name__ == "__main__":
    main()
