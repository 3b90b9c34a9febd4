"""The customer's file on the customer item (docs/product-rules.md#customer-file): read with the customer in
one GetItem, edited in one UpdateItem conditioned on the values the editor read."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ...domain.errors import Conflict, NotFound
from ...domain.people.customer import Customer
from ...domain.people.customer_notes import AuditEntry, FileNotes
from .conditional import applied
from .models import CustomerModel

ATTRIBUTES = {"address": CustomerModel.file_address, "notes": CustomerModel.file_notes,
               "leftovers": CustomerModel.file_leftovers}


def audit_json(audit: tuple[AuditEntry, ...]) -> str:
    """The trail as the item holds it (what a merge conditions on is written the same way)."""
    return json.dumps([e.to_json() for e in audit], ensure_ascii=False)


def notes_of(m: CustomerModel) -> FileNotes:
    entries = tuple(AuditEntry(datetime.fromisoformat(e["at"]), e["by"], e["field"], e.get("old"), e.get("new"))
                    for e in json.loads(m.file_audit or "[]"))
    plates = set(m.file_plates or ()) | ({m.last_plate} if m.last_plate else set())
    return FileNotes({name: getattr(m, attribute.attr_name) for name, attribute in ATTRIBUTES.items()}, entries,
                     tuple(sorted(m.file_linked or ())), tuple(sorted(plates)))


class CustomerFileItems:
    """Mixed into the customer repository (adapters/dynamo/customers.py)."""

    @staticmethod
    def _customer_of(m: CustomerModel) -> Customer:
        raise NotImplementedError

    def file(self, chain_id: str, customer_id: str) -> tuple[Customer, FileNotes]:
        try:
            m = CustomerModel.get(chain_id, customer_id, consistent_read=True)
        except CustomerModel.DoesNotExist:
            raise NotFound("no such customer", field="customer_id", code="customer_not_found") from None
        return self._customer_of(m), notes_of(m)

    def files(self, chain_id: str, customer_ids: Sequence[str]) -> dict[str, FileNotes]:
        keys = [(chain_id, customer_id) for customer_id in dict.fromkeys(customer_ids)]
        return {m.customer_id: notes_of(m) for m in CustomerModel.batch_get(keys)} if keys else {}

    def edit_file(self, chain_id: str, customer_id: str, before: FileNotes, changes: dict[str, str | None],
                  audit: tuple[AuditEntry, ...]) -> FileNotes:
        actions: list[Any] = [ATTRIBUTES[n].set(v) if v else ATTRIBUTES[n].remove() for n, v in changes.items()]
        actions.append(CustomerModel.file_audit.set(audit_json(audit)))
        condition: Any = CustomerModel.customer_id.exists() & CustomerModel.merged_into.does_not_exist()
        for name in changes:
            old = before.get(name)
            attribute = ATTRIBUTES[name]
            condition &= (attribute == old) if old is not None else attribute.does_not_exist()
        m = CustomerModel(chain_id, customer_id)
        if not applied(lambda: m.update(actions=actions, condition=condition)):
            raise Conflict("the file changed meanwhile; reload it and edit again", field="customer_id",
                           code="file_changed")
        return notes_of(m)
