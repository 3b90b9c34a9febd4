"""The stores' check-in codes (domain/floor/arrivals.py)."""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model


class CheckInCodeModel(Model):
    """Key `code#<code>`: the store a scanned mini-program code names (one GetItem per scan). Key
    `store#<chain>#<store>`: that store's code, so it is made once and every poster carries the same one. Both
    hold the code, its store and the lobby board's secret."""

    class Meta:
        table_name = "checkin-codes"

    key = UnicodeAttribute(hash_key=True)
    code = UnicodeAttribute()
    chain_id = UnicodeAttribute()
    store_id = UnicodeAttribute()
    secret = UnicodeAttribute()
