"""The outbox: one record per message, put once (dedupe key), claimed before sending, retried by day bucket."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from ...domain.messaging.outbox import OutboxRecord
from .conditional import applied
from .keys import instant, outbox_due, outbox_due_days
from .models import OutboxModel
from .transaction import outbox_item

CLAIM_SECONDS = 60  # a claim not finished by then (the sender died) may be taken again
OPEN = ("pending", "retry")


def _from_model(m: OutboxModel) -> OutboxRecord:
    return OutboxRecord(
        dedupe_key=m.dedupe_key, chain_id=m.chain_id, customer_id=m.customer_id, kind=m.kind,
        context=m.context.as_dict() if m.context else {}, store_id=m.store_id, booking_id=m.booking_id,
        status=m.status, attempts=int(m.attempts or 0), channel=m.channel, provider_id=m.provider_id, error=m.error,
        created_at=m.created_at, held_until=m.held_until,
    )


def _due_from_model(m: OutboxModel) -> OutboxRecord:
    """A due message as the `due` index holds it: its key, chain and attempt number (the sender reads the rest)."""
    return OutboxRecord(dedupe_key=m.dedupe_key, chain_id=m.chain_id, customer_id="", kind="", context={},
                        attempts=int(m.attempts or 0))


class OutboxRepository:
    def __init__(self, page_size: int | None = None) -> None:
        self._page_size = page_size  # None: DynamoDB's own 1 MB pages; every read follows all pages

    def enqueue(self, record: OutboxRecord, now: datetime) -> bool:
        """False when this message exists already (a second caller of the same event)."""
        return applied(lambda: outbox_item(record, now).save(condition=OutboxModel.dedupe_key.does_not_exist()))

    def get(self, dedupe_key: str) -> OutboxRecord | None:
        try:
            return _from_model(OutboxModel.get(dedupe_key, consistent_read=True))
        except OutboxModel.DoesNotExist:
            return None

    def claim(self, dedupe_key: str, now: datetime) -> OutboxRecord | None:
        """Move an open (or abandoned) message to `sending`; only one caller gets it."""
        m = OutboxModel(dedupe_key)
        abandoned = (OutboxModel.status == "sending") & (OutboxModel.claimed_until < instant(now))
        claimed = applied(lambda: m.update(
            actions=[
                OutboxModel.status.set("sending"),
                OutboxModel.claimed_until.set(instant(now + timedelta(seconds=CLAIM_SECONDS))),
                OutboxModel.attempts.add(1),
            ],
            condition=OutboxModel.dedupe_key.exists() & (OutboxModel.status.is_in(*OPEN) | abandoned)
            & ((OutboxModel.next_attempt_at <= instant(now)) | abandoned),
        ))
        return _from_model(m) if claimed else None

    def sent(self, dedupe_key: str, channel: str, provider_id: str, now: datetime) -> None:
        OutboxModel(dedupe_key).update(actions=[
            OutboxModel.status.set("sent"), OutboxModel.channel.set(channel), OutboxModel.provider_id.set(provider_id),
            OutboxModel.sent_at.set(now.isoformat()), OutboxModel.due_day.remove(), OutboxModel.error.remove(),
        ])

    def retry_at(self, dedupe_key: str, at: datetime, error: str) -> None:
        OutboxModel(dedupe_key).update(actions=[
            OutboxModel.status.set("retry"), OutboxModel.next_attempt_at.set(instant(at)),
            OutboxModel.due_day.set(outbox_due(at, dedupe_key)), OutboxModel.error.set(error),
        ])

    def hold(self, dedupe_key: str, until: datetime, reason: str) -> None:
        OutboxModel(dedupe_key).update(actions=[
            OutboxModel.status.set("retry"), OutboxModel.next_attempt_at.set(instant(until)),
            OutboxModel.due_day.set(outbox_due(until, dedupe_key)), OutboxModel.error.set(reason),
            OutboxModel.held_until.set(instant(until)), OutboxModel.attempts.add(-1),
        ])

    def drop(self, dedupe_key: str, reason: str) -> None:
        OutboxModel(dedupe_key).update(actions=[
            OutboxModel.status.set("dropped"), OutboxModel.due_day.remove(), OutboxModel.error.set(reason),
        ])

    def failed(self, dedupe_key: str, error: str, channel: str | None) -> None:
        actions = [OutboxModel.status.set("failed"), OutboxModel.due_day.remove(), OutboxModel.error.set(error)]
        if channel:
            actions.append(OutboxModel.channel.set(channel))
        OutboxModel(dedupe_key).update(actions=actions)

    def due(self, now: datetime, days_back: int = 2) -> list[OutboxRecord]:
        """What is due: one Query per day bucket and shard (the shards in parallel), reading only open
        messages (the index is sparse); oldest attempt first."""
        partitions = outbox_due_days(now, days_back)
        with ThreadPoolExecutor(max_workers=min(8, len(partitions))) as pool:
            pages = pool.map(lambda key: self._due_in(key, now), partitions)
            found = [record for page in pages for record in page]
        return [r for _, r in sorted(found, key=lambda f: f[0])]

    def due_pages(self, now: datetime, days_back: int = 2) -> Iterator[list[OutboxRecord]]:
        """Partition after partition (day, then shard), a Query page at a time."""
        for partition in outbox_due_days(now, days_back):
            last: dict[str, Any] | None = None
            while True:
                result = OutboxModel.due.query(partition, OutboxModel.next_attempt_at <= instant(now),
                                               limit=self._page_size, last_evaluated_key=last)
                page = [_due_from_model(m) for m in result]
                last = result.last_evaluated_key
                if page:
                    yield page
                if last is None:
                    break

    def _due_in(self, partition: str, now: datetime) -> list[tuple[str, OutboxRecord]]:
        items = OutboxModel.due.query(partition, OutboxModel.next_attempt_at <= instant(now), page_size=self._page_size)
        return [(m.next_attempt_at or "", _due_from_model(m)) for m in items]
