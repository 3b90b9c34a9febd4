"""BoardSockets in DynamoDB: one item per open board connection under its store's key (one Query per push)."""
from __future__ import annotations

from datetime import datetime

from .models.board import BoardSocketModel


def _key(chain_id: str, store_id: str) -> str:
    return f"{chain_id}#{store_id}"


class BoardSocketRepository:
    def add(self, chain_id: str, store_id: str, connection_id: str, until: datetime) -> None:
        BoardSocketModel(_key(chain_id, store_id), connection_id, until=until.isoformat(), expires_at=until).save()

    def of_store(self, chain_id: str, store_id: str) -> dict[str, datetime]:
        return {item.connection_id: datetime.fromisoformat(item.until)
                for item in BoardSocketModel.query(_key(chain_id, store_id))}

    def remove(self, chain_id: str, store_id: str, connection_ids: list[str]) -> None:
        """One DeleteItem each (a push finds one or two gone at most; the role grants no BatchWriteItem)."""
        for connection_id in connection_ids:
            BoardSocketModel(_key(chain_id, store_id), connection_id).delete()
