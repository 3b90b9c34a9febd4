"""Composite key strings, built in one place so that every reader and writer agrees on them."""
from __future__ import annotations

import hashlib
import os
import zlib
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
    """Per customer and Idempotency-Key, hashed: the record names no customer, so nothing is left to erase
    in it (it expires on its own) once the customer's data is erased."""
    return f"{chain_id}#{hashlib.sha256(f'{customer_id}#{key}'.encode()).hexdigest()}"


def parts_waitlist(chain_id: str, store_id: str) -> str:
    """The store_day of bookings waiting for parts: they hold no slot until the parts arrive."""
    return f"{chain_id}#{store_id}#parts"


def parts_closed(chain_id: str, store_id: str, day: date) -> str:
    """The store_day of bookings that left the parts waiting list closed on `day` (UTC; decision 0084)."""
    return f"{chain_id}#{store_id}#parts-closed#{day.isoformat()}"


def walk_in_queue(chain_id: str, store_id: str, day: date) -> str:
    """The store_day of one day's walk-in queue: walk-ins waiting for a place hold no slot until seated."""
    return f"{chain_id}#{store_id}#walk-ins#{day.isoformat()}"


def waiting_key(created: datetime, booking_id: str) -> str:
    return f"~{start_key(created, booking_id)}"  # sorts after every dated start


# Shards of the hot due indexes (bookings' due_by_check, the outbox's due): a busy hour or day is spread over
# this many partitions, and every reader Queries each shard (in parallel). Only ever raise it: items filed
# under a lower count keep their shard numbers, which a higher count still reads.
DUE_SHARDS = int(os.environ.get("APPT_DUE_SHARDS", "4"))


def utc_iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shard_of(item_key: str) -> int:
    """A stable shard for an item (crc32: the same in every process, unlike hash())."""
    return zlib.crc32(item_key.encode()) % DUE_SHARDS


def due_key(check: str, at: datetime, booking_id: str) -> str:
    return f"{check}#{at.astimezone(UTC):%Y-%m-%dT%H}#{shard_of(booking_id)}"


def utc_days(now: datetime, back: int) -> list[str]:
    """The UTC day buckets from `back` days ago to today, oldest first."""
    return [(now - timedelta(days=n)).astimezone(UTC).date().isoformat() for n in range(back, -1, -1)]


def due_hours(check: str, hour: datetime) -> list[str]:
    return [f"{check}#{hour.astimezone(UTC):%Y-%m-%dT%H}#{shard}" for shard in range(DUE_SHARDS)]


def instant(at: datetime) -> str:
    """A moment as the outbox keeps the ones it compares as text (next attempt, claim): ISO in UTC with its
    offset, as the UTC clock has always written them, so a moment named in a store's zone (a message held
    until 08:30 Shanghai) sorts as the instant it is."""
    return at.astimezone(UTC).isoformat()


def outbox_due(at: datetime, dedupe_key: str) -> str:
    """The outbox's due partition: the UTC day of the next attempt and the message's shard."""
    return f"{utc_days(at, 0)[0]}#{shard_of(dedupe_key)}"


def outbox_due_days(now: datetime, back: int) -> list[str]:
    """Every outbox due partition from `back` days ago to today, oldest first."""
    return [f"{day}#{shard}" for day in utc_days(now, back) for shard in range(DUE_SHARDS)]


def task_escalation(deadline: datetime) -> str:
    """The task_track partition of open tasks whose deadline falls in this UTC hour."""
    return f"esc#{deadline.astimezone(UTC):%Y-%m-%dT%H}"


def task_done(chain_id: str, store_id: str, day: date) -> str:
    """The task_track partition of a store's tasks closed on a (store-local) day."""
    return f"done#{chain_id}#{store_id}#{day.isoformat()}"
