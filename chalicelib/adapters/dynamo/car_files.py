"""The cars on file as the customer's file reads them (domain/floor/ports.py CarFiles): one BatchGetItem of the
vehicles table by plate, with the services the DMS import recorded on each (decision 0036)."""
from __future__ import annotations

from collections.abc import Iterable

from ...domain.floor.cars_on_file import CarOnFile, history_of
from .models import VehicleModel

MAX_CARS = 100  # a BatchGetItem's keys; a customer's file never names more


class DynamoCarFiles:
    def cars(self, chain_id: str, plates: Iterable[str]) -> list[CarOnFile]:
        keys = [(chain_id, plate) for plate in sorted(set(plates))][:MAX_CARS]
        found = {m.plate: m for m in VehicleModel.batch_get(keys)} if keys else {}
        return [CarOnFile(m.plate, m.customer_id, m.model or "", int(m.mileage or 0),
                          history_of(dict(e) for e in (m.history or ())))
                for m in (found[plate] for _, plate in keys if plate in found)]
