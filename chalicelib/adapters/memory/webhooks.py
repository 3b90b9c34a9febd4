"""In-memory webhooks: endpoints, deliveries and the due index; the events are in the shared state, written
by the memory unit of work with their booking change. Also a resolver and a transport for tests."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ...domain.booking.events import WebhookEvent
from ...domain.errors import NotFound
from ...domain.messaging.webhook_ports import DueWebhook
from ...domain.messaging.webhooks import Delivery, Endpoint
from .state import MemoryState


class MemoryWebhooks:
    def __init__(self, state: MemoryState) -> None:
        self._state = state
        self._endpoints: dict[tuple[str, str], Endpoint] = {}
        self._deliveries: dict[tuple[str, str, str], Delivery] = {}

    def put_endpoint(self, endpoint: Endpoint) -> None:
        with self._state.lock:
            self._endpoints[(endpoint.chain_id, endpoint.endpoint_id)] = endpoint

    def endpoint(self, chain_id: str, endpoint_id: str) -> Endpoint:
        with self._state.lock:
            found = self._endpoints.get((chain_id, endpoint_id))
        if found is None:
            raise NotFound("no such webhook endpoint", field="endpoint_id", code="endpoint_not_found")
        return found

    def endpoints(self, chain_id: str) -> list[Endpoint]:
        with self._state.lock:
            return sorted((e for (c, _), e in self._endpoints.items() if c == chain_id), key=lambda e: e.created_at)

    def wanted(self, chain_id: str) -> frozenset[str]:
        return frozenset(e for endpoint in self.endpoints(chain_id) for e in endpoint.events)

    def delete_endpoint(self, chain_id: str, endpoint_id: str) -> None:
        with self._state.lock:
            self._endpoints.pop((chain_id, endpoint_id), None)

    def event(self, event_id: str) -> WebhookEvent | None:
        with self._state.lock:
            found = self._state.webhook_events.get(event_id)
        return found[0] if found else None

    def event_fanned(self, event_id: str) -> None:
        with self._state.lock:
            if event_id in self._state.webhook_events:
                self._state.webhook_events[event_id] = (self._state.webhook_events[event_id][0], False)

    def add_delivery(self, delivery: Delivery) -> bool:
        key = (delivery.chain_id, delivery.endpoint_id, delivery.event_id)
        with self._state.lock:
            if key in self._deliveries:
                return False
            self._deliveries[key] = delivery
            return True

    def delivery(self, chain_id: str, endpoint_id: str, event_id: str) -> Delivery:
        with self._state.lock:
            found = self._deliveries.get((chain_id, endpoint_id, event_id))
        if found is None:
            raise NotFound("no such delivery", field="event_id", code="delivery_not_found")
        return found

    def save_delivery(self, delivery: Delivery) -> None:
        with self._state.lock:
            self._deliveries[(delivery.chain_id, delivery.endpoint_id, delivery.event_id)] = delivery

    def deliveries(self, chain_id: str, endpoint_id: str, limit: int = 50) -> list[Delivery]:
        with self._state.lock:
            mine = [d for (c, e, _), d in self._deliveries.items() if (c, e) == (chain_id, endpoint_id)]
        return sorted(mine, key=lambda d: d.event_id, reverse=True)[:limit]

    def due_pages(self, now: datetime) -> Iterator[list[DueWebhook]]:
        with self._state.lock:
            events = [DueWebhook("event", e.chain_id, e.event_id) for e, due in self._state.webhook_events.values() if due]
            retries = [DueWebhook("delivery", d.chain_id, d.event_id, d.endpoint_id) for d in self._deliveries.values()
                       if d.status in ("pending", "retry") and (d.next_at is None or d.next_at <= now)]
        if events or retries:
            yield events + retries


@dataclass
class FakeResolver:
    """Names to addresses; a name not listed resolves to a public documentation-free address."""

    names: dict[str, list[str]] = field(default_factory=dict)

    def addresses(self, host: str) -> list[str]:
        return list(self.names.get(host, ["93.184.216.34"]))


@dataclass
class FakeTransport:
    """Records every post; answers the statuses queued for a URL in turn (then 200)."""

    answers: dict[str, list[int]] = field(default_factory=dict)
    posts: list[tuple[str, str | None, bytes, dict[str, str]]] = field(default_factory=list)

    def post(self, url: str, address: str | None, body: bytes, headers: dict[str, str]) -> int:
        self.posts.append((url, address, body, dict(headers)))
        queued = self.answers.get(url) or []
        return queued.pop(0) if queued else 200

