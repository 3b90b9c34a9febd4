"""Phone linking's merge: the phone-only customer's bookings and vehicles move to the WeChat customer in
transactions of at most CHUNK items, each item conditioned on what was read (a booking on its version and
owner, a vehicle on its owner). The first transaction claims the phone-only customer for the target, so two
WeChat customers can never split it between them; a failed condition leaves the rest for a re-read."""
from __future__ import annotations

from datetime import datetime

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition

from ...domain.people.linking import MergePlan
from . import keys
from .models import BookingModel, CustomerModel, VehicleModel
from .transaction import Transaction, run

CHUNK = 90  # TransactWriteItems takes 100 items; two are the customers


def _booking(tx: Transaction, plan: MergePlan, booking_id: str, version: int) -> None:
    read_at: Condition = (BookingModel.version == version) if version else (
        BookingModel.version.does_not_exist() | (BookingModel.version == 0))
    tx.update("booking", BookingModel(booking_id), [
        BookingModel.customer_id.set(plan.target_id),
        BookingModel.customer_key.set(keys.customer_key(plan.chain_id, plan.target_id)),
        BookingModel.version.set(version + 1),
    ], read_at & (BookingModel.customer_id == plan.source_id))


def _vehicle(tx: Transaction, plan: MergePlan, plate: str) -> None:
    tx.update("vehicle", VehicleModel(plan.chain_id, plate), [VehicleModel.customer_id.set(plan.target_id)],
              VehicleModel.customer_id == plan.source_id)


def _claim(tx: Transaction, plan: MergePlan) -> None:
    """The phone-only customer now belongs to the target; its lapse stages end (the target's go on)."""
    tx.update("source", CustomerModel(plan.chain_id, plan.source_id), [
        CustomerModel.merged_into.set(plan.target_id), CustomerModel.lapse_stage.remove(),
        CustomerModel.lapse_at.remove(), CustomerModel.lapse_day.remove(),
    ], CustomerModel.openid.does_not_exist() & (
        CustomerModel.merged_into.does_not_exist() | (CustomerModel.merged_into == plan.target_id)))


def _adopt(tx: Transaction, plan: MergePlan) -> None:
    actions = [CustomerModel.name.set(CustomerModel.name | plan.name)] if plan.name else []
    actions.append(CustomerModel.active_bookings.set(CustomerModel.active_bookings | 0))
    tx.update("target", CustomerModel(plan.chain_id, plan.target_id), actions, CustomerModel.customer_id.exists())


class DynamoCustomerMerger:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _owned_plates(self, plan: MergePlan) -> list[str]:
        """The plan's plates whose vehicle is still the phone-only customer's (one GetItem each)."""
        owned = []
        for plate in plan.plates:
            try:
                if VehicleModel.get(plan.chain_id, plate).customer_id == plan.source_id:
                    owned.append(plate)
            except VehicleModel.DoesNotExist:
                continue
        return owned

    def merge(self, plan: MergePlan, now: datetime) -> bool:
        items: list[tuple[str, str, int]] = [("booking", b.booking_id, b.version) for b in plan.bookings]
        items += [("vehicle", plate, 0) for plate in self._owned_plates(plan)]
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)] or [[]]
        for index, chunk in enumerate(chunks):
            def build(tx: Transaction, chunk: list[tuple[str, str, int]] = chunk, index: int = index) -> None:
                if index == 0:
                    _claim(tx, plan)
                for kind, key, version in chunk:
                    if kind == "booking":
                        _booking(tx, plan, key, version)
                    else:
                        _vehicle(tx, plan, key)
                if index == len(chunks) - 1:
                    _adopt(tx, plan)

            try:
                failed = run(self._connection, build)
            except TransactWriteError as exc:  # still conflicting after the retries: the caller reads again
                if "TransactionConflict" not in [r.code if r else None for r in (exc.cancellation_reasons or [])]:
                    raise
                return False
            if failed:
                return False
        return True
