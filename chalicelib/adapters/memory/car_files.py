"""The cars on file as the customer's file reads them (domain/floor/ports.py CarFiles), from the memory state."""
from __future__ import annotations

from collections.abc import Iterable

from ...domain.floor.cars_on_file import CarOnFile, history_of
from .state import MemoryState


class MemoryCarFiles:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def cars(self, chain_id: str, plates: Iterable[str]) -> list[CarOnFile]:
        with self._state.lock:
            found = [(plate, dict(self._state.vehicles[(chain_id, plate)])) for plate in plates
                     if (chain_id, plate) in self._state.vehicles]
        return [CarOnFile(plate, r["customer_id"], r.get("model") or "", int(r.get("mileage") or 0),
                          history_of(r.get("history", ()))) for plate, r in found]
