"""A chain's webhook endpoints and their deliveries (docs/product-rules.md#webhooks, decision 0035).

- An endpoint is a URL, the events it wants (booking/events.py's EVENT_TYPES) and its signing secrets: the
  current one and, after a rotation, the previous one until its overlap ends. A delivery is signed with every
  secret still in force, so a receiver holding either verifies it (Standard Webhooks: several signatures).
- Only public HTTPS addresses in deployed stages: the scheme, the host's form and every address its name
  resolves to are checked when the endpoint is saved and again at each delivery (a name may later resolve
  to an internal address). The local stage allows http and loopback, for a receiver on the same machine.
- A delivery is tried at once, then after each wait of RETRY_AFTER; after the last try it is failed, parked
  (the checks queue's dead letters, whose alarm fires) and can be replayed.
"""
from __future__ import annotations

import ipaddress
import secrets as random_secrets
from base64 import b64encode
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from ..booking.events import EVENT_TYPES
from ..errors import Conflict, DomainError, ValidationError

RETRY_AFTER: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30),
                                      timedelta(hours=2), timedelta(hours=8))
ATTEMPTS = len(RETRY_AFTER) + 1  # the first try and one after each wait
MAX_ENDPOINTS = 10  # per chain: an event's deliveries are made by one worker item
DEFAULT_OVERLAP = timedelta(hours=24)
MAX_OVERLAP = timedelta(days=7)
LOG_KEPT = 20  # attempts kept on a delivery's log


class WebhookParked(DomainError):
    """A delivery's last try failed: the work item is parked (refused) and the delivery waits for a replay."""

    code = "webhook_failed"


@dataclass(frozen=True)
class SigningSecret:
    secret: str  # "whsec_" + base64 of 32 random bytes (the Standard Webhooks form)
    created_at: datetime
    expires_at: datetime | None = None  # set when a newer secret replaced it: the end of the overlap


@dataclass(frozen=True)
class Endpoint:
    chain_id: str
    endpoint_id: str
    url: str
    events: tuple[str, ...]
    secrets: tuple[SigningSecret, ...]
    created_at: datetime
    description: str = ""

    def wants(self, event_type: str) -> bool:
        return event_type in self.events

    def signing_secrets(self, now: datetime) -> list[str]:
        return [s.secret for s in self.secrets if s.expires_at is None or s.expires_at > now]

    def to_json(self, now: datetime) -> dict[str, Any]:
        """What the admin sees: never a secret (shown once, when made)."""
        return {"endpoint_id": self.endpoint_id, "url": self.url, "events": list(self.events),
                "description": self.description, "created_at": self.created_at.isoformat(),
                "secrets_in_force": len(self.signing_secrets(now)),
                "previous_secret_expires_at": next((s.expires_at.isoformat() for s in self.secrets
                                                    if s.expires_at is not None and s.expires_at > now), None)}


@dataclass(frozen=True)
class Attempt:
    at: datetime
    outcome: str  # "delivered", "http_<status>", "refused_address", "unreachable"
    detail: str = ""


@dataclass(frozen=True)
class Delivery:
    """One event for one endpoint. Its id on the wire (`webhook-id`) is the event's: the same at every try."""

    chain_id: str
    endpoint_id: str
    event_id: str
    type: str
    payload: dict[str, Any]
    created_at: datetime
    status: str = "pending"  # pending | retry | delivered | failed
    attempts: int = 0
    next_at: datetime | None = None
    log: tuple[Attempt, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "type": self.type, "status": self.status, "attempts": self.attempts,
                "created_at": self.created_at.isoformat(),
                "next_at": self.next_at.isoformat() if self.next_at else None,
                "log": [{"at": a.at.isoformat(), "outcome": a.outcome, **({"detail": a.detail} if a.detail else {})}
                        for a in self.log]}


def new_secret() -> str:
    return "whsec_" + b64encode(random_secrets.token_bytes(32)).decode()


def checked_events(events: list[str]) -> tuple[str, ...]:
    if not events:
        raise ValidationError("name at least one event", field="events")
    unknown = [e for e in events if e not in EVENT_TYPES]
    if unknown:
        raise ValidationError(f"no event {unknown[0]!r}; events: {', '.join(EVENT_TYPES)}", field="events")
    return tuple(dict.fromkeys(events))


def address_refusal(url: str, addresses: list[str], *, deployed: bool) -> str | None:
    """Why `url` (whose host resolved to `addresses`) may not be called, or None. Deployed stages: https
    only, a name (not an address) and only public addresses; the local stage: http or https, any address."""
    parts = urlsplit(url)
    if parts.scheme not in (("https",) if deployed else ("https", "http")) or not parts.hostname:
        return "an https:// address is needed" if deployed else "an http(s):// address is needed"
    if parts.username or parts.password:
        return "no credentials in the address"
    if not deployed:
        return None
    if _is_literal(parts.hostname):
        return "a host name is needed, not an address"
    if not addresses:
        return "the host name does not resolve"
    private = next((a for a in addresses if not ipaddress.ip_address(a).is_global), None)
    return f"the host resolves to a non-public address ({private})" if private else None


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def checked_url(url: str, addresses: list[str], *, deployed: bool) -> str:
    if len(url) > 2048:
        raise ValidationError("the address is too long", field="url")
    reason = address_refusal(url, addresses, deployed=deployed)
    if reason is not None:
        raise ValidationError(reason, field="url", code="webhook_url_refused")
    return url


def rotated(endpoint: Endpoint, now: datetime, overlap: timedelta, fresh: str) -> Endpoint:
    """A new current secret; the previous current one stays in force for `overlap`, older ones end now."""
    if overlap < timedelta(0) or overlap > MAX_OVERLAP:
        raise ValidationError("the overlap is 0 to 168 hours", field="overlap_hours")
    kept = tuple(replace(s, expires_at=now + overlap if s.expires_at is None else min(s.expires_at, now))
                 for s in endpoint.secrets if s.expires_at is None or s.expires_at > now)
    return replace(endpoint, secrets=(SigningSecret(fresh, now), *kept))


def after_attempt(d: Delivery, now: datetime, outcome: str, detail: str = "") -> Delivery:
    """The delivery after one try: delivered, due again after its wait, or failed after the last one."""
    log = (*d.log, Attempt(now, outcome, detail[:200]))[-LOG_KEPT:]
    attempts = d.attempts + 1
    if outcome == "delivered":
        return replace(d, status="delivered", attempts=attempts, next_at=None, log=log)
    if attempts >= ATTEMPTS:
        return replace(d, status="failed", attempts=attempts, next_at=None, log=log)
    return replace(d, status="retry", attempts=attempts, next_at=now + RETRY_AFTER[attempts - 1], log=log)


def replayable(d: Delivery) -> Delivery:
    """A failed delivery put back for one more round of tries (its log kept); a delivered one is not sent
    again (its receiver has it)."""
    if d.status == "delivered":
        raise Conflict("this event was delivered; its receiver has it", field="event_id", code="already_delivered")
    return replace(d, status="pending", attempts=0, next_at=None)
