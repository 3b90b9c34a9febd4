"""Reports over a date range, for one store (its manager or a chain admin) or the whole chain (chain admins):
every figure of docs/reports.md, per day and summed, with the first-service arrival rate.

Cost: one Query per store-day on the bookings' `by_store_day` index and one Query per store on the vehicles'
`first_service_due` index; nothing reads a whole table. A range is at most 31 days."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...domain.booking.ports import BookingStore
from ...domain.errors import ValidationError
from ...domain.followup.ports import VehicleStore
from ...domain.people.staff import Role, StaffAccess
from ...domain.ports import Clock
from ...domain.reporting import report
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from .complaint_summary import ComplaintSummaries

MAX_REPORT_DAYS = 31


def check_range(first: date, last: date) -> list[date]:
    if last < first:
        raise ValidationError("to must not be before from", field="to")
    if (last - first).days >= MAX_REPORT_DAYS:
        raise ValidationError(f"a report covers at most {MAX_REPORT_DAYS} days", field="to")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class ReportService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, vehicles: VehicleStore, clock: Clock, *,
                 complaints: ComplaintSummaries | None = None) -> None:
        self._stores, self._bookings, self._vehicles, self._clock = stores, bookings, vehicles, clock
        self._complaints = complaints

    def store_report(self, who: StaffAccess, store_id: str, first: date, last: date) -> dict[str, Any]:
        """A store's figures per day and over the range (totals)."""
        who.ensure_role(Role.CHAIN_ADMIN, Role.STORE_MANAGER)
        who.ensure_store(store_id)
        return self.of_store(self._stores.get(who.chain_id, store_id), first, last)

    def of_store(self, store: Store, first: date, last: date) -> dict[str, Any]:
        """A store's report as its manager reads it (the weekly and monthly deliveries send this)."""
        days = check_range(first, last)
        found = self._of_store(store, days)
        if self._complaints is not None:
            found["complaints"] = self._complaints.of_store(store, first, last)
        return found

    def chain_report(self, who: StaffAccess, first: date, last: date) -> dict[str, Any]:
        """Every store of the chain over the range, and the chain's totals recomputed from them."""
        who.ensure_role(Role.CHAIN_ADMIN)
        return self.of_chain(who.chain_id, first, last)

    def of_chain(self, chain_id: str, first: date, last: date) -> dict[str, Any]:
        """The chain report as its admins read it, with each store's and the chain's complaint summary."""
        days = check_range(first, last)
        of_chain = self._stores.of_chain(chain_id)
        stores = [self._of_store(store, days) for store in of_chain]
        rows: list[dict[str, Any]] = [{"store_id": s["store_id"], "name": s["name"], "totals": s["totals"]} for s in stores]
        found: dict[str, Any] = {"chain_id": chain_id, "from": first.isoformat(), "to": last.isoformat(), "stores": rows,
                                 "totals": report.combine(s["totals"] for s in stores)}
        if self._complaints is not None:
            per_store, found["complaints"] = self._complaints.of_stores(of_chain, first, last)
            for row in rows:
                row["complaints"] = per_store[row["store_id"]]
        return found

    def _of_store(self, store: Store, days: list[date]) -> dict[str, Any]:
        now = self._clock.now()
        grace = timedelta(minutes=store.grace_minutes)
        figures = [report.day_figures(d, self._bookings.for_store_day(store.chain_id, store.store_id, d), grace, now,
                                      store=store) for d in days]
        first_service = report.first_service(
            self._vehicles.first_service_due(store.chain_id, store.store_id, days[0], days[-1]), days[0], days[-1])
        return {"store_id": store.store_id, "name": store.name, "from": days[0].isoformat(), "to": days[-1].isoformat(),
                "days": [f.to_json() for f in figures], "totals": {**report.totals(figures), **first_service}}
