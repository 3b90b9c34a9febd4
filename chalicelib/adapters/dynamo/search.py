"""The store's search index in DynamoDB (models/search.py): its entries, written by the unit of work, and the
one Query a keystroke costs."""
from __future__ import annotations

from datetime import datetime

from ...domain.booking import search
from ...domain.booking.booking import Booking
from ...domain.booking.policy import BOOKING_RETENTION
from ...domain.booking.search import SearchHit
from .keys import store_key
from .models import SearchEntryModel

SEPARATOR = "#"  # after the term: no term holds it (normalized() keeps letters, digits and CJK only)


def entries(b: Booking, without: frozenset[str] = frozenset(), at: datetime | None = None) -> list[SearchEntryModel]:
    """The booking filed under each of its terms (but those `without`), kept as long as the booking is after its
    appointment (`at`, the change's moment, for one without: decision 0070)."""
    hit = SearchHit.of(b)
    anchor = b.start or at
    expires = anchor + BOOKING_RETENTION if anchor else None
    return [SearchEntryModel(store_key(b.chain_id, b.store_id), f"{term}{SEPARATOR}{b.booking_id}",
                             booking_id=b.booking_id, customer_id=hit.customer_id, name=hit.name, phone=hit.phone,
                             plate=hit.plate, model=hit.model or None, mileage=hit.mileage, service_type=hit.service_type,
                             start=hit.start.isoformat() if hit.start else None, honorific=hit.honorific,
                             expires_at=expires)
            for term in sorted(search.terms(b) - without)]


def _hit(m: SearchEntryModel) -> SearchHit:
    return SearchHit(m.booking_id, m.customer_id, m.name, m.phone, m.plate, m.model or "", int(m.mileage or 0),
                     m.service_type, datetime.fromisoformat(m.start) if m.start else None, m.honorific)


def find(chain_id: str, store_id: str, term: str, limit: int) -> list[SearchHit]:
    """One Query: the entries whose term begins with `term`, at most `limit` of them, one hit per booking."""
    found: dict[str, SearchHit] = {}
    for m in SearchEntryModel.query(store_key(chain_id, store_id), SearchEntryModel.term.startswith(term),
                                    limit=limit, page_size=limit):
        found.setdefault(m.booking_id, _hit(m))
    return list(found.values())

