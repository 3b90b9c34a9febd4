"""The in-memory customers' contact hours, marketing consent and SMS opt-outs (a part of MemoryCustomers)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ...domain.contact_preference import Preferred
from ...domain.people.customer import Customer, phone_customer_id
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
