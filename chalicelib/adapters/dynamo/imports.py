"""DMS import jobs, and one imported row's write on the customers and vehicles tables (decision 0036)."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from ...domain.booking.change import CustomerChange, VehicleChange
from ...domain.codec import decode, encode
from ...domain.errors import NotFound
from ...domain.people.import_ports import ImportJob, history_key, written_by
from ...domain.ports import Clock
from .models import CustomerModel, ImportJobModel, VehicleModel
from .unit_of_work import _customer, _vehicle


class _Actions:
    """Stands in for a transaction to collect the actions the unit of work's builders make for one item."""

    def __init__(self) -> None:
        self.actions: list[Action] = []
        self.condition: Condition | None = None

    def update(self, role: str, model: Model, actions: list[Action], condition: Condition | None = None) -> None:
        self.actions += actions
        self.condition = condition


class ImportRepository:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def put(self, job: ImportJob) -> None:
        ImportJobModel(job.chain_id, job.import_id, status=job.status, body=encode(job), offset=job.offset).save()

    def advance(self, job: ImportJob, read_offset: int) -> bool:
        held = (ImportJobModel.status == "queued") & (
            (ImportJobModel.offset == read_offset) | ImportJobModel.offset.does_not_exist())
        try:
            ImportJobModel(job.chain_id, job.import_id, status=job.status, body=encode(job),
                           offset=job.offset).save(condition=held)
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            return False
        return True

    def get(self, chain_id: str, import_id: str) -> ImportJob:
        try:
            return decode(ImportJobModel.get(chain_id, import_id, consistent_read=True).body, ImportJob)
        except ImportJobModel.DoesNotExist:
            raise NotFound("no such import", field="import_id", code="import_not_found") from None

    def apply_row(self, chain_id: str, customer_id: str, vin: str | None, customer: CustomerChange,
                  vehicle: VehicleChange, history: dict[str, Any]) -> str:
        """The vehicle first, conditioned on its VIN and on not holding this service or a later one; then the
        customer (created if new), whose lapse stages move only when this visit is later than theirs."""
        collected = _Actions()
        _vehicle(collected, chain_id, customer_id, vehicle)  # type: ignore[arg-type]
        key = history_key(history)
        actions = [*collected.actions, VehicleModel.history_keys.add({key}),
                   VehicleModel.history.set((VehicleModel.history | []).append([history]))]
        if not vehicle.model:  # the model's attributes a car on file always has
            actions.append(VehicleModel.model.set(VehicleModel.model | ""))
        if vehicle.mileage is None:
            actions.append(VehicleModel.mileage.set(VehicleModel.mileage | 0))
        if vin:
            actions.append(VehicleModel.vin.set(vin))
        condition = ~VehicleModel.history_keys.contains(key)
        if vin:
            condition &= VehicleModel.vin.does_not_exist() | (VehicleModel.vin == vin)
        if vehicle.last_service_date:
            condition &= (VehicleModel.last_service_date.does_not_exist()
                          | (VehicleModel.last_service_date <= vehicle.last_service_date))
        try:
            VehicleModel(chain_id, vehicle.plate).update(actions=actions, condition=condition)
        except UpdateError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
            found = VehicleModel.get(chain_id, vehicle.plate, consistent_read=True)
            if vin and found.vin not in (None, vin):
                return "vin_mismatch"
            return "imported" if written_by((dict(e) for e in found.history or ()), history) else "unchanged"
        self._customer(chain_id, customer_id, customer)
        return "imported"

    def _customer(self, chain_id: str, customer_id: str, change: CustomerChange) -> None:
        try:
            on_file = CustomerModel.get(chain_id, customer_id, consistent_read=True).last_visit
        except CustomerModel.DoesNotExist:
            on_file = None
        if on_file and change.last_visit and on_file >= change.last_visit:
            change = replace(change, last_visit=None, lapse_at=None)  # a later visit is on file
        collected = _Actions()  # one UpdateItem: a transaction of one item would only cost twice as much
        _customer(collected, chain_id, customer_id, change, self._clock.now())  # type: ignore[arg-type]
        if change.last_plate:  # the car is on the customer's file (domain/floor/cars_on_file.py)
            collected.actions.append(CustomerModel.file_plates.add({change.last_plate}))
        CustomerModel(chain_id, customer_id).update(actions=collected.actions, condition=collected.condition)
