"""In-memory ErasureStore: the DynamoDB adapter's contract over the fakes' shared state."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from ...domain.people.erasure import scrub_rows
from .reports import MemoryReports
from .state import MemoryState

ERASED = "erased"
UNSENT = ("pending", "retry")


class MemoryErasure:
    def __init__(self, state: MemoryState, reports: MemoryReports) -> None:
        self._state, self._reports = state, reports

    def forget_messages(self, chain_id: str, customer_id: str) -> int:
        with self._state.lock:
            theirs = [s for s in self._state.outbox.values()
                      if (s.record.chain_id, s.record.customer_id) == (chain_id, customer_id)]
            for stored in theirs:
                unsent = stored.record.status in UNSENT
                stored.record = replace(stored.record, context={}, customer_id=ERASED,
                                        status="dropped" if unsent else stored.record.status)
                stored.due = stored.due and not unsent
        return len(theirs)

    def forget_tasks(self, chain_id: str, store_id: str, concerning: str, now: datetime) -> int:
        changed = 0
        with self._state.lock:
            for key, task in list(self._state.tasks.items()):
                if key[:2] != (chain_id, store_id) or not task.task_id.startswith(concerning):
                    continue
                if task.customer_name is None and task.customer_phone is None and task.note is None and not task.is_open:
                    continue
                closed = {} if not task.is_open else {"done_at": now, "done_by": ERASED}
                self._state.tasks[key] = replace(task, customer_name=None, customer_phone=None, note=None,
                                                 contact_preference=None, **closed)
                changed += 1
        return changed

    def forget_in_reports(self, chain_id: str, store_id: str, days: Sequence[date], phones: frozenset[str],
                          plates: frozenset[str]) -> int:
        changed = 0
        for day in sorted(set(days)):
            report = self._reports.stored(chain_id, store_id, day)
            if report is None:
                continue
            digest = scrub_rows(report["digest"], phones, plates)
            if digest is not None:
                report["digest"] = digest
                changed += 1
        return changed

    def forget_vehicles(self, chain_id: str, customer_id: str, plates: frozenset[str]) -> int:
        with self._state.lock:
            theirs = [p for p in plates if self._state.vehicles.get((chain_id, p), {}).get("customer_id") == customer_id]
            for plate in theirs:
                del self._state.vehicles[(chain_id, plate)]
        return len(theirs)

    def forget_coupon_claims(self, chain_id: str, customer_id: str) -> int:
        with self._state.lock:
            theirs = [key for key in self._state.coupon_uses if (key[0], key[2]) == (chain_id, customer_id)]
            for key in theirs:
                del self._state.coupon_uses[key]
        return len(theirs)

    def forget_customer(self, chain_id: str, customer_id: str) -> bool:
        with self._state.lock:
            return self._state.customers.pop((chain_id, customer_id), None) is not None
