"""A store's search index: its bookings filed under normalized plate, phone and name terms
(domain/booking/search.py, decision 0038)."""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model


class SearchEntryModel(Model):
    """Key: store "chain#store" + term "<term>#<booking id>"; a Query with begins_with(term, what was typed)
    answers a keystroke. Each entry holds the booking as a search hit, so nothing more is read. Written in the
    booking's own transaction whenever what it holds changes; removed with the customer's erasure."""

    class Meta:
        table_name = "search"

    store = UnicodeAttribute(hash_key=True)
    term = UnicodeAttribute(range_key=True)
    booking_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    phone = UnicodeAttribute()
    plate = UnicodeAttribute()
    model = UnicodeAttribute(null=True)
    mileage = NumberAttribute(default=0)
    service_type = UnicodeAttribute()
    start = UnicodeAttribute(null=True)  # ISO, with the store's offset
    honorific = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # the booking's (policy.BOOKING_RETENTION after its appointment): not kept longer
