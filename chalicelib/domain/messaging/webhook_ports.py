"""Ports of the webhooks: where endpoints, events and deliveries are kept, how an address is resolved and how
a signed delivery is posted. The events themselves are written by the booking unit of work (booking/events.py)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..booking.events import WebhookEvent
from .webhooks import Delivery, Endpoint


@dataclass(frozen=True)
class DueWebhook:
    """An item of the due index: an event not yet fanned to its endpoints, or a delivery due again."""

    kind: str  # "event" | "delivery"
    chain_id: str
    event_id: str
    endpoint_id: str = ""


class WebhookStore(Protocol):
    def put_endpoint(self, endpoint: Endpoint) -> None: ...
    def endpoint(self, chain_id: str, endpoint_id: str) -> Endpoint: ...
    def endpoints(self, chain_id: str) -> list[Endpoint]: ...
    def delete_endpoint(self, chain_id: str, endpoint_id: str) -> None: ...
    def event(self, event_id: str) -> WebhookEvent | None: ...
    def event_fanned(self, event_id: str) -> None:
        """The event's deliveries exist: it leaves the due index."""
        ...
    def add_delivery(self, delivery: Delivery) -> bool:
        """Put a delivery if it is not there yet; False if it was (a repeated fan-out)."""
        ...
    def delivery(self, chain_id: str, endpoint_id: str, event_id: str) -> Delivery: ...
    def save_delivery(self, delivery: Delivery) -> None:
        """Its status, attempts, log and place in the due index (in it while pending or retrying)."""
        ...
    def deliveries(self, chain_id: str, endpoint_id: str, limit: int = 50) -> list[Delivery]:
        """The endpoint's delivery log, newest first."""
        ...
    def due_pages(self, now: datetime) -> Iterator[list[DueWebhook]]: ...


class AddressResolver(Protocol):
    def addresses(self, host: str) -> list[str]:
        """Every address the host name resolves to now (empty: it does not resolve)."""
        ...


class WebhookTransport(Protocol):
    def post(self, url: str, address: str | None, body: bytes, headers: dict[str, str]) -> int:
        """POST to `url`, connecting to `address` (one the check let through) when given, never following a
        redirect; the HTTP status, or OSError when nothing answered in time."""
        ...
