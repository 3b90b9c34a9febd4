"""The in-memory customers' contact hours, marketing consent, SMS opt-outs and file (a part of MemoryCustomers)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ...domain.contact_preference import Preferred
from ...domain.errors import Conflict
from ...domain.people.customer import Customer, phone_customer_id
from ...domain.people.customer_notes import EDITABLE, AuditEntry, FileNotes
from .state import MemoryState


class CustomerPreferences:
    _state: MemoryState

    def _record(self, chain_id: str, customer_id: str) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, chain_id: str, customer_id: str) -> Customer:
        raise NotImplementedError

    def set_contact_hours(self, chain_id: str, customer_id: str, window: Preferred | None) -> Customer:
        with self._state.lock:
            self._record(chain_id, customer_id)["contact_hours"] = window
        return self.get(chain_id, customer_id)

    def set_marketing(self, chain_id: str, customer_id: str, agreed: bool, now: datetime) -> Customer:
        with self._state.lock:
            record = self._record(chain_id, customer_id)
            record.update(marketing=agreed, marketing_at=now)
            if agreed:
                record["sms_opt_out"] = False
        return self.get(chain_id, customer_id)

    def opt_out_phone(self, chain_id: str, phone: str, now: datetime) -> None:
        with self._state.lock:
            record = self._state.customers.setdefault((chain_id, phone_customer_id(chain_id, phone)),
                                                      {"created_at": now, "subscriptions": {}})
            record.update(phone=phone, sms_opt_out=True, marketing=False, marketing_at=now)

    def phone_opted_out(self, chain_id: str, phone: str) -> bool:
        with self._state.lock:
            record = self._state.customers.get((chain_id, phone_customer_id(chain_id, phone)))
            return bool(record and record.get("sms_opt_out"))

    def file(self, chain_id: str, customer_id: str) -> tuple[Customer, FileNotes]:
        with self._state.lock:
            record = dict(self._record(chain_id, customer_id))
        plates = set(record.get("file_plates", ())) | ({record["last_plate"]} if record.get("last_plate") else set())
        notes = FileNotes({n: record.get(f"file_{n}") for n in EDITABLE}, tuple(record.get("file_audit", ())),
                          tuple(sorted(record.get("file_linked", ()))), tuple(sorted(plates)))
        return self.get(chain_id, customer_id), notes

    def files(self, chain_id: str, customer_ids: Sequence[str]) -> dict[str, FileNotes]:
        with self._state.lock:
            known = [c for c in customer_ids if (chain_id, c) in self._state.customers]
        return {c: self.file(chain_id, c)[1] for c in known}

    def edit_file(self, chain_id: str, customer_id: str, before: FileNotes, changes: dict[str, str | None],
                  audit: tuple[AuditEntry, ...]) -> FileNotes:
        with self._state.lock:
            record = self._record(chain_id, customer_id)
            if record.get("merged_into") or any(record.get(f"file_{n}") != before.get(n) for n in changes):
                raise Conflict("the file changed meanwhile; reload it and edit again", field="customer_id",
                               code="file_changed")
            record.update({f"file_{n}": v for n, v in changes.items()}, file_audit=audit)
        return self.file(chain_id, customer_id)[1]

