"""Finding a store's bookings and their customers by what a caller at the counter says: a plate (with or
without its province character, or any part of it from the second character on), a phone number (whole, its
beginning or its last four digits) or a name.

Each booking is filed under a handful of normalized terms in its store's search index (written with the
booking, in the same transaction); what staff type is normalized the same way and looked up as the beginning
of a term, so one Query answers one keystroke (decision 0038).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .booking import Booking

# the provinces' one-character abbreviations a Chinese plate starts with (and 使/领 plates)
PROVINCES = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领港澳台")
_SEPARATORS = re.compile(r"[\s·•\-_.]+")
MIN_FRAGMENT = 2  # a plate part, a phone part: shorter matches too much to be worth a request
MAX_QUERY = 20


@dataclass(frozen=True)
class SearchHit:
    """One booking as the index holds it: enough to show it in a list and to start a new booking from it."""

    booking_id: str
    customer_id: str
    name: str
    phone: str
    plate: str
    model: str
    mileage: int
    service_type: str
    start: datetime | None
    honorific: str | None = None

    @staticmethod
    def of(b: Booking) -> SearchHit:
        return SearchHit(b.booking_id, b.customer_id, b.customer_name, b.customer_phone, b.plate, b.vehicle_model,
                         b.mileage, b.service_type, b.start, b.honorific)

    def to_json(self) -> dict[str, object]:
        return {"booking_id": self.booking_id, "customer_id": self.customer_id, "start": self.start.isoformat()
                if self.start else None, "service_type": self.service_type,
                "customer": {"name": self.name, "phone": self.phone, "honorific": self.honorific},
                "vehicle": {"plate": self.plate, "model": self.model, "mileage": self.mileage}}


def normalized(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def plate_terms(plate: str) -> set[str]:
    """The whole plate, and each of its endings of two characters or more without the province: "沪A88801" is
    found by "沪A8", "A888", "888" or "01"."""
    whole = normalized(plate)
    body = whole[1:] if whole[:1] in PROVINCES else whole
    return {whole} | {body[i:] for i in range(max(len(body) - MIN_FRAGMENT + 1, 0))}


def phone_terms(phone: str) -> set[str]:
    digits = re.sub(r"\D", "", phone)
    return {digits, digits[-4:]} if len(digits) >= 4 else ({digits} if digits else set())


def terms(b: Booking) -> frozenset[str]:
    """Every term a booking is filed under (none once erased: no name, phone or plate)."""
    found = plate_terms(b.plate) | phone_terms(b.customer_phone) | {normalized(b.customer_name)}
    return frozenset(t for t in found if t)


def refiled(before: Booking | None, after: Booking) -> bool:
    """Whether a change files the booking again: a new booking, or what the index holds of it changed."""
    return before is None or SearchHit.of(before) != SearchHit.of(after)


def query_term(text: str) -> str | None:
    """What staff typed as the beginning of a term; None when too short to look up (one letter or digit; a
    single Chinese character is a surname and is looked up)."""
    term = normalized(text)[:MAX_QUERY]
    if not term:
        return None
    if len(term) < MIN_FRAGMENT and not re.match(r"[\u4e00-\u9fff]", term):
        return None
    return term


def latest_first(hits: list[SearchHit]) -> list[SearchHit]:
    """Bookings with a time, latest first; those without one (waiting for parts, a queued walk-in) after."""
    timed = sorted((h for h in hits if h.start is not None), key=lambda h: h.start or datetime.min, reverse=True)
    return timed + [h for h in hits if h.start is None]


def customers_of(hits: list[SearchHit]) -> list[dict[str, object]]:
    """The customers behind the hits (in the hits' order), each with the vehicles they booked."""
    found: dict[str, dict[str, object]] = {}
    plates: dict[str, dict[str, dict[str, object]]] = {}
    for h in hits:
        if h.customer_id not in found:
            found[h.customer_id] = {"customer_id": h.customer_id, "name": h.name, "phone": h.phone,
                                    "honorific": h.honorific, "last_booking": h.booking_id}
            plates[h.customer_id] = {}
        plates[h.customer_id].setdefault(h.plate, {"plate": h.plate, "model": h.model, "mileage": h.mileage})
    return [{**c, "vehicles": list(plates[cid].values())} for cid, c in found.items()]
