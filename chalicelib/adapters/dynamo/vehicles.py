"""Vehicles with an invitation ahead (first service, maintenance due), found by day bucket, claimed once."""
from __future__ import annotations

from datetime import date, datetime

from pynamodb.connection import Connection
from pynamodb.expressions.update import Action

from ...domain.floor.tasks import CallTask
from ...domain.followup.campaigns import Recipient
from ...domain.followup.maintenance import VehicleDue
from ...domain.messaging.outbox import OutboxRecord
from ...domain.reporting.report import FirstServiceDue
from . import keys
from .models import VehicleModel
from .transaction import Transaction, run


class VehicleDueRepository:
    def __init__(self, connection: Connection, page_size: int | None = None) -> None:
        self._connection, self._page_size = connection, page_size

    def due(self, now: datetime, lookback_days: int = 7) -> list[VehicleDue]:
        found = []
        for day in keys.utc_days(now, lookback_days):
            for m in VehicleModel.vehicle_due.query(day, VehicleModel.due_at <= keys.utc_iso(now), page_size=self._page_size):
                found.append(VehicleDue(m.chain_id, m.plate, m.customer_id, m.store_id, m.due_kind, m.due_at,
                                        m.next_due, m.purchase_date))
        return found

    def invite(self, due: VehicleDue, message: OutboxRecord | None, now: datetime, *,
               then: tuple[str, datetime] | None = None, task: CallTask | None = None) -> bool:
        """Claim the invitation, queue its message, open its task and set what is due next in one transaction;
        False if another run did."""
        actions: list[Action] = [VehicleModel.due_kind.remove(), VehicleModel.due_at.remove(), VehicleModel.due_day.remove()]
        if then is not None:
            at = keys.utc_iso(then[1])
            actions = [VehicleModel.due_kind.set(then[0]), VehicleModel.due_at.set(at), VehicleModel.due_day.set(at[:10])]

        def build(tx: Transaction) -> None:
            tx.update("vehicle", VehicleModel(due.chain_id, due.plate), actions,
                      (VehicleModel.due_kind == due.kind) & (VehicleModel.due_at == due.at))
            if message is not None:
                tx.put_message(message, now)
            if task is not None:
                tx.put_task(task)

        return not run(self._connection, build)

    def last_service(self, chain_id: str, plate: str) -> tuple[str | None, int | None]:
        """The vehicle's last service (date, km) before this visit, for the pace of its next one."""
        try:
            m = VehicleModel.get(chain_id, plate)
        except VehicleModel.DoesNotExist:
            return None, None
        return m.last_service_date, int(m.last_service_mileage) if m.last_service_mileage is not None else None

    def invitation_ahead(self, chain_id: str, plate: str) -> str | None:
        """One GetItem of the vehicle's invitation kind only."""
        try:
            return VehicleModel.get(chain_id, plate, attributes_to_get=["due_kind"]).due_kind
        except VehicleModel.DoesNotExist:
            return None

    def holder(self, chain_id: str, plate: str) -> str | None:
        """One GetItem of the vehicle's owner only."""
        try:
            return VehicleModel.get(chain_id, plate, attributes_to_get=["customer_id"]).customer_id
        except VehicleModel.DoesNotExist:
            return None

    def cars_due(self, chain_id: str, store_id: str, kind: str, first: date, last: date) -> list[Recipient]:
        """One Query (paged) of the maintenance-due or the first-service index."""
        store, span = keys.store_key(chain_id, store_id), (first.isoformat(), last.isoformat())
        if kind == "maintenance":
            items = VehicleModel.maintenance_due.query(store, VehicleModel.next_due.between(*span),
                                                       page_size=self._page_size)
            return [Recipient(m.customer_id, store_id, m.plate, due=date.fromisoformat(m.next_due)) for m in items]
        items = VehicleModel.first_service_due.query(store, VehicleModel.fs_due.between(*span), page_size=self._page_size)
        return [Recipient(m.customer_id, store_id, m.plate, due=date.fromisoformat(m.fs_due)) for m in items
                if not m.first_service_at]

    def first_service_due(self, chain_id: str, store_id: str, first: date, last: date) -> list[FirstServiceDue]:
        """Vehicles whose first service falls due in the range at the store: one Query (paged)."""
        items = VehicleModel.first_service_due.query(
            keys.store_key(chain_id, store_id), VehicleModel.fs_due.between(first.isoformat(), last.isoformat()),
            page_size=self._page_size)
        return [FirstServiceDue(m.plate, date.fromisoformat(m.fs_due),
                                date.fromisoformat(m.first_service_at) if m.first_service_at else None) for m in items]
