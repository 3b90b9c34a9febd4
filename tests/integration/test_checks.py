"""What a check run asks DynamoDB for: only the hour buckets since its watermark. (The checks' behaviour,
each step exactly once, is the service layer's: tests/service/test_checks.py.)"""
from __future__ import annotations

from chalicelib.adapters.dynamo import keys
from tests.conftest import at
from tests.integration.helpers import customer, request


def test_a_run_queries_only_the_hours_since_its_watermark(svc, chain, clock, calls):
    clock.set(at("2026-11-23", "08:00"))
    svc.booking.book_online(customer(svc, chain, "alice"), request(at("2026-11-24", "10:00"), plate="沪AD12345"), "k")
    clock.set(at("2026-11-23", "08:05"))
    svc.checks.run("reminders")
    clock.set(at("2026-11-23", "09:30"))
    calls.queries.clear()
    svc.checks.run("reminders")
    # the watermark hour (07:00 local) to now, every shard of each
    assert len([q for q in calls.queries if q[0] == "due_by_check"]) == 3 * keys.DUE_SHARDS
