"""The lobby boards' open WebSocket connections (decision 0040)."""
from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.models import Model


class BoardSocketModel(Model):
    """One open board connection. Key: `<chain>#<store>` and the connection id, so a store's connections are one
    Query; `expires_at` (the table's TTL) a little after API Gateway's two-hour limit on a connection."""

    class Meta:
        table_name = "board-sockets"

    store_key = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    until = UnicodeAttribute()  # ISO time after which no post goes to it
    expires_at = TTLAttribute()
