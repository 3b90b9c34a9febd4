"""In-memory fakes of the other stores: stores and chains, customers, lapse stages, vehicles, the outbox,
call tasks, staff accounts, daily reports. Each keeps the DynamoDB adapter's contract (conditions and all)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ...domain.errors import Conflict, NotFound
from ...domain.floor.tasks import CallTask
from ...domain.followup.campaigns import Recipient
from ...domain.followup.lapse import LapseDue
from ...domain.followup.maintenance import VehicleDue
from ...domain.messaging.outbox import OutboxRecord
from ...domain.people.customer import Customer, customer_id_for
from ...domain.people.staff import Role
from ...domain.people.staff_member import StaffMember
from ...domain.reporting.report import FirstServiceDue
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.store import Store
from .preferences import CustomerPreferences
from .state import MemoryState, put_message

CLAIM_SECONDS = 60


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _within(at: datetime, now: datetime, days: int) -> bool:
    """In one of the UTC day buckets from `days` ago to today, and due by now."""
    first = (now - timedelta(days=days)).astimezone(UTC).date()
    return first <= at.astimezone(UTC).date() and at <= now


class MemoryStores:
    def __init__(self) -> None:
        self._stores: dict[tuple[str, str], Store] = {}
        self._chains: dict[str, Chain] = {}

    def get(self, chain_id: str, store_id: str) -> Store:
        store = self._stores.get((chain_id, store_id))
        if store is None:
            raise NotFound(f"no store '{store_id}' in this chain", field="store_id", code="store_not_found")
        return store

    def of_chain(self, chain_id: str) -> list[Store]:
        return [s for (chain, _), s in sorted(self._stores.items()) if chain == chain_id]

    def everywhere(self) -> list[Store]:
        return [s for _, s in sorted(self._stores.items())]

    def put(self, store: Store) -> None:
        self._stores[(store.chain_id, store.store_id)] = store

    def get_chain(self, chain_id: str) -> Chain:
        if chain_id not in self._chains:
            raise NotFound(f"no chain '{chain_id}'", field="chain_id", code="chain_not_found")
        return self._chains[chain_id]

    def put_chain(self, chain: Chain) -> None:
        self._chains[chain.chain_id] = chain


class MemoryCustomers(CustomerPreferences):
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def sign_in(self, chain_id: str, openid: str, unionid: str | None, now: datetime) -> str:
        customer_id = customer_id_for(chain_id, openid)
        with self._state.lock:
            record = self._state.customers.setdefault((chain_id, customer_id), {"created_at": now, "subscriptions": {}})
            record["openid"] = openid
            if unionid:
                record["unionid"] = unionid
        return customer_id

    def _record(self, chain_id: str, customer_id: str) -> dict[str, Any]:
        record = self._state.customers.get((chain_id, customer_id))
        if record is None:
            raise NotFound("no such customer", field="customer_id", code="customer_not_found")
        return record

    def get(self, chain_id: str, customer_id: str) -> Customer:
        with self._state.lock:
            r = dict(self._record(chain_id, customer_id))
        return Customer(chain_id, customer_id, r.get("openid"), r.get("unionid"), r.get("name"), r.get("phone"),
                        r.get("preferred_channel"), dict(r.get("subscriptions", {})), bool(r.get("rebook_priority")),
                        r.get("oa_openid"), r.get("contact_hours"), bool(r.get("marketing")), bool(r.get("sms_opt_out")),
                        rebook_task=r.get("rebook_task"), new_time_task=r.get("new_time_task"))

    def spend_subscription(self, chain_id: str, customer_id: str, kind: str) -> bool:
        with self._state.lock:
            subscriptions = self._record(chain_id, customer_id).setdefault("subscriptions", {})
            if subscriptions.get(kind, 0) <= 0:
                return False
            subscriptions[kind] -= 1
            return True

    def spend_first(self, chain_id: str, customer_id: str, kind: str) -> Customer | None:
        with self._state.lock:
            record = self._state.customers.get((chain_id, customer_id))
            if record is None or not record.get("openid") or record.get("preferred_channel") == "sms":
                return None
            if not self.spend_subscription(chain_id, customer_id, kind):
                return None
        return self.get(chain_id, customer_id)

    def refund_subscription(self, chain_id: str, customer_id: str, kind: str) -> None:
        with self._state.lock:
            subscriptions = self._record(chain_id, customer_id).setdefault("subscriptions", {})
            subscriptions[kind] = subscriptions.get(kind, 0) + 1

    def zero_subscription(self, chain_id: str, customer_id: str, kind: str) -> None:
        with self._state.lock:
            self._record(chain_id, customer_id).setdefault("subscriptions", {})[kind] = 0

    def add_subscriptions(self, chain_id: str, customer_id: str, grants: dict[str, int]) -> dict[str, int]:
        with self._state.lock:
            subscriptions = self._record(chain_id, customer_id).setdefault("subscriptions", {})
            for kind, count in grants.items():
                subscriptions[kind] = subscriptions.get(kind, 0) + count
            return dict(subscriptions)


class MemoryLapses:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def due(self, now: datetime, lookback_days: int = 7) -> list[LapseDue]:
        with self._state.lock:
            records = list(self._state.customers.items())
        found = [
            LapseDue(chain, cid, r.get("name") or "", r.get("phone"), None, r["lapse_stage"], _iso(r["lapse_at"]),
                     r.get("last_visit"), r.get("home_store"), r.get("last_plate"))
            for (chain, cid), r in records
            if r.get("lapse_stage") and _within(r["lapse_at"], now, lookback_days)
        ]
        return sorted(found, key=lambda d: d.at)

    def advance(self, due: LapseDue, tier: str, next_stage: str | None, next_at: datetime | None,
                message: OutboxRecord | None, task: CallTask | None, now: datetime) -> bool:
        with self._state.lock:
            record = self._state.customers.get((due.chain_id, due.customer_id))
            if record is None or record.get("lapse_stage") != due.stage or _iso(record["lapse_at"]) != due.at:
                return False
            if (message and message.dedupe_key in self._state.outbox) or (
                    task and (task.chain_id, task.store_id, task.task_id) in self._state.tasks):
                return False
            record["lapse_tier"] = tier
            record["lapse_stage"], record["lapse_at"] = (next_stage, next_at) if next_stage and next_at else (None, None)
            if message is not None:
                put_message(self._state, message, now)
            if task is not None:
                self._state.tasks[(task.chain_id, task.store_id, task.task_id)] = task
            return True


class MemoryVehicles:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def due(self, now: datetime, lookback_days: int = 7) -> list[VehicleDue]:
        with self._state.lock:
            records = list(self._state.vehicles.items())
        found = [
            VehicleDue(chain, plate, r["customer_id"], r.get("store_id"), r["due_kind"], _iso(r["due_at"]),
                       r.get("next_due"), r.get("purchase_date"))
            for (chain, plate), r in records
            if r.get("due_kind") and _within(r["due_at"], now, lookback_days)
        ]
        return sorted(found, key=lambda d: d.at)

    def invite(self, due: VehicleDue, message: OutboxRecord | None, now: datetime, *,
               then: tuple[str, datetime] | None = None, task: CallTask | None = None) -> bool:
        with self._state.lock:
            record = self._state.vehicles.get((due.chain_id, due.plate))
            if record is None or record.get("due_kind") != due.kind or _iso(record["due_at"]) != due.at:
                return False
            if (message is not None and message.dedupe_key in self._state.outbox) or (
                    task and (task.chain_id, task.store_id, task.task_id) in self._state.tasks):
                return False
            record["due_kind"], record["due_at"] = then if then is not None else (None, None)
            if message is not None:
                put_message(self._state, message, now)
            if task is not None:
                self._state.tasks[(task.chain_id, task.store_id, task.task_id)] = task
            return True

    def last_service(self, chain_id: str, plate: str) -> tuple[str | None, int | None]:
        with self._state.lock:
            record = self._state.vehicles.get((chain_id, plate), {})
        return record.get("last_service_date"), record.get("last_service_mileage")

    def invitation_ahead(self, chain_id: str, plate: str) -> str | None:
        with self._state.lock:
            return self._state.vehicles.get((chain_id, plate), {}).get("due_kind")

    def holder(self, chain_id: str, plate: str) -> str | None:
        with self._state.lock:
            return self._state.vehicles.get((chain_id, plate), {}).get("customer_id")

    def cars_due(self, chain_id: str, store_id: str, kind: str, first: date, last: date) -> list[Recipient]:
        return _cars_due(self._state, chain_id, store_id, kind, first, last)

    def first_service_due(self, chain_id: str, store_id: str, first: date, last: date) -> list[FirstServiceDue]:
        with self._state.lock:
            records = [(plate, dict(r)) for (_, plate), r in self._state.vehicles.items()
                       if r.get("fs_store") == (chain_id, store_id) and first.isoformat() <= r["fs_due"] <= last.isoformat()]
        return sorted((FirstServiceDue(plate, date.fromisoformat(r["fs_due"]), _day(r.get("first_service_at")))
                       for plate, r in records), key=lambda v: (v.due, v.plate))


def _cars_due(state: MemoryState, chain_id: str, store_id: str, kind: str, first: date, last: date) -> list[Recipient]:
    """domain/followup/ports.py:VehicleStore.cars_due on the fakes."""
    store, due = ("md_store", "next_due") if kind == "maintenance" else ("fs_store", "fs_due")
    with state.lock:
        found = [Recipient(r["customer_id"], store_id, plate, due=date.fromisoformat(r[due]))
                 for (chain, plate), r in state.vehicles.items()
                 if chain == chain_id and r.get(store) == (chain_id, store_id) and r.get(due)
                 and first.isoformat() <= r[due] <= last.isoformat()
                 and not (kind == "first_service" and r.get("first_service_at"))]
    return sorted(found, key=lambda c: (c.due or first, c.plate))


class MemoryOutbox:
    def __init__(self, state: MemoryState) -> None:
        self._state = state

    def enqueue(self, record: OutboxRecord, now: datetime) -> bool:
        with self._state.lock:
            if record.dedupe_key in self._state.outbox:
                return False
            put_message(self._state, record, now)
            return True

    def get(self, dedupe_key: str) -> OutboxRecord | None:
        with self._state.lock:
            stored = self._state.outbox.get(dedupe_key)
        return stored.record if stored else None

    def claim(self, dedupe_key: str, now: datetime) -> OutboxRecord | None:
        with self._state.lock:
            stored = self._state.outbox.get(dedupe_key)
            if stored is None:
                return None
            status = stored.record.status
            abandoned = status == "sending" and stored.claimed_until is not None and stored.claimed_until < now
            if not (abandoned or (status in ("pending", "retry") and stored.next_attempt_at <= now)):
                return None
            stored.record = replace(stored.record, status="sending", attempts=stored.record.attempts + 1)
            stored.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
            return stored.record

    def _update(self, dedupe_key: str, *, due: bool, **fields: Any) -> None:
        with self._state.lock:
            stored = self._state.outbox[dedupe_key]
            stored.record = replace(stored.record, **fields)
            stored.due = due

    def sent(self, dedupe_key: str, channel: str, provider_id: str, now: datetime) -> None:
        self._update(dedupe_key, due=False, status="sent", channel=channel, provider_id=provider_id, error=None)

    def retry_at(self, dedupe_key: str, at: datetime, error: str) -> None:
        self._update(dedupe_key, due=True, status="retry", error=error)
        with self._state.lock:
            self._state.outbox[dedupe_key].next_attempt_at = at

    def failed(self, dedupe_key: str, error: str, channel: str | None) -> None:
        extra = {"channel": channel} if channel else {}
        self._update(dedupe_key, due=False, status="failed", error=error, **extra)

    def hold(self, dedupe_key: str, until: datetime, reason: str) -> None:
        with self._state.lock:
            stored = self._state.outbox[dedupe_key]
            stored.record = replace(stored.record, status="retry", error=reason, attempts=stored.record.attempts - 1,
                                    held_until=until.isoformat())
            stored.due, stored.next_attempt_at = True, until

    def drop(self, dedupe_key: str, reason: str) -> None:
        self._update(dedupe_key, due=False, status="dropped", error=reason)

    def due(self, now: datetime, days_back: int = 2) -> list[OutboxRecord]:
        with self._state.lock:
            stored = [s for s in self._state.outbox.values() if s.due and _within(s.next_attempt_at, now, days_back)]
        return [s.record for s in sorted(stored, key=lambda s: s.next_attempt_at)]

    def due_pages(self, now: datetime, days_back: int = 2, page: int = 100) -> Iterator[list[OutboxRecord]]:
        due = self.due(now, days_back)
        for first in range(0, len(due), page):
            yield due[first:first + page]


class MemoryStaff:
    def __init__(self) -> None:
        self._members: dict[tuple[str, str], StaffMember] = {}

    def get(self, chain_id: str, username: str) -> StaffMember | None:
        return self._members.get((chain_id, username))

    def create(self, member: StaffMember) -> None:
        if (member.chain_id, member.username) in self._members:
            raise Conflict(f"username '{member.username}' is taken", field="username", code="username_taken")
        self._members[(member.chain_id, member.username)] = member

    def of_chain(self, chain_id: str) -> list[StaffMember]:
        return sorted((m for (c, _), m in self._members.items() if c == chain_id), key=lambda m: m.username)

    def change(self, chain_id: str, username: str, *, role: str | None = None, store_ids: frozenset[str] | None = None,
               disabled: bool | None = None, password_hash: str | None = None, revoke: bool = True,
               display_name: str | None = None, days_off: frozenset[str] | None = None,
               password_change_required: bool | None = None) -> StaffMember:
        member = self._members.get((chain_id, username))
        if member is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
        member = replace(
            member, role=Role(role) if role is not None else member.role,
            store_ids=store_ids if store_ids is not None else member.store_ids,
            disabled=disabled if disabled is not None else member.disabled,
            display_name=display_name or member.display_name, days_off=member.days_off if days_off is None else days_off,
            password_hash=password_hash or member.password_hash, token_version=member.token_version + int(revoke),
            password_change_required=member.password_change_required if password_change_required is None
            else password_change_required)
        self._members[(chain_id, username)] = member
        return member

    def set_contact(self, chain_id: str, username: str, *, phone: str | None, oa_openid: str | None) -> StaffMember:
        member = self._members.get((chain_id, username))
        if member is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
        self._members[(chain_id, username)] = member = replace(member, phone=phone or None, oa_openid=oa_openid or None)
        return member

    def set_wecom(self, chain_id: str, username: str, *, userid: str | None,
                  notices: frozenset[str] | None) -> StaffMember:
        member = self._members.get((chain_id, username))
        if member is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
        self._members[(chain_id, username)] = member = replace(member, wecom_userid=userid or None, notices=notices)
        return member

    def delete(self, chain_id: str, username: str) -> None:
        if self._members.pop((chain_id, username), None) is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
