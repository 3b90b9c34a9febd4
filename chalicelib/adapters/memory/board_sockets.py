"""BoardSockets and a SocketPoster in memory: use-case tests and the local run (which has no WebSocket)."""
from __future__ import annotations

import threading
from datetime import datetime

from ...domain.floor.ports import SocketGone


class MemoryBoardSockets:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[str, str], dict[str, datetime]] = {}

    def add(self, chain_id: str, store_id: str, connection_id: str, until: datetime) -> None:
        with self._lock:
            self._items.setdefault((chain_id, store_id), {})[connection_id] = until

    def of_store(self, chain_id: str, store_id: str) -> dict[str, datetime]:
        with self._lock:
            return dict(self._items.get((chain_id, store_id), {}))

    def remove(self, chain_id: str, store_id: str, connection_ids: list[str]) -> None:
        with self._lock:
            known = self._items.get((chain_id, store_id), {})
            for connection_id in connection_ids:
                known.pop(connection_id, None)


class RecordingPoster:
    """Records what each connection was sent; a connection named in `gone` answers 410 Gone."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.gone: set[str] = set()

    def post(self, connection_id: str, message: str) -> None:
        if connection_id in self.gone:
            raise SocketGone(connection_id)
        self.sent.append((connection_id, message))
