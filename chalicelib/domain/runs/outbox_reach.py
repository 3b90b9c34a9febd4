"""How far back the outbox run reads its due index (docs/product-rules.md#check-safety).

A message waiting for its retry is filed under the UTC day its next try falls on. A run that is on time
reads today's and the two days before (room for a claim that lapsed with a killed worker); after an outage
it reads back to where the last complete run was clean, so a retry that fell due while nothing ran is still
sent, up to the same fourteen days the booking checks catch up (a longer outage is a matter for people).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

MARK = "outbox"  # the outbox run's watermark: it was clean before this moment
USUAL_DAYS = 2
MAX_DAYS = 14


def days_back(now: datetime, clean_before: datetime | None) -> int:
    """The days before today the run reads: two as usual, more after an outage, never more than fourteen."""
    if clean_before is None:
        return USUAL_DAYS
    behind = (now.astimezone(UTC).date() - clean_before.astimezone(UTC).date()).days
    return min(max(behind, USUAL_DAYS), MAX_DAYS)


def clean_after_full_read(now: datetime) -> datetime:
    """Where the watermark moves once a run has read every due page: the oldest day a run on time reads
    anyway, so a message whose claim lapsed there is still found."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=USUAL_DAYS)
