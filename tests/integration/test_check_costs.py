"""A check's cost follows what is due, not the size of the table: 10,000 bookings, 10 due, 10 items read."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.adapters.dynamo import keys
from chalicelib.adapters.dynamo.models import BookingModel
from tests.conftest import at
from tests.integration.helpers import customer, request

FILLERS = 9_990


def _filler(i: int, chain_id: str, now) -> BookingModel:
    """A booking whose next step is not due yet: half later this very hour, half in the hours after."""
    when = now + timedelta(minutes=1 + i % 58) if i % 2 else now + timedelta(hours=1 + i % 40)
    return BookingModel(
        f"f{i:05d}", chain_id=chain_id, store_id="pudong", customer_id="c_filler",
        store_day=f"{chain_id}#pudong#filler", customer_key=f"{chain_id}#c_filler", start_key=f"{i:05d}",
        status="confirmed", start=(when + timedelta(days=1)).isoformat(), end=(when + timedelta(days=1)).isoformat(),
        slot="10:00", service_type="maintenance", tier="normal", source="phone",
        customer={"name": "填充", "phone": "13800000000"}, vehicle={"plate": "沪A00000", "model": "x", "mileage": 1},
        labour_hours=1, created_at=now.isoformat(), next_action="reminder_1440", next_at=keys.utc_iso(when),
        due_key=keys.due_key("reminders", when, f"f{i:05d}"),
    )


def test_ten_due_among_ten_thousand_reads_ten(svc, chain, clock, calls):
    clock.set(at("2026-11-23", "08:00"))
    for i in range(10):
        start = at("2026-11-24", "10:00") + timedelta(minutes=30 * i)
        svc.booking.book_online(customer(svc, chain, f"c{i}"), request(start, plate=f"沪A1000{i}"), "k")
    now = at("2026-11-23", "15:00")  # every 24-hour reminder above is due by now
    with BookingModel.batch_write() as batch:
        for i in range(FILLERS):
            batch.save(_filler(i, chain, now))
    clock.set(now)
    calls.clear()
    calls.queries.clear()
    result = svc.checks.run("reminders")
    due_queries = [q for q in calls.queries if q[0] == "due_by_check"]
    # each of the 10 bookings: its 24-hour reminder, its confirmation warning (10:00) and its confirmation-SLA step
    # (still pending at 10:30)
    assert result == {"due": 10, "done": 30, "stale": 0}
    assert sum(count for _, count, _ in due_queries) == 10
    assert sum(scanned for _, _, scanned in due_queries) == 10  # ScannedCount == Count: nothing read in vain
    assert "Scan" not in [op for _, op in calls]
