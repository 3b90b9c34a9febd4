"""The evening run: each store's figures for the day (docs/product-rules.md#daily-report), stored, and
tomorrow's preparation digest (bookings with advisor, parts and bay needs) for the store's staff
(docs/product-rules.md#preparation-digest), both delivered to the store's managers
(docs/product-rules.md#report-delivery). From November on, while next year's official holiday schedule is
missing, the report carries a warning and the run emits the HolidayScheduleMissing metric
(docs/product-rules.md#holiday-schedule)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from ...domain.booking.lifecycle import Status
from ...domain.booking.ports import BookingStore
from ...domain.floor.board import greeting_name
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock, Metrics, NoMetrics
from ...domain.reporting import report
from ...domain.reporting.ports import ReportStore
from ...domain.service_types import SERVICE_TYPES
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ...observability import HOLIDAY_SCHEDULE_MISSING
from .report_delivery import ReportDelivery

REPORT_AFTER = time(20, 0)  # store-local: the day's work is done
STAFF_FOR = timedelta(minutes=1)  # how long a worker reuses a chain's staff list


class DailyReportService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, reports: ReportStore, clock: Clock, *,
                 metrics: Metrics | None = None, delivery: ReportDelivery | None = None) -> None:
        self._stores, self._bookings, self._reports, self._clock = stores, bookings, reports, clock
        self._metrics, self._delivery = metrics or NoMetrics(), delivery
        self._staff: dict[str, tuple[datetime, list[StaffMember]]] = {}

    def run(self) -> dict[str, int]:
        """Every store in one go (what the dispatcher and its workers do, item by item)."""
        counts = {"stores": 0, "reported": 0, "delivered": 0, "schedule_missing": 0}
        for store in self._evening_stores():
            counts["stores"] += 1
            for name, number in self.report(store).items():
                counts[name] += number
        return counts

    def _evening_stores(self) -> list[Store]:
        """The stores whose local evening has come (20:00 or later): hourly is enough, each store's day is
        stored once and its deliveries queued once, however often it comes round."""
        now = self._clock.now()
        return [s for s in self._stores.everywhere() if now.astimezone(s.tz).time() >= REPORT_AFTER]

    def due_items(self) -> Iterator[list[dict[str, str]]]:
        yield [{"chain_id": s.chain_id, "store_id": s.store_id} for s in self._evening_stores()]

    def work(self, item: dict[str, str]) -> str:
        """One store, as a worker does it."""
        done = self.report(self._stores.get(item["chain_id"], item["store_id"]))
        return "reported" if done["reported"] else "unchanged"

    def report(self, store: Store) -> dict[str, int]:
        """The store's day: figures, tomorrow's digest, its deliveries; the holiday warning when due."""
        now = self._clock.now()
        day = now.astimezone(store.tz).date()
        counts = {"reported": 0, "delivered": 0, "schedule_missing": 0}
        missing = day.year + 1 if calendar.official_schedule_missing(day, store.holiday_schedules) else None
        figures = report.day_figures(
            day, self._bookings.for_store_day(store.chain_id, store.store_id, day),
            timedelta(minutes=store.grace_minutes), now, store=store,
        ).to_json()
        if missing:
            counts["schedule_missing"] = 1
            figures["warnings"] = [{"code": "holiday_schedule_missing", "year": missing}]
            self._metrics.emit(HOLIDAY_SCHEDULE_MISSING.name, 1)
        tomorrow = self.digest(store, day + timedelta(days=1))
        counts["reported"] = int(self._reports.put_once(store.chain_id, store.store_id, day, figures, tomorrow, now))
        if self._delivery is not None:
            sent = self._delivery.deliver_day(store, day, figures, tomorrow, missing, self._staff_of(store.chain_id))
            counts["delivered"] = sent.get("sent", 0)
        return counts

    def _staff_of(self, chain_id: str) -> list[StaffMember]:
        """The chain's staff accounts, read once per chain and minute in this instance."""
        now = self._clock.now()
        cached = self._staff.get(chain_id)
        if cached is None or now - cached[0] > STAFF_FOR:
            assert self._delivery is not None
            cached = self._staff[chain_id] = (now, self._delivery.staff_of(chain_id))
        return cached[1]

    def digest(self, store: Store, day: date) -> list[dict[str, Any]]:
        """Tomorrow's bookings as the workshop prepares them: who, what, which advisor, parts, hours."""
        rows = []
        bookings = self._bookings.for_store_day(store.chain_id, store.store_id, day)
        for b in sorted(bookings, key=lambda b: b.start.timestamp() if b.start else 0.0):
            if b.status in (Status.CANCELLED, Status.NO_SHOW):
                continue
            kind = SERVICE_TYPES.get(b.service_type)
            rows.append({
                "time": b.start.astimezone(store.tz).strftime("%H:%M") if b.start else "",
                "customer": greeting_name(b.customer_name, b.honorific),
                "phone": b.customer_phone,
                "plate": b.plate,
                "service": kind.name_zh if kind else b.service_type,
                "category": kind.category.value if kind else "",
                "labour_hours": b.labour_hours,
                "advisor": b.advisor or "",
                "parts": b.parts_status or "",
                "priority": b.priority or "",
                "status": b.status.value,
            })
        return rows
