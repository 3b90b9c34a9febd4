"""The customer's file as staff read it at the counter (docs/product-rules.md#customer-file): the customer,
what staff keep about them (people/customer_notes.py), and what their bookings say. Pure: the use case reads."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..booking.booking import Booking
from ..booking.complaints import COMPLAINT_EVENT, RESOLVED_EVENT
from ..booking.lifecycle import Status
from ..people.customer import Customer
from ..people.customer_notes import FileNotes
from . import cars_on_file
from .cars_on_file import CarOnFile
from .tasks import CallTask, task_prefix

_WORK_EVENTS = ("arrived", "in_service", "completed", "confirmed")  # steps whose notes say what was done


def _visit(b: Booking, lang_names: Mapping[str, str]) -> dict[str, Any]:
    done = [e.note for e in b.events if e.kind in _WORK_EVENTS and e.note]
    return {"source": "booking", "booking_id": b.booking_id, "store_id": b.store_id,
            "start": b.start.isoformat() if b.start else None, "date": b.start.date().isoformat() if b.start else None,
            "service_type": b.service_type, "service": lang_names.get(b.service_type, b.service_type),
            "status": b.status.value, "plate": b.plate, "mileage": b.mileage, "jobs": None,
            "description": b.description, "work_notes": done, "price_estimate": b.to_json()["price_estimate"]}


def _complaints(bookings: Iterable[Booking]) -> list[dict[str, Any]]:
    """Each complaint: what the customer answered (score and comment), its causes, open until resolved."""
    found = []
    for b in bookings:
        for i, e in enumerate(b.events):
            if e.kind == COMPLAINT_EVENT:
                said = b.events[i - 1].note if i else None  # the answer it was read from, just before it
                resolved = any(r.kind == RESOLVED_EVENT and r.at >= e.at for r in b.events)
                found.append({"booking_id": b.booking_id, "at": e.at.isoformat(), "said": said,
                              "causes": (e.note or "").split(","), "status": "closed" if resolved else "open"})
    return found


def _closed_tasks(bookings: Iterable[Booking]) -> list[dict[str, Any]]:
    """The calls closed from the customer's bookings, as their histories record them."""
    return [{"booking_id": b.booking_id, "at": e.at.isoformat(), "by": e.by, "what": e.note}
            for b in bookings for e in b.events if e.kind == "task_done"]


def wechat(customer: Customer) -> dict[str, bool]:
    """The linked WeChat identity, without its ids."""
    return {"linked": customer.openid is not None, "official_account": customer.oa_openid is not None,
            "phone_verified": customer.phone_verified_at is not None}


def shape(customer: Customer, notes: FileNotes, bookings: list[Booking], open_tasks: list[CallTask],
          service_names: Mapping[str, str], cars: Iterable[CarOnFile] = ()) -> dict[str, Any]:
    """The file as staff read it: `bookings` newest first, of the stores they reach; `open_tasks` the store's
    open calls (those about the customer, a phone-only customer they took over, or their bookings are shown);
    `cars` the cars read for them (those still on file for them are shown, with what the DMS recorded)."""
    mine_cars = cars_on_file.theirs(cars, (customer.customer_id, *notes.linked))
    ids = {b.booking_id for b in bookings}
    prefixes = tuple(task_prefix(c) for c in (customer.customer_id, *notes.linked))
    mine = [t for t in open_tasks if t.booking_id in ids or t.task_id.startswith(prefixes)]
    completed = [b for b in bookings if b.status is Status.COMPLETED]
    return {
        "customer_id": customer.customer_id, "name": customer.name, "phone": customer.phone,
        "address": notes.get("address"), "notes": notes.get("notes"), "leftovers": notes.get("leftovers"),
        "consent": {"marketing": customer.marketing, "sms_opt_out": customer.sms_opt_out},
        "wechat": wechat(customer),
        "vehicles": cars_on_file.vehicles(bookings, mine_cars),
        "visits": cars_on_file.newest_first([_visit(b, service_names) for b in bookings]
                                            + cars_on_file.imported_visits(mine_cars)),
        "last_visit": _visit(completed[0], service_names) if completed else None,
        "complaints": _complaints(bookings),
        "tasks": {"open": [t.to_json() for t in mine], "closed": _closed_tasks(bookings)},
        "audit": [e.to_json() for e in notes.audit],
    }
