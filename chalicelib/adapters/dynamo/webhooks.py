"""The webhooks table (models/webhooks.py): endpoints, events, deliveries and their due index."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from ...domain.booking.events import WebhookEvent
from ...domain.codec import decode, encode
from ...domain.errors import NotFound
from ...domain.messaging.webhook_ports import DueWebhook
from ...domain.messaging.webhooks import Delivery, Endpoint
from ...domain.ports import Clock
from .keys import instant, outbox_due, outbox_due_days
from .models import WebhookModel

EVENT_SK = "event"
WANTED_TTL = timedelta(seconds=60)  # a new endpoint's events are written from at most a minute after it is saved


def _endpoints_pk(chain_id: str) -> str:
    return f"{chain_id}#endpoints"


def _delivery_key(chain_id: str, endpoint_id: str, event_id: str) -> tuple[str, str]:
    return f"{chain_id}#{endpoint_id}", f"d#{event_id}"


def event_item(event: WebhookEvent, now: datetime) -> WebhookModel:
    """The event's item, due at once: what the booking unit of work puts in the change's transaction."""
    key = f"event#{event.event_id}"
    return WebhookModel(key, EVENT_SK, kind="event", chain_id=event.chain_id, event_id=event.event_id,
                        created_at=instant(now), body=encode(event), due_day=outbox_due(now, key), next_at=instant(now))


def _conditional_failed(error: Exception) -> bool:
    cause = getattr(error, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


class WebhookRepository:
    def __init__(self, clock: Clock, page_size: int = 100, wanted_ttl: timedelta = WANTED_TTL) -> None:
        self._clock, self._page_size, self._ttl = clock, page_size, wanted_ttl
        self._wanted: dict[str, tuple[datetime, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def wanted(self, chain_id: str) -> frozenset[str]:
        """The event types some endpoint of the chain wants, as read within the last minute (per container):
        the unit of work writes only those, so a chain without endpoints pays nothing for webhooks."""
        now = self._clock.now()
        with self._lock:  # held while reading, so threads that miss together read once
            hit = self._wanted.get(chain_id)
            if hit is not None and hit[0] > now:
                return hit[1]
            found = frozenset(e for endpoint in self.endpoints(chain_id) for e in endpoint.events)
            self._wanted[chain_id] = (now + self._ttl, found)
            return found

    def _forget(self, chain_id: str) -> None:
        with self._lock:
            self._wanted.pop(chain_id, None)

    def put_endpoint(self, endpoint: Endpoint) -> None:
        self._forget(endpoint.chain_id)
        WebhookModel(_endpoints_pk(endpoint.chain_id), endpoint.endpoint_id, kind="endpoint", chain_id=endpoint.chain_id,
                     endpoint_id=endpoint.endpoint_id, created_at=instant(endpoint.created_at),
                     body=encode(endpoint)).save()

    def endpoint(self, chain_id: str, endpoint_id: str) -> Endpoint:
        try:
            item = WebhookModel.get(_endpoints_pk(chain_id), endpoint_id, consistent_read=True)
        except WebhookModel.DoesNotExist:
            raise NotFound("no such webhook endpoint", field="endpoint_id", code="endpoint_not_found") from None
        return decode(item.body, Endpoint)

    def endpoints(self, chain_id: str) -> list[Endpoint]:
        found = [decode(m.body, Endpoint) for m in WebhookModel.query(_endpoints_pk(chain_id))]
        return sorted(found, key=lambda e: e.created_at)

    def delete_endpoint(self, chain_id: str, endpoint_id: str) -> None:
        self._forget(chain_id)
        WebhookModel(_endpoints_pk(chain_id), endpoint_id).delete()

    def event(self, event_id: str) -> WebhookEvent | None:
        try:
            item = WebhookModel.get(f"event#{event_id}", EVENT_SK)
        except WebhookModel.DoesNotExist:
            return None
        return decode(item.body, WebhookEvent)

    def event_fanned(self, event_id: str) -> None:
        WebhookModel(f"event#{event_id}", EVENT_SK).update(
            actions=[WebhookModel.due_day.remove(), WebhookModel.next_at.remove()])

    def _delivery_model(self, d: Delivery) -> WebhookModel:
        pk, sk = _delivery_key(d.chain_id, d.endpoint_id, d.event_id)
        due = d.status in ("pending", "retry")
        at = d.next_at or d.created_at
        fields: dict[str, Any] = {"due_day": outbox_due(at, pk + sk), "next_at": instant(at)} if due else {}
        return WebhookModel(pk, sk, kind="delivery", chain_id=d.chain_id, event_id=d.event_id, endpoint_id=d.endpoint_id,
                            created_at=instant(d.created_at), body=encode(d), **fields)

    def add_delivery(self, delivery: Delivery) -> bool:
        try:
            self._delivery_model(delivery).save(condition=WebhookModel.pk.does_not_exist())
        except PutError as error:
            if _conditional_failed(error):
                return False
            raise
        return True

    def delivery(self, chain_id: str, endpoint_id: str, event_id: str) -> Delivery:
        try:
            item = WebhookModel.get(*_delivery_key(chain_id, endpoint_id, event_id), consistent_read=True)
        except WebhookModel.DoesNotExist:
            raise NotFound("no such delivery", field="event_id", code="delivery_not_found") from None
        return decode(item.body, Delivery)

    def save_delivery(self, delivery: Delivery) -> None:
        self._delivery_model(delivery).save()

    def deliveries(self, chain_id: str, endpoint_id: str, limit: int = 50) -> list[Delivery]:
        pk = f"{chain_id}#{endpoint_id}"
        found = WebhookModel.query(pk, WebhookModel.sk.startswith("d#"), scan_index_forward=False, limit=limit)
        return [decode(m.body, Delivery) for m in found]

    def due_pages(self, now: datetime) -> Iterator[list[DueWebhook]]:
        for partition in outbox_due_days(now, 2):
            last: dict[str, Any] | None = None
            while True:
                result = WebhookModel.due.query(partition, WebhookModel.next_at <= instant(now),
                                                limit=self._page_size, last_evaluated_key=last)
                page = [DueWebhook(m.kind, m.chain_id, m.event_id or "", m.endpoint_id or "") for m in result]
                last = result.last_evaluated_key
                if page:
                    yield page
                if last is None:
                    break
