"""The evening run: each store's figures for the day (docs/product-rules.md#daily-report), stored, and
tomorrow's preparation digest (bookings with advisor, parts and bay needs) for the store's staff
(docs/product-rules.md#preparation-digest), both delivered to the store's managers
(docs/product-rules.md#report-delivery). From November on, while next year's official holiday schedule is
missing, the report carries a warning and the run emits the HolidayScheduleMissing metric
(docs/product-rules.md#holiday-schedule)."""
from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from ..domain import calendar, report
from ..domain.board import greeting_name
from ..domain.lifecycle import Status
from ..domain.ports import BookingStore, Clock, Metrics, NoMetrics, ReportStore, StoreCatalog
from ..domain.service_types import SERVICE_TYPES
from ..domain.staff_member import StaffMember
from ..domain.store import Store
from ..observability import HOLIDAY_SCHEDULE_MISSING
from .report_delivery import ReportDelivery

REPORT_AFTER = time(20, 0)  # store-local: the day's work is done


class DailyReportService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, reports: ReportStore, clock: Clock, *,
                 metrics: Metrics | None = None, delivery: ReportDelivery | None = None) -> None:
        self._stores, self._bookings, self._reports, self._clock = stores, bookings, reports, clock
        self._metrics, self._delivery = metrics or NoMetrics(), delivery

    def run(self) -> dict[str, int]:
        """Hourly is enough: each store is reported once, the first run after 20:00 its local time; its
        deliveries are queued once (a later run finds them queued and sends nothing twice)."""
        now = self._clock.now()
        counts = {"stores": 0, "reported": 0, "delivered": 0, "schedule_missing": 0}
        staff: dict[str, list[StaffMember]] = {}  # chain -> its staff accounts, read once per run
        for store in self._stores.everywhere():
            counts["stores"] += 1
            local = now.astimezone(store.tz)
            if local.time() < REPORT_AFTER:
                continue
            day = local.date()
            missing = day.year + 1 if calendar.official_schedule_missing(day, store.holiday_schedules) else None
            figures = report.day_figures(
                day, self._bookings.for_store_day(store.chain_id, store.store_id, day),
                timedelta(minutes=store.grace_minutes), now,
            ).to_json()
            if missing:
                counts["schedule_missing"] += 1
                figures["warnings"] = [{"code": "holiday_schedule_missing", "year": missing}]
            tomorrow = self.digest(store, day + timedelta(days=1))
            if self._reports.put_once(store.chain_id, store.store_id, day, figures, tomorrow, now):
                counts["reported"] += 1
            if self._delivery is not None:
                if store.chain_id not in staff:
                    staff[store.chain_id] = self._delivery.staff_of(store.chain_id)
                sent = self._delivery.deliver_day(store, day, figures, tomorrow, missing, staff[store.chain_id])
                counts["delivered"] += sent.get("sent", 0)
        if counts["schedule_missing"]:
            self._metrics.emit(HOLIDAY_SCHEDULE_MISSING.name, counts["schedule_missing"])
        return counts

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
