"""What store staff look at: their stores, the day's plan, the lobby board, the call list, the reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..domain import report
from ..domain.board import ON_BOARD
from ..domain.booking import Booking, first_event_at
from ..domain.errors import ValidationError
from ..domain.lifecycle import Status
from ..domain.ports import BookingStore, Clock, ReportStore, StoreCatalog, TaskStore
from ..domain.principal import Principal
from ..domain.staff import Role, StaffAccess
from ..domain.store import Store
from ..domain.tasks import CallTask

MAX_REPORT_DAYS = 31


@dataclass(frozen=True)
class PlanEntry:
    booking: Booking
    sla_overdue: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.booking.to_json(), "sla_overdue": self.sla_overdue}


@dataclass(frozen=True)
class DayPlan:
    store: Store
    day: date
    entries: list[PlanEntry]
    waiting_for_parts: list[Booking]


def plan_order(b: Booking) -> tuple[bool, float, bool, float]:
    """By slot; within a slot priority first (rework, recall, warranty, emergency, VIP), then first booked."""
    booked = first_event_at(b, "booked")
    return (b.start is None, b.start.timestamp() if b.start else 0.0, b.priority is None, booked.timestamp() if booked else 0.0)


class StaffDesk:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, tasks: TaskStore, reports: ReportStore,
                 clock: Clock) -> None:
        self._stores, self._bookings, self._tasks, self._reports, self._clock = stores, bookings, tasks, reports, clock

    def stores(self, who: StaffAccess) -> list[Store]:
        return [s for s in self._stores.of_chain(who.chain_id) if who.role is Role.CHAIN_ADMIN or s.store_id in who.store_ids]

    def store(self, who: StaffAccess, store_id: str) -> Store:
        who.ensure_store(store_id)
        return self._stores.get(who.chain_id, store_id)

    def today(self, store: Store) -> date:
        return self._clock.now().astimezone(store.tz).date()

    def day_plan(self, who: StaffAccess, store_id: str, day: date | None = None) -> DayPlan:
        """Two Queries: the store-day and the parts waitlist."""
        store = self.store(who, store_id)
        day = day or self.today(store)
        now = self._clock.now()
        bookings = sorted(self._bookings.for_store_day(who.chain_id, store_id, day), key=plan_order)
        entries = [PlanEntry(b, report.sla_missed(b, now) and b.status is Status.PENDING) for b in bookings]
        return DayPlan(store, day, entries, self._bookings.waiting_for_parts(who.chain_id, store_id))

    def board(self, viewer: Principal, store_id: str) -> tuple[Store, list[Booking], datetime]:
        """Today's jobs still ahead or in the workshop, in time order (finished, cancelled and no-shows left off),
        and now."""
        store = self._stores.get(viewer.chain_id, store_id)
        now = self._clock.now()
        bookings = self._bookings.for_store_day(viewer.chain_id, store.store_id, now.astimezone(store.tz).date())
        shown = [b for b in bookings if b.status in ON_BOARD]
        return store, sorted(shown, key=plan_order), now

    def report(self, who: StaffAccess, store_id: str, first: date, last: date) -> list[report.DayFigures]:
        """One Query per day in the range."""
        who.ensure_role(Role.CHAIN_ADMIN, Role.STORE_MANAGER)
        store = self.store(who, store_id)
        if last < first:
            raise ValidationError("to must not be before from", field="to")
        if (last - first).days >= MAX_REPORT_DAYS:
            raise ValidationError(f"a report covers at most {MAX_REPORT_DAYS} days", field="to")
        now = self._clock.now()
        grace = timedelta(minutes=store.grace_minutes)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        return [report.day_figures(d, self._bookings.for_store_day(who.chain_id, store_id, d), grace, now) for d in days]

    def daily_reports(self, who: StaffAccess, store_id: str, first: date, last: date) -> list[dict[str, Any]]:
        """What the evening run stored: each day's figures and the next day's preparation digest."""
        self.store(who, store_id)
        return self._reports.between(who.chain_id, store_id, first, last)

    def tasks(self, who: StaffAccess, store_id: str) -> list[CallTask]:
        self.store(who, store_id)
        return self._tasks.open_for_store(who.chain_id, store_id)

    def close_task(self, who: StaffAccess, store_id: str, task_id: str, note: str | None) -> CallTask:
        self.store(who, store_id)
        return self._tasks.close(who.chain_id, store_id, task_id, who.actor, self._clock.now(), note)
