"""In-memory fakes of the check-in ports: the stores' codes, and WeChat's mini-program code image."""
from __future__ import annotations

import threading

from ...domain.floor.arrivals import StoreCode
from ...domain.tenancy.chain import Chain


class MemoryStoreCodes:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_code: dict[str, StoreCode] = {}
        self._by_store: dict[tuple[str, str], StoreCode] = {}

    def of_store(self, chain_id: str, store_id: str) -> StoreCode | None:
        return self._by_store.get((chain_id, store_id))

    def by_code(self, code: str) -> StoreCode | None:
        return self._by_code.get(code)

    def add(self, code: StoreCode) -> StoreCode:
        with self._lock:
            kept = self._by_store.setdefault((code.chain_id, code.store_id), code)
            self._by_code[kept.code] = kept
            return kept


def fake_mp_code(chain: Chain, scene: str, page: str) -> bytes:
    """Not an image: the bytes name what a real code would carry."""
    return f"mp-code {chain.mp_appid} {page}?scene={scene}".encode()
