"""In-memory fakes of what WeChat's server push and phone linking need: customers found by unionid or
official-account openid, the replay store of pushes, the follower and phone-number look-ups."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ...domain.errors import NotConfigured, ValidationError
from ...domain.people.customer import Customer
from ...domain.people.customer_notes import EDITABLE, FileNotes
from ...domain.people.linking import MergePlan
from ...domain.tenancy.chain import Chain
from .records import MemoryCustomers
from .state import MemoryState


class MemoryLinkedCustomers(MemoryCustomers):
    """MemoryCustomers with the look-ups the DynamoDB adapter answers from its unionid and openid indexes."""

    def get(self, chain_id: str, customer_id: str) -> Customer:
        found = super().get(chain_id, customer_id)
        with self._state.lock:
            record = self._state.customers[(chain_id, customer_id)]
            return replace(found, phone_verified_at=record.get("phone_verified_at"), merged_into=record.get("merged_into"))

    def verify_phone(self, chain_id: str, customer_id: str, phone: str, now: datetime) -> None:
        with self._state.lock:
            record = self._record(chain_id, customer_id)
            record["phone"], record["phone_verified_at"] = phone, now.isoformat()

    def find(self, chain_id: str, customer_id: str) -> Customer | None:
        with self._state.lock:
            known = (chain_id, customer_id) in self._state.customers
        return self.get(chain_id, customer_id) if known else None

    def _first(self, chain_id: str, attribute: str, value: str) -> Customer | None:
        with self._state.lock:
            ids = sorted((r.get("openid") is None, cid) for (chain, cid), r in self._state.customers.items()
                         if chain == chain_id and r.get(attribute) == value)
        return self.get(chain_id, ids[0][1]) if ids else None

    def by_unionid(self, chain_id: str, unionid: str) -> Customer | None:
        return self._first(chain_id, "unionid", unionid)

    def by_official_account(self, chain_id: str, oa_openid: str) -> Customer | None:
        return self._first(chain_id, "oa_openid", oa_openid)

    def link_official_account(self, chain_id: str, customer_id: str, oa_openid: str | None) -> bool:
        with self._state.lock:
            record: dict[str, Any] | None = self._state.customers.get((chain_id, customer_id))
            if record is None:
                return False
            if oa_openid:
                record["oa_openid"] = oa_openid
            else:
                record.pop("oa_openid", None)
            return True


class MemoryCustomerMerger:
    """All of the plan or nothing, under the state's one lock, with the DynamoDB merger's conditions."""

    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def _holds(self, plan: MergePlan) -> bool:
        source = self._state.customers.get((plan.chain_id, plan.source_id))
        if source is None or source.get("openid") or source.get("merged_into") not in (None, plan.target_id):
            return False
        target = self._state.customers.get((plan.chain_id, plan.target_id))
        if target is None or not self._file_as_read(source, plan.source_file) or not self._rebooking_as_read(source, plan):
            return False
        if plan.file is not None and not self._file_as_read(target, plan.target_file):
            return False
        for booking in plan.bookings:
            stored = self._state.bookings.get(booking.booking_id)
            if stored is None or stored.booking.version != booking.version or \
                    stored.booking.customer_id != plan.source_id:
                return False
        return True

    @staticmethod
    def _file_as_read(record: dict[str, Any], notes: FileNotes | None) -> bool:
        return notes is None or (all(record.get(f"file_{n}") == notes.get(n) for n in EDITABLE)
                                 and tuple(record.get("file_audit", ())) == notes.audit)

    @staticmethod
    def _rebooking_as_read(record: dict[str, Any], plan: MergePlan) -> bool:
        return (bool(record.get("rebook_priority")), record.get("rebook_task"), record.get("new_time_task")) == (
            plan.rebook_priority, plan.rebook_task, plan.new_time_task)

    @staticmethod
    def _move_file(source: dict[str, Any], target: dict[str, Any], plan: MergePlan) -> None:
        if plan.source_file is not None:
            for name in [f"file_{n}" for n in EDITABLE] + ["file_audit"]:
                source.pop(name, None)
        if plan.file is not None:
            target.update({f"file_{n}": plan.file.get(n) for n in EDITABLE}, file_audit=plan.file.audit,
                          file_linked=set(target.get("file_linked", ())) | set(plan.file.linked),
                          file_plates=set(target.get("file_plates", ())) | set(plan.file.plates))
        if plan.rebook_priority:
            target["rebook_priority"] = True
        for name in ("rebook_task", "new_time_task"):
            if getattr(plan, name) and not target.get(name):
                target[name] = getattr(plan, name)
            source.pop(name, None)
        source["rebook_priority"] = False

    def merge(self, plan: MergePlan, now: datetime) -> bool:
        with self._state.lock:
            if not self._holds(plan):
                return False
            source = self._state.customers[(plan.chain_id, plan.source_id)]
            source["merged_into"] = plan.target_id
            for name in ("lapse_stage", "lapse_at", "lapse_day"):
                source.pop(name, None)
            target = self._state.customers[(plan.chain_id, plan.target_id)]
            if plan.name and not target.get("name"):
                target["name"] = plan.name
            self._move_file(source, target, plan)
            for booking in plan.bookings:
                stored = self._state.bookings[booking.booking_id]
                stored.booking = replace(stored.booking, customer_id=plan.target_id, version=booking.version + 1)
            for plate in plan.plates:
                vehicle = self._state.vehicles.get((plan.chain_id, plate))
                if vehicle is not None and vehicle.get("customer_id") == plan.source_id:
                    vehicle["customer_id"] = plan.target_id
            self._state.writes += 1
            return True


class MemoryReplays:
    def __init__(self) -> None:
        self._held: dict[str, datetime] = {}

    def first_time(self, key: str, now: datetime, until: datetime) -> bool:
        held = self._held.get(key)
        if held is not None and held >= now:
            return False
        self._held[key] = until
        return True

    def forget(self, key: str) -> None:
        self._held.pop(key, None)


class FakeFollowers:
    """The official account's followers: openid -> unionid, as tests register them."""

    def __init__(self) -> None:
        self.unionids: dict[str, str] = {}

    def __call__(self, chain: Chain, oa_openid: str) -> str | None:
        return self.unionids.get(oa_openid)


def fake_phone(chain: Chain, code: str) -> str:
    """A phone-number code "phone-<mobile>" is that mobile; anything else is a bad code."""
    if not code.startswith("phone-") or not code[6:].isdigit():
        raise ValidationError("the phone-number code is invalid or already used", field="code", code="invalid_code")
    return code[6:]


class MemorySecrets:
    """Secret values by name, set by the test."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        self.values: dict[str, str] = dict(values or {})

    def get(self, name: str) -> str:
        if name not in self.values:
            raise NotConfigured("a secret this needs is missing or unreadable", code="secret_missing")
        return self.values[name]

    def put(self, name: str, value: str) -> str:
        """Each write is a new version, named `name:<n>` as SSM's selector names it."""
        version = 1 + sum(1 for known in self.values if known.rsplit(":", 1)[0] == name)
        self.values[f"{name}:{version}"] = value
        return f"{name}:{version}"
