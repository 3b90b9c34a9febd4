"""Erasure outside the bookings (ports.ErasureStore): every item is found by its key or an index, never by reading a table.

Messages by the outbox's sparse by_customer index; call tasks by their id's prefix (a task's id begins with
the booking or customer it concerns, domain/floor/tasks.py:task_prefix); report rows by store and day; vehicles by plate.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ...domain.floor.tasks import TASK_RETENTION
from ...domain.people.erasure import scrub_rows
from .conditional import applied
from .keys import customer_key, store_key
from .models import CallTaskModel, CouponUseModel, CustomerModel, DailyReportModel, OutboxModel, VehicleModel

ERASED = "erased"
UNSENT = ("pending", "retry")


class ErasureRepository:
    def forget_messages(self, chain_id: str, customer_id: str) -> int:
        changed = 0
        found = [e.dedupe_key for e in OutboxModel.by_customer.query(customer_key(chain_id, customer_id))]  # keys only
        for m in OutboxModel.batch_get(found, consistent_read=True) if found else ():
            actions = [OutboxModel.context.set({}), OutboxModel.customer_id.set(ERASED), OutboxModel.customer_key.remove()]
            if m.status in UNSENT:
                actions += [OutboxModel.status.set("dropped"), OutboxModel.due_day.remove()]
            m.update(actions=actions)
            changed += 1
        return changed

    def forget_tasks(self, chain_id: str, store_id: str, concerning: str, now: datetime) -> int:
        changed = 0
        for m in CallTaskModel.query(store_key(chain_id, store_id), CallTaskModel.task_id.startswith(concerning)):
            if m.customer_name is None and m.customer_phone is None and m.note is None and m.open_key is None:
                continue
            actions = [CallTaskModel.customer_name.remove(), CallTaskModel.customer_phone.remove(),
                       CallTaskModel.note.remove(), CallTaskModel.contact_preference.remove()]
            if m.open_key is not None:
                actions += [CallTaskModel.open_key.remove(), CallTaskModel.done_at.set(now.isoformat()),
                            CallTaskModel.done_by.set(ERASED), CallTaskModel.track_key.remove(),
                            CallTaskModel.track_at.remove(), CallTaskModel.expires_at.set(now + TASK_RETENTION)]
            m.update(actions=actions)
            changed += 1
        return changed

    def forget_in_reports(self, chain_id: str, store_id: str, days: Sequence[date], phones: frozenset[str],
                          plates: frozenset[str]) -> int:
        changed = 0
        for day in sorted(set(days)):
            try:
                m = DailyReportModel.get(store_key(chain_id, store_id), day.isoformat())
            except DailyReportModel.DoesNotExist:
                continue
            digest = scrub_rows(m.digest or [], phones, plates)
            if digest is not None:
                m.update(actions=[DailyReportModel.digest.set(digest)])
                changed += 1
        return changed

    def forget_vehicles(self, chain_id: str, customer_id: str, plates: frozenset[str]) -> int:
        theirs = VehicleModel.customer_id == customer_id
        return sum(applied(lambda p=plate: VehicleModel(chain_id, p).delete(condition=theirs)) for plate in sorted(plates))

    def forget_coupon_claims(self, chain_id: str, customer_id: str) -> int:
        claims = CouponUseModel.query(chain_id, CouponUseModel.claim.startswith(f"{customer_id}#"), consistent_read=True)
        return sum(applied(lambda m=m: m.delete(condition=CouponUseModel.claim.exists())) for m in claims)

    def forget_customer(self, chain_id: str, customer_id: str) -> bool:
        return applied(lambda: CustomerModel(chain_id, customer_id).delete(condition=CustomerModel.customer_id.exists()))
