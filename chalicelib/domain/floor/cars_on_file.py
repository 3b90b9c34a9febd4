"""The cars on file for a customer as their file shows them (docs/product-rules.md#customer-file): those of their
bookings and those imported from the dealer's DMS (decision 0036), each service the DMS recorded shown in the
visit history beside the bookings, marked as imported."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..booking.booking import Booking

IMPORTED = "dms"  # the source an imported service is marked with


@dataclass(frozen=True)
class PastService:
    """One service the DMS recorded: its day (ISO date), the mileage then, the jobs done."""

    day: str | None
    mileage: int | None
    jobs: str | None
    source: str = IMPORTED


@dataclass(frozen=True)
class CarOnFile:
    plate: str
    customer_id: str  # whom the car is on file for now
    model: str
    mileage: int
    history: tuple[PastService, ...] = ()


def theirs(cars: Iterable[CarOnFile], customer_ids: Iterable[str]) -> list[CarOnFile]:
    """The cars still on file for the customer (or a phone customer they took over): a car booked since by
    someone else is that customer's, with its history."""
    ids = set(customer_ids)
    return [c for c in cars if c.customer_id in ids]


def vehicles(bookings: list[Booking], cars: list[CarOnFile]) -> list[dict[str, Any]]:
    """Each car of their bookings as last booked (newest booking first), then the cars only the DMS knows; each
    marked `imported` when the DMS recorded services of it."""
    imported = {c.plate for c in cars if c.history}
    found: dict[str, dict[str, Any]] = {}
    for b in bookings:
        found.setdefault(b.plate, {"plate": b.plate, "model": b.vehicle_model, "mileage": b.mileage,
                                   "imported": b.plate in imported})
    for c in cars:
        found.setdefault(c.plate, {"plate": c.plate, "model": c.model, "mileage": c.mileage, "imported": bool(c.history)})
    return list(found.values())


def imported_visits(cars: Iterable[CarOnFile]) -> list[dict[str, Any]]:
    return [{"source": s.source, "booking_id": None, "store_id": None, "start": None, "date": s.day,
             "service_type": None, "service": s.jobs, "status": "completed", "plate": c.plate, "mileage": s.mileage,
             "jobs": s.jobs, "description": None, "work_notes": [], "price_estimate": None}
            for c in cars for s in c.history]


def newest_first(visits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Bookings and imported services by day, newest first (a booking without a time first; equal days keep
    their order)."""
    return sorted(visits, key=lambda v: v["date"] or "9999-12-31", reverse=True)


def history_of(entries: Iterable[Mapping[str, Any]]) -> tuple[PastService, ...]:
    """A car item's imported services, as the import wrote them ({date, mileage, jobs, source})."""
    return tuple(PastService(e.get("date"), int(e["mileage"]) if e.get("mileage") is not None else None,
                             e.get("jobs"), e.get("source") or IMPORTED) for e in entries)
