"""What a check costs as the table grows: N bookings in the moto server, a handful due; for each check the
items read per due item and the wall time, beside a Scan-with-filter baseline over the same table.

Run: `.venv/bin/python -m bench.sweeps [bookings] [due]` (defaults 100000 and 100). Prints figures only.
"""
from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.stack import bench_stack

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=SH)


def main(total: int = 100_000, due: int = 100) -> None:
    with bench_stack(NOW) as svc:
        sweep(svc, total, due)


def sweep(svc, total: int, due: int) -> None:  # type: ignore[no-untyped-def]
    from chalicelib.adapters.dynamo import keys
    from chalicelib.adapters.dynamo.models import BookingModel, EventMap
    from tests.support.calls import recording

    def item(i: int, start: datetime, action: str, at: datetime, check: str, done: tuple[str, ...] = ()) -> BookingModel:
        booked = start - timedelta(days=3)
        events = [EventMap(at=booked.isoformat(), kind="booked", by="bench")] + [
            EventMap(at=booked.isoformat(), kind=k, by="bench") for k in done]
        return BookingModel(
            f"b{i:06d}", chain_id="bench", store_id="s1", customer_id=f"c{i}", store_day=f"bench#s1#{start.date()}",
            customer_key=f"bench#c{i}", start_key=f"{i:06d}", status="confirmed", start=start.isoformat(),
            end=(start + timedelta(minutes=30)).isoformat(), slot=start.strftime("%H:%M"), service_type="maintenance",
            tier="normal", source="phone", customer={"name": "顾客", "phone": "13800000000"},
            vehicle={"plate": "沪A00000", "model": "x", "mileage": 1}, labour_hours=1, created_at=booked.isoformat(),
            events=events, next_action=action, next_at=keys.utc_iso(at), due_key=keys.due_key(check, at, f"b{i:06d}"),
        )

    t0 = time.perf_counter()
    reminders = lateness = due // 2
    with BookingModel.batch_write() as batch:
        for i in range(reminders):  # 24-hour reminder due now
            start = NOW + timedelta(days=1)
            batch.save(item(i, start, "reminder_1440", NOW, "reminders"))
        for i in range(reminders, reminders + lateness):  # grace over: release due now
            start = NOW - timedelta(minutes=10)
            batch.save(item(i, start, "release", NOW, "lateness", ("reminder_1440", "reminder_180", "reminder_60", "ack_check")))
        for i in range(due, total):  # not due: later this hour, or days ahead
            start = NOW + timedelta(days=1, minutes=1 + i % 50) if i % 2 else NOW + timedelta(days=2 + i % 20)
            at = start - timedelta(days=1)
            batch.save(item(i, start, "reminder_1440", at, "reminders"))
    print(f"loaded {total} bookings ({due} due) in {time.perf_counter() - t0:.1f}s")

    from chalicelib.services.followup.checks import BookingChecks

    checks = BookingChecks(svc.stores, svc.bookings, None, svc.clock)  # messages are not what is measured here
    for check in ("reminders", "lateness"):
        with recording() as base_calls:
            t = time.perf_counter()
            matches = list(BookingModel.scan(
                BookingModel.due_key.startswith(f"{check}#") & (BookingModel.next_at <= keys.utc_iso(NOW))
            ))
            base_wall = time.perf_counter() - t
        with recording() as calls:
            t = time.perf_counter()
            found = svc.ports.bookings.due(check, NOW - timedelta(hours=24), NOW)
            find_wall = time.perf_counter() - t
        read = sum(scanned for index, _, scanned in calls.queries if index == "due_by_check")
        print(f"{check}:")
        print(f"  due index   : {len(found)} due, {read} items read ({read / max(len(found), 1):.2f} per due item), "
              f"{len(calls.dynamodb())} Queries, {find_wall * 1000:.0f} ms")
        print(f"  scan+filter : {len(matches)} due, {total} items read ({total / max(len(matches), 1):.0f} per due item), "
              f"{len(base_calls.dynamodb())} Scan pages, {base_wall * 1000:.0f} ms")
        if total <= 20_000:  # moto copies whole tables inside each transaction: past this it only measures moto
            t = time.perf_counter()
            result = checks.run(check)
            print(f"  whole run   : {result}, {time.perf_counter() - t:.2f}s (bound by the emulator's transactions)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
