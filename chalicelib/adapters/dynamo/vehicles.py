"""Vehicles with an invitation ahead (first service, maintenance due), found by day bucket, claimed once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.connection import Connection
from pynamodb.transactions import TransactWrite

from . import keys
from .conditional import applied
from .models import OutboxModel, VehicleModel
from .outbox import OutboxRecord, new_model


@dataclass(frozen=True)
class VehicleDue:
    chain_id: str
    plate: str
    customer_id: str
    store_id: str | None
    kind: str
    at: str
    next_due: str | None
    purchase_date: str | None


class VehicleDueRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def due(self, now: datetime, lookback_days: int = 7) -> list[VehicleDue]:
        found = []
        for day in keys.utc_days(now, lookback_days):
            for m in VehicleModel.vehicle_due.query(day, VehicleModel.due_at <= keys.utc_iso(now)):
                found.append(VehicleDue(m.chain_id, m.plate, m.customer_id, m.store_id, m.due_kind, m.due_at,
                                        m.next_due, m.purchase_date))
        return found

    def invite(self, due: VehicleDue, message: OutboxRecord, now: datetime) -> bool:
        """Claim the invitation and queue its message in one transaction; False if another run did."""

        def write() -> None:
            with TransactWrite(connection=self._connection) as tx:
                tx.update(
                    VehicleModel(due.chain_id, due.plate),
                    actions=[VehicleModel.due_kind.remove(), VehicleModel.due_at.remove(), VehicleModel.due_day.remove()],
                    condition=(VehicleModel.due_kind == due.kind) & (VehicleModel.due_at == due.at),
                )
                tx.save(new_model(message, now), condition=OutboxModel.dedupe_key.does_not_exist())

        return applied(write)
