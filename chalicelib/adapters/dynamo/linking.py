"""Phone linking's merge: the phone-only customer's bookings (with their entries in the store's search index)
and vehicles move to the WeChat customer in transactions of at most CHUNK items, each item conditioned on what
was read (a booking on its version and owner, a vehicle on its owner). The first transaction claims the
phone-only customer for the target and moves what staff kept in its file and the rebooking it is owed (each
customer conditioned on the file as read), so two WeChat customers can never split it between them and no
edit of either file is overwritten unseen; a failed condition leaves the rest for a re-read."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition

from ...domain.booking.booking import Booking
from ...domain.people.linking import MergePlan
from . import keys
from . import search as search_index
from .linking_file import claim_file, file_held, file_moved, rebooking_moved
from .models import BookingModel, CustomerModel, VehicleModel
from .transaction import Transaction, run

CHUNK = 90  # TransactWriteItems takes 100 items; two are the customers


def _booking(tx: Transaction, plan: MergePlan, booking: Booking) -> None:
    """The booking, and its search entries refiled under the target (the same terms: each put replaces one)."""
    version = booking.version
    read_at: Condition = (BookingModel.version == version) if version else (
        BookingModel.version.does_not_exist() | (BookingModel.version == 0))
    tx.update("booking", BookingModel(booking.booking_id), [
        BookingModel.customer_id.set(plan.target_id),
        BookingModel.customer_key.set(keys.customer_key(plan.chain_id, plan.target_id)),
        BookingModel.version.set(version + 1),
    ], read_at & (BookingModel.customer_id == plan.source_id))
    for entry in search_index.entries(replace(booking, customer_id=plan.target_id)):
        tx.put("search", entry)


def _weight(item: Booking | str) -> int:
    """The transaction items a move takes: a vehicle one, a booking one and one per search entry."""
    return 1 + len(search_index.entries(item)) if isinstance(item, Booking) else 1


def _chunks(items: list[Booking | str]) -> list[list[Booking | str]]:
    chunks: list[list[Booking | str]] = [[]]
    weight = 0
    for item in items:
        if weight + _weight(item) > CHUNK and chunks[-1]:
            chunks.append([])
            weight = 0
        chunks[-1].append(item)
        weight += _weight(item)
    return chunks


def _vehicle(tx: Transaction, plan: MergePlan, plate: str) -> None:
    tx.update("vehicle", VehicleModel(plan.chain_id, plate), [VehicleModel.customer_id.set(plan.target_id)],
              VehicleModel.customer_id == plan.source_id)


def _claim(tx: Transaction, plan: MergePlan) -> None:
    """The phone-only customer now belongs to the target; its lapse stages end (the target's go on); its file
    and the rebooking it is owed go to the target (conditioned on what was read of them)."""
    actions: list[Any] = [CustomerModel.merged_into.set(plan.target_id), CustomerModel.lapse_stage.remove(),
                          CustomerModel.lapse_at.remove(), CustomerModel.lapse_day.remove()]
    condition = CustomerModel.openid.does_not_exist() & (
        CustomerModel.merged_into.does_not_exist() | (CustomerModel.merged_into == plan.target_id))
    moved, held = claim_file(plan)
    tx.update("source", CustomerModel(plan.chain_id, plan.source_id), actions + moved, condition & held)


def _adopt(tx: Transaction, plan: MergePlan) -> None:
    actions: list[Any] = [CustomerModel.name.set(CustomerModel.name | plan.name)] if plan.name else []
    actions.append(CustomerModel.active_bookings.set(CustomerModel.active_bookings | 0))
    actions += file_moved(plan) + rebooking_moved(plan)
    tx.update("target", CustomerModel(plan.chain_id, plan.target_id), actions,
              CustomerModel.customer_id.exists() & file_held(plan))


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
        items: list[Booking | str] = [*plan.bookings, *self._owned_plates(plan)]
        chunks = _chunks(items)
        for index, chunk in enumerate(chunks):
            def build(tx: Transaction, chunk: list[Booking | str] = chunk, index: int = index) -> None:
                if index == 0:
                    _claim(tx, plan)
                    _adopt(tx, plan)
                for item in chunk:
                    if isinstance(item, Booking):
                        _booking(tx, plan, item)
                    else:
                        _vehicle(tx, plan, item)

            try:
                failed = run(self._connection, build)
            except TransactWriteError as exc:  # still conflicting after the retries: the caller reads again
                if "TransactionConflict" not in [r.code if r else None for r in (exc.cancellation_reasons or [])]:
                    raise
                return False
            if failed:
                return False
        return True
