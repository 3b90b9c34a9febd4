"""Webhooks out: a chain admin's endpoints, and the fanned-out `webhooks` check that delivers the events booking
changes wrote in their own transactions (domain/booking/events.py, decision 0035).

The check's dispatcher reads the due index (events not yet fanned out, deliveries due again); a worker item
either fans an event out (one delivery per endpoint that wants it, each enqueued as its own item and tried
when it runs) or tries one delivery. Every try re-checks the address (its name may resolve elsewhere now)
and signs with the Standard Webhooks scheme (`standardwebhooks`): `webhook-id` is the event's id at every
try, `webhook-timestamp` the UTC moment of the try, `webhook-signature` one signature per secret in force.
After the last try the item is refused (WebhookParked): the worker parks it in the checks queue's dead
letters, whose alarm fires; a replay (the admin's, or a redrive of the parked item) tries it again.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

from ...domain import codec
from ...domain.errors import Conflict, NotFound
from ...domain.messaging.webhook_ports import AddressResolver, WebhookStore, WebhookTransport
from ...domain.messaging.webhooks import (
    DEFAULT_OVERLAP,
    MAX_ENDPOINTS,
    Delivery,
    Endpoint,
    SigningSecret,
    WebhookParked,
    address_refusal,
    after_attempt,
    checked_events,
    checked_url,
    new_secret,
    replayable,
    rotated,
)
from ...domain.ports import Clock

log = logging.getLogger(__name__)


class Webhooks:
    def __init__(self, store: WebhookStore, resolver: AddressResolver, transport: WebhookTransport, clock: Clock,
                 *, deployed: bool, enqueue: Callable[[list[dict[str, str]]], None] | None = None) -> None:
        self._store, self._resolver, self._transport, self._clock = store, resolver, transport, clock
        self._deployed, self._enqueue = deployed, enqueue

    # --- the chain admin's endpoints ----------------------------------------------------------------------
    def register(self, chain_id: str, url: str, events: list[str], description: str = "") -> dict[str, object]:
        """A new endpoint; its signing secret is in this answer only."""
        if len(self._store.endpoints(chain_id)) >= MAX_ENDPOINTS:
            raise Conflict(f"a chain has at most {MAX_ENDPOINTS} endpoints", field="url", code="too_many_endpoints")
        now = self._clock.now()
        endpoint = Endpoint(chain_id, "we_" + uuid.uuid4().hex[:16], checked_url(url, self._resolve(url),
                            deployed=self._deployed), checked_events(events), (SigningSecret(new_secret(), now),),
                            now, description)
        self._store.put_endpoint(endpoint)
        return {**endpoint.to_json(now), "secret": endpoint.secrets[0].secret}

    def endpoints(self, chain_id: str) -> list[dict[str, object]]:
        now = self._clock.now()
        return [e.to_json(now) for e in self._store.endpoints(chain_id)]

    def rotate(self, chain_id: str, endpoint_id: str, overlap_hours: float | None = None) -> dict[str, object]:
        """A new secret; the previous one still signs for the overlap (default 24 h), so receivers can switch."""
        now = self._clock.now()
        overlap = DEFAULT_OVERLAP if overlap_hours is None else timedelta(hours=overlap_hours)
        endpoint = rotated(self._store.endpoint(chain_id, endpoint_id), now, overlap, new_secret())
        self._store.put_endpoint(endpoint)
        return {**endpoint.to_json(now), "secret": endpoint.secrets[0].secret}

    def remove(self, chain_id: str, endpoint_id: str) -> None:
        self._store.endpoint(chain_id, endpoint_id)  # not found: refused
        self._store.delete_endpoint(chain_id, endpoint_id)

    def deliveries(self, chain_id: str, endpoint_id: str) -> list[dict[str, object]]:
        self._store.endpoint(chain_id, endpoint_id)
        return [d.to_json() for d in self._store.deliveries(chain_id, endpoint_id)]

    def replay(self, chain_id: str, endpoint_id: str, event_id: str) -> dict[str, object]:
        """A failed (or still retrying) delivery tried again now, its log kept; a delivered one is refused."""
        endpoint = self._store.endpoint(chain_id, endpoint_id)
        delivery = replayable(self._store.delivery(chain_id, endpoint_id, event_id))
        return self._attempt(endpoint, delivery).to_json()

    # --- the fanned-out check: FannedJob ------------------------------------------------------------------
    def due_items(self) -> Iterator[list[dict[str, str]]]:
        for page in self._store.due_pages(self._clock.now()):
            yield [{"kind": d.kind, "chain": d.chain_id, "event": d.event_id,
                    **({"endpoint": d.endpoint_id} if d.endpoint_id else {})} for d in page]

    def enqueued(self, items: list[dict[str, str]]) -> None:
        return None  # each item stays in the due index until its worker moves it on: no cursor

    def work(self, item: dict[str, str]) -> str:
        if item.get("kind") == "event":
            return self._fan_out(item["event"])
        return self._retry(item)

    def _retry(self, item: dict[str, str]) -> str:
        now = self._clock.now()
        delivery = self._store.delivery(item["chain"], item.get("endpoint", ""), item["event"])
        if "redrive" in item and delivery.status == "failed":  # a parked item put back after a fix
            delivery = replayable(delivery)
        if delivery.status not in ("pending", "retry") or (delivery.next_at is not None and delivery.next_at > now):
            return "not_due"  # a repeated item, or one enqueued again before its wait ended
        try:
            endpoint = self._store.endpoint(delivery.chain_id, delivery.endpoint_id)
        except NotFound:  # the endpoint was removed since: nothing to deliver to
            self._store.save_delivery(replace(after_attempt(delivery, now, "endpoint_removed"), status="failed",
                                              next_at=None))
            return "endpoint_removed"
        done = self._attempt(endpoint, delivery)
        if done.status == "failed":
            raise WebhookParked(f"{done.endpoint_id}: {done.type} {done.event_id} failed {done.attempts} tries",
                                field="endpoint")
        return "delivered" if done.status == "delivered" else "retry"

    def _fan_out(self, event_id: str) -> str:
        """One delivery per endpoint that wants the event, each its own work item (one slow endpoint holds up
        no other): enqueued at once when a queue is given, else left due for the next tick's dispatcher."""
        event = self._store.event(event_id)
        if event is None:
            return "gone"
        made = []
        for endpoint in self._store.endpoints(event.chain_id):
            delivery = Delivery(event.chain_id, endpoint.endpoint_id, event.event_id, event.type, event.payload(),
                                self._clock.now())
            if endpoint.wants(event.type) and self._store.add_delivery(delivery):
                made.append({"kind": "delivery", "chain": event.chain_id, "event": event.event_id,
                             "endpoint": endpoint.endpoint_id})
        if made and self._enqueue is not None:
            try:
                self._enqueue(made)
            except Exception:  # they are in the due index, due now: the next tick enqueues them
                log.exception("deliveries of %s left for the next tick", event_id)
        self._store.event_fanned(event_id)
        return "fanned" if made else "no_endpoint"

    # --- one try ------------------------------------------------------------------------------------------
    def _resolve(self, url: str) -> list[str]:
        """The host's addresses now (deployed stages only: the local stage calls any address by its name)."""
        host = urlsplit(url).hostname or ""
        return self._resolver.addresses(host) if host and self._deployed else []

    def _attempt(self, endpoint: Endpoint, delivery: Delivery) -> Delivery:
        now = self._clock.now()
        addresses = self._resolve(endpoint.url)
        refused = address_refusal(endpoint.url, addresses, deployed=self._deployed)
        if refused is not None:
            outcome, detail = "refused_address", refused
        else:
            outcome, detail = self._post(endpoint, delivery, now, addresses[0] if self._deployed else None)
        done = after_attempt(delivery, now, outcome, detail)
        self._store.save_delivery(done)
        return done

    def _post(self, endpoint: Endpoint, delivery: Delivery, now: datetime, address: str | None) -> tuple[str, str]:
        body = codec.encode(delivery.payload).encode()
        headers = {"content-type": "application/json", "webhook-id": delivery.event_id,
                   "webhook-timestamp": str(int(now.astimezone(UTC).timestamp())),
                   "webhook-signature": sign(endpoint.signing_secrets(now), delivery.event_id, now, body)}
        try:
            status = self._transport.post(endpoint.url, address, body, headers)
        except OSError as error:
            log.warning("webhook %s to %s: %s", delivery.event_id, endpoint.endpoint_id, error)
            return "unreachable", type(error).__name__
        return ("delivered", "") if 200 <= status < 300 else (f"http_{status}", "")


def sign(secrets: list[str], msg_id: str, at: datetime, body: bytes) -> str:
    """Standard Webhooks signatures ("v1,<base64>"), one per secret, space-separated. The timestamp is given
    in UTC explicitly: the library reads a naive datetime as UTC, so a local one would sign the wrong second."""
    utc = at.astimezone(UTC)
    return " ".join(Webhook(secret).sign(msg_id, utc, body) for secret in secrets)
