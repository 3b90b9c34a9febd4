"""The evening run: each store's figures for the day (docs/product-rules.md#daily-report), stored, and
tomorrow's preparation digest (bookings with advisor, parts and bay needs) for the store's staff
(docs/product-rules.md#preparation-digest), both delivered to the store's managers
(docs/product-rules.md#report-delivery). From November on, while next year's official holiday schedule is
missing, the report carries a warning and the run emits the HolidayScheduleMissing metric
(docs/product-rules.md#holiday-schedule).

Fanned out, the run keeps one cursor per time zone (`daily_report#<zone>`: "<report day>|<last store
enqueued>", or "<day>|~" once the day's last store is enqueued): each tick enqueues the stores after it, so a
dispatch limit delays stores but never starves them, and no store is enqueued twice for a day. Stores the
evening's ticks did not reach are enqueued the next day before 20:00, for the day they missed."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from ...domain.booking.lifecycle import Status
from ...domain.booking.ports import BookingStore
from ...domain.floor.board import greeting_name
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock, Metrics, NoMetrics, Watermarks
from ...domain.reporting import report
from ...domain.reporting.ports import ReportStore
from ...domain.service_types import SERVICE_TYPES
from ...domain.tenancy import calendar
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ...observability import HOLIDAY_SCHEDULE_MISSING
from .periodic_reports import PeriodicReports
from .report_delivery import ReportDelivery

REPORT_AFTER = time(20, 0)  # store-local: the day's work is done
STAFF_FOR = timedelta(minutes=1)  # how long a worker reuses a chain's staff list
CURSOR = "daily_report"  # "daily_report#<zone>": where the fanned-out run got to in that time zone
DONE = "~"  # sorts after every store key: the day's last store is enqueued


def _key(store: Store) -> str:
    return f"{store.chain_id}#{store.store_id}"


class DailyReportService:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, reports: ReportStore, clock: Clock,
                 cursors: Watermarks, *, metrics: Metrics | None = None, delivery: ReportDelivery | None = None,
                 periodic: PeriodicReports | None = None) -> None:
        self._stores, self._bookings, self._reports, self._clock = stores, bookings, reports, clock
        self._periodic = periodic  # the weekly and monthly reports, on the evening their period ends
        self._metrics, self._delivery, self._cursors = metrics or NoMetrics(), delivery, cursors
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
        """Per time zone and report day, the stores after the zone's cursor, in key order (one page each)."""
        zones: dict[str, list[Store]] = defaultdict(list)
        for store in self._stores.everywhere():
            zones[store.tz.key].append(store)
        for zone, stores in sorted(zones.items()):
            stores.sort(key=_key)
            for day, after in self._days(zone, self._clock.now().astimezone(stores[0].tz)):
                todo = [s for s in stores if _key(s) > after]
                if todo:
                    yield [{"chain_id": s.chain_id, "store_id": s.store_id, "day": day.isoformat(), "zone": zone,
                           "position": f"{day.isoformat()}|{DONE if s is todo[-1] else _key(s)}"} for s in todo]

    def _days(self, zone: str, local: datetime) -> list[tuple[date, str]]:
        """The report days due in a zone, each with the store key its stores follow: yesterday's if its
        evening was left unfinished, then today's once its evening has come."""
        day, _, after = (self._cursors.position(f"{CURSOR}#{zone}") or "").partition("|")
        today, days = local.date(), []
        if day == (today - timedelta(days=1)).isoformat() and after != DONE:
            days.append((today - timedelta(days=1), after))
        if local.time() >= REPORT_AFTER and not (day == today.isoformat() and after == DONE):
            days.append((today, after if day == today.isoformat() else ""))
        return days

    def enqueued(self, items: list[dict[str, str]]) -> None:
        """Each zone's cursor moves to the last of its stores enqueued."""
        last = {item["zone"]: item["position"] for item in items if "zone" in item}
        for zone, position in last.items():
            self._cursors.move(f"{CURSOR}#{zone}", position)

    def work(self, item: dict[str, str]) -> str:
        """One store, as a worker does it: the day the item names (a store reached after midnight reports the
        evening it missed)."""
        day = date.fromisoformat(item["day"]) if item.get("day") else None
        done = self.report(self._stores.get(item["chain_id"], item["store_id"]), day)
        return "reported" if done["reported"] else "unchanged"

    def report(self, store: Store, day: date | None = None) -> dict[str, int]:
        """The store's day (by default, today's): figures, the next day's digest, its deliveries; the holiday
        warning when due."""
        now = self._clock.now()
        day = day or now.astimezone(store.tz).date()
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
            if self._periodic is not None:
                counts["delivered"] += self._periodic.deliver(store, day, self._staff_of(store.chain_id)).get("sent", 0)
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
