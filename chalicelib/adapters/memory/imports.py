"""In-memory DMS imports: jobs, the per-row write (on the shared customers and vehicles) and uploaded files."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...domain.booking.change import CustomerChange, VehicleChange
from ...domain.errors import NotFound
from ...domain.people.import_ports import ImportJob, history_key, written_by
from ...domain.ports import Clock
from .bookings import apply_customer, apply_vehicle
from .state import MemoryState


class MemoryImports:
    def __init__(self, state: MemoryState, clock: Clock) -> None:
        self._state, self._clock = state, clock
        self._jobs: dict[tuple[str, str], ImportJob] = {}

    def put(self, job: ImportJob) -> None:
        with self._state.lock:
            self._jobs[(job.chain_id, job.import_id)] = job

    def get(self, chain_id: str, import_id: str) -> ImportJob:
        with self._state.lock:
            found = self._jobs.get((chain_id, import_id))
        if found is None:
            raise NotFound("no such import", field="import_id", code="import_not_found")
        return found

    def advance(self, job: ImportJob, read_offset: int) -> bool:
        with self._state.lock:
            found = self._jobs.get((job.chain_id, job.import_id))
            if found is None or found.status != "queued" or found.offset != read_offset:
                return False
            self._jobs[(job.chain_id, job.import_id)] = job
            return True

    def apply_row(self, chain_id: str, customer_id: str, vin: str | None, customer: CustomerChange,
                  vehicle: VehicleChange, history: dict[str, Any]) -> str:
        with self._state.lock:
            record = self._state.vehicles.get((chain_id, vehicle.plate), {})
            if vin and record.get("vin") not in (None, vin):
                return "vin_mismatch"
            on_file = record.get("history", [])
            if written_by(on_file, history):
                return "imported"
            if any(history_key(e) == history_key(history) for e in on_file) \
                    or _older(record.get("last_service_date"), vehicle):
                return "unchanged"
            apply_vehicle(self._state.vehicles, chain_id, customer_id, vehicle)
            stored = self._state.vehicles[(chain_id, vehicle.plate)]
            stored["vin"] = vin or stored.get("vin")
            stored["history"] = [*stored.get("history", []), history]
            person = self._state.customers.get((chain_id, customer_id), {})
            if person.get("last_visit") and customer.last_visit and person["last_visit"] >= customer.last_visit:
                customer = replace(customer, last_visit=None, lapse_at=None)  # a later visit is on file
            apply_customer(self._state.customers, chain_id, customer_id, customer, self._clock.now())
            record = self._state.customers[(chain_id, customer_id)]
            record["file_plates"] = set(record.get("file_plates", ())) | {vehicle.plate}
            return "imported"


def _older(on_file: str | None, vehicle: VehicleChange) -> bool:
    return bool(on_file and vehicle.last_service_date and vehicle.last_service_date < on_file)


class MemoryUploads:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def upload_url(self, key: str, expires_seconds: int) -> str:
        return f"memory://uploads/{key}"

    def read(self, key: str) -> bytes:
        if key not in self.files:
            raise NotFound("nothing was uploaded for this import yet", field="file", code="not_uploaded")
        return self.files[key]
