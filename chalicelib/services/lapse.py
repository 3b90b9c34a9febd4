"""The daily lapse run: invitations at 3 months without a visit, a near-lost call at 6, lost at 9."""
from __future__ import annotations

from datetime import date, timedelta

from ..domain import invitations, lapse
from ..domain.customer import Customer
from ..domain.errors import NotFound
from ..domain.outbox import OutboxRecord
from ..domain.ports import BookingStore, Clock, CustomerStore, LapseStore, StoreCatalog, VehicleStore
from ..domain.tasks import CallTask
from .changes import Announcer


class LapseService:
    def __init__(self, stores: StoreCatalog, lapses: LapseStore, vehicles: VehicleStore,
                 customers: CustomerStore, notifier: Announcer | None, clock: Clock,
                 bookings: BookingStore | None = None) -> None:
        self._stores, self._lapses, self._vehicles, self._customers = stores, lapses, vehicles, customers
        self._notifier, self._clock, self._bookings = notifier, clock, bookings

    def _moot(self, kind: str, chain_id: str, customer: Customer | None, customer_id: str, plate: str | None) -> bool:
        """An invitation nobody should get: no consent (docs/product-rules.md#consent), or already booked
        (docs/product-rules.md#invitations). One Query of the customer's bookings, only for an invitation due."""
        if customer is not None and not customer.may_invite():
            return True
        booked = self._bookings.for_customer(chain_id, customer_id) if self._bookings is not None else []
        return invitations.answered(kind, booked, plate)

    def run(self) -> dict[str, int]:
        counts = self._customers_lapsing()
        for name, number in self._vehicles_due().items():
            counts[name] = counts.get(name, 0) + number
        return counts

    def _vehicles_due(self) -> dict[str, int]:
        """First-service and maintenance-due invitations, a week before the date."""
        now = self._clock.now()
        counts = {"first_service_due": 0, "maintenance_due": 0, "moot": 0}
        for due in self._vehicles.due(now):
            try:
                store = self._stores.get(due.chain_id, due.store_id or "")
                customer = self._customers.get(due.chain_id, due.customer_id)
            except NotFound:
                continue
            when = due.next_due or (
                lapse.add_months(date.fromisoformat(due.purchase_date), 3).isoformat() if due.purchase_date else None
            )
            message = OutboxRecord(
                dedupe_key=f"{due.chain_id}#{due.plate}#{due.kind}#{due.at}",
                chain_id=due.chain_id, customer_id=due.customer_id, kind=due.kind, store_id=store.store_id,
                context={"customer_name": customer.name or "", "store_name": store.name, "store_phone": store.phone,
                         "plate": due.plate, "service": "首保" if due.kind == "first_service_due" else "保养",
                         **({"due": when} if when else {}), **({"phone": customer.phone} if customer.phone else {})},
            )
            if self._moot(due.kind, due.chain_id, customer, due.customer_id, due.plate):
                self._vehicles.invite(due, None, now)
                counts["moot"] += 1
                continue
            if self._vehicles.invite(due, message, now):
                counts[due.kind] += 1
                if self._notifier is not None:
                    self._notifier.deliver_quietly(message.dedupe_key)
        return counts

    def _customer(self, chain_id: str, customer_id: str) -> Customer | None:
        try:
            return self._customers.get(chain_id, customer_id)
        except NotFound:
            return None

    def _customers_lapsing(self) -> dict[str, int]:
        now = self._clock.now()
        counts = {"due": 0, "invited": 0, "near_lost": 0, "lost": 0, "stale": 0, "moot": 0}
        for due in self._lapses.due(now):
            counts["due"] += 1
            try:
                store = self._stores.get(due.chain_id, due.home_store or "")
            except NotFound:
                counts["stale"] += 1
                continue
            visit = date.fromisoformat(due.last_visit) if due.last_visit else now.date()
            nxt = lapse.following(due.stage)
            next_at = lapse.stage_at(nxt, visit, store.tz, due.customer_id) if nxt else None
            message = task = None
            if due.stage == "invite":
                message = OutboxRecord(
                    dedupe_key=f"{due.chain_id}#{due.customer_id}#lapse_invitation#{due.last_visit}",
                    chain_id=due.chain_id, customer_id=due.customer_id, kind="lapse_invitation", store_id=store.store_id,
                    context={"customer_name": due.name, "store_name": store.name, "store_phone": store.phone,
                             "plate": due.last_plate or "", "service": "保养", "discount": store.recommended_discount,
                             # the date the invitation goes: a subscribe message's time field must not be empty
                             "due": now.astimezone(store.tz).date().isoformat(),
                             **({"phone": due.phone} if due.phone else {})},
                )
                if self._moot("lapse_invitation", due.chain_id, self._customer(due.chain_id, due.customer_id),
                              due.customer_id, None):
                    message = None  # the stage still advances: the customer is on the proactive list
                    counts["moot"] += 1
            elif due.stage == "near_lost":
                task = CallTask(due.chain_id, store.store_id, f"{due.customer_id}#near_lost#{due.last_visit}", "near_lost",
                                now + timedelta(days=1), now, due.name, due.phone, note=f"上次到店 {due.last_visit}")
            if not self._lapses.advance(due, lapse.TIER_OF[due.stage], nxt, next_at, message, task, now):
                counts["stale"] += 1
                continue
            counts[{"invite": "invited"}.get(due.stage, due.stage)] += 1
            if message is not None and self._notifier is not None:
                self._notifier.deliver_quietly(message.dedupe_key)
        return counts
