"""The follow-up subdomain's ports: customers and vehicles due for a lapse or maintenance step."""
from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from ..floor.tasks import CallTask
from ..messaging.outbox import OutboxRecord
from ..reporting.report import FirstServiceDue
from .campaigns import Campaign, Recipient
from .lapse import LapseDue
from .maintenance import VehicleDue


class LapseStore(Protocol):
    def due(self, now: datetime, lookback_days: int = 7) -> list[LapseDue]: ...
    def advance(self, due: LapseDue, tier: str, next_stage: str | None, next_at: datetime | None,
                message: OutboxRecord | None, task: CallTask | None, now: datetime) -> bool: ...


class VehicleStore(Protocol):
    def due(self, now: datetime, lookback_days: int = 7) -> list[VehicleDue]: ...
    def invite(self, due: VehicleDue, message: OutboxRecord | None, now: datetime, *,
               then: tuple[str, datetime] | None = None, task: CallTask | None = None) -> bool:
        """Claim the due invitation and, in the same write, queue its message (None: claimed and dropped, it was
        moot), open its call task, and set what falls due next (`then`: kind and moment, e.g. the chase of a
        first-service invitation); False when another run claimed it first."""
        ...
    def last_service(self, chain_id: str, plate: str) -> tuple[str | None, int | None]: ...
    def invitation_ahead(self, chain_id: str, plate: str) -> str | None:
        """The kind of the car's invitation ahead (first_service_due, first_service_unanswered, maintenance_due),
        or None."""
        ...
    def holder(self, chain_id: str, plate: str) -> str | None:
        """The customer the car is on file for (the last one booked with it), or None for a car not on file."""
        ...
    def first_service_due(self, chain_id: str, store_id: str, first: date, last: date) -> list[FirstServiceDue]:
        """Vehicles recorded at the store whose first service falls due between first and last (dates)."""
        ...
    def cars_due(self, chain_id: str, store_id: str, kind: str, first: date, last: date) -> list[Recipient]:
        """The store's cars whose maintenance (kind "maintenance") or first service not yet done (kind
        "first_service") falls due between first and last, each with its holder: one Query of an index."""
        ...


class CampaignStore(Protocol):
    """A chain's campaigns (docs/product-rules.md#campaigns)."""

    def create(self, campaign: Campaign) -> bool:
        """False when the chain has a campaign of that id already."""
        ...
    def get(self, chain_id: str, campaign_id: str) -> Campaign: ...
    def of_chain(self, chain_id: str) -> list[Campaign]: ...
    def save(self, campaign: Campaign) -> None: ...
    def scheduled(self, until: datetime) -> list[Campaign]:
        """Every chain's scheduled campaigns whose send time is at or before `until`: one Query of an index."""
        ...
