"""Composite key strings, built in one place so that every reader and writer agrees on them."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def store_day(chain_id: str, store_id: str, day: date) -> str:
    return f"{chain_id}#{store_id}#{day.isoformat()}"


def store_key(chain_id: str, store_id: str) -> str:
    return f"{chain_id}#{store_id}"


def customer_key(chain_id: str, customer_id: str) -> str:
    return f"{chain_id}#{customer_id}"


def start_key(start: datetime, booking_id: str) -> str:
    return f"{start.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}#{booking_id}"


def labour_slot(category: str) -> str:
    return f"DAY#{category}"


def idempotency(chain_id: str, customer_id: str, key: str) -> str:
    return f"{chain_id}#{customer_id}#{key}"


def parts_waitlist(chain_id: str, store_id: str) -> str:
    """The store_day of bookings waiting for parts: they hold no slot until the parts arrive."""
    return f"{chain_id}#{store_id}#parts"


def waiting_key(created: datetime, booking_id: str) -> str:
    return f"~{start_key(created, booking_id)}"  # sorts after every dated start


DUE_SHARDS = 1  # raise to spread a very busy hour over more index partitions; checks Query every shard


def utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def due_key(check: str, at: datetime, booking_id: str) -> str:
    shard = sum(booking_id.encode()) % DUE_SHARDS
    return f"{check}#{at.astimezone(UTC):%Y-%m-%dT%H}#{shard}"


def utc_days(now: datetime, back: int) -> list[str]:
    """The UTC day buckets from `back` days ago to today, oldest first."""
    return [(now - timedelta(days=n)).astimezone(UTC).date().isoformat() for n in range(back, -1, -1)]


def due_hours(check: str, hour: datetime) -> list[str]:
    return [f"{check}#{hour.astimezone(UTC):%Y-%m-%dT%H}#{shard}" for shard in range(DUE_SHARDS)]
