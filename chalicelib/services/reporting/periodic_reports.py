"""The weekly and monthly reports (docs/product-rules.md#periodic-reports): on the evening a week (Monday to
Sunday) or a calendar month ends, the store's report over it — the same figures, totals and complaint summary
as the staff report for that range — goes to the store's report recipients, and the chain report over it to
the chain's admins, each by the daily report's channels (official-account template, else SMS with a link to
the report in the staff console, whence the CSV).

Run by the daily report's worker for each store (so it is fanned out as that is); the chain report goes once
per chain and period: its outbox key is the same from every store of the chain, and a key already queued is
neither computed nor sent again."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from ...domain.messaging import staff_messages
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.ports import OutboxStore
from ...domain.people.staff import Role
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from .report_delivery import ReportDelivery
from .reports import ReportService

WEEKLY, MONTHLY = "weekly_report", "monthly_report"
CHAIN = "~chain"  # the store part of a chain report's outbox key


def periods_ending(day: date) -> list[tuple[str, date, date]]:
    """The report periods whose last day is `day`: the week (Monday to Sunday) on a Sunday, the month on its
    last day."""
    found = []
    if day.weekday() == 6:
        found.append((WEEKLY, day - timedelta(days=6), day))
    if (day + timedelta(days=1)).month != day.month:
        found.append((MONTHLY, day.replace(day=1), day))
    return found


def period_link(root: str, store_id: str | None, first: date, last: date) -> str:
    """The staff console's report view over the range (login required; it offers the CSV)."""
    query = {"view": "report", "from": first.isoformat(), "to": last.isoformat()}
    if store_id:
        query["store"] = store_id
    return f"{root.rstrip('/')}/staff/console?{urlencode(query)}"


class PeriodicReports:
    def __init__(self, stores: StoreCatalog, reports: ReportService, delivery: ReportDelivery, outbox: OutboxStore,
                 clock: Clock, *, link_root: str) -> None:
        self._stores, self._reports, self._delivery, self._outbox = stores, reports, delivery, outbox
        self._clock, self._link_root = clock, link_root

    def deliver(self, store: Store, day: date, staff: list[StaffMember]) -> dict[str, int]:
        """The store's (and, once, its chain's) reports of the periods ending on `day`; counts by outcome."""
        counts: dict[str, int] = {}
        for kind, first, last in periods_ending(day):
            if kind in store.report_kinds:
                found = self._reports.of_store(store, first, last)
                message = staff_messages.period_report(kind, store.name, first, last, found["totals"],
                                                       found.get("complaints"),
                                                       period_link(self._link_root, store.store_id, first, last))
                for member in self._delivery.recipients(store, staff):
                    self._send(self._record(store.chain_id, store.store_id, kind, last, member, message), counts)
            self._chain(store, kind, first, last, staff, counts)
        return counts

    def _chain(self, store: Store, kind: str, first: date, last: date, staff: list[StaffMember],
               counts: dict[str, int]) -> None:
        admins = [m for m in staff if m.role is Role.CHAIN_ADMIN and not m.disabled]
        if not admins or self._outbox.get(self._key(store.chain_id, CHAIN, kind, last, admins[0])) is not None:
            return
        found = self._reports.of_chain(store.chain_id, first, last)
        name = self._stores.get_chain(store.chain_id).name
        message = staff_messages.period_report(kind, name, first, last, found["totals"], found.get("complaints"),
                                               period_link(self._link_root, None, first, last))
        for member in admins:
            self._send(self._record(store.chain_id, None, kind, last, member, message), counts)

    def _send(self, record: OutboxRecord, counts: dict[str, int]) -> None:
        self._outbox.enqueue(record, self._clock.now())  # once: a second enqueue of the key does nothing
        outcome = self._delivery.deliver(record.dedupe_key).status
        counts[outcome] = counts.get(outcome, 0) + 1

    @staticmethod
    def _key(chain_id: str, store_part: str, kind: str, last: date, member: StaffMember) -> str:
        return f"{chain_id}#{store_part}#{staff_messages.outbox_kind(kind)}#{last.isoformat()}#{member.username}"

    def _record(self, chain_id: str, store_id: str | None, kind: str, last: date, member: StaffMember,
                message: staff_messages.StaffMessage) -> OutboxRecord:
        context: dict[str, Any] = {"title": message.title, "text": message.text, "link": message.link,
                                   "store": message.store, "day": message.day, "username": member.username,
                                   "phone": member.phone, "oa_openid": member.oa_openid,
                                   "wecom_userid": member.wecom_userid}
        if store_id:
            context["report_day"] = last.isoformat()  # noted on the store's stored report of that day
        return OutboxRecord(dedupe_key=self._key(chain_id, store_id or CHAIN, kind, last, member), chain_id=chain_id,
                            customer_id=f"staff:{member.username}", kind=staff_messages.outbox_kind(kind),
                            context={k: v for k, v in context.items() if v is not None}, store_id=store_id)
