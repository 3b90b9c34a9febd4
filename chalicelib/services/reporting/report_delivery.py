"""Delivering the evening run's daily report and preparation digest to the store's managers
(docs/product-rules.md#report-delivery): by official-account template message when the manager's staff
record has an official-account openid and the chain a `staff_report` template, else by SMS with a link to
the report. Each delivery is an outbox record keyed by chain, store, kind, day and recipient, so a run twice
delivers once; a delivery that cannot go now is retried by the outbox run (services/messaging/notify.py hands staff
kinds here). How each went is noted on the stored report, which the staff API shows."""
from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from ...domain.errors import NotFound
from ...domain.messaging import staff_messages, staff_notices
from ...domain.messaging.delivery import DeliveryError
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.ports import Channels, OutboxStore
from ...domain.people.ports import StaffStore
from ...domain.people.staff import Role
from ...domain.people.staff_member import StaffMember
from ...domain.ports import Clock
from ...domain.reporting.ports import ReportStore
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..messaging.notify import MAX_ATTEMPTS, RETRY_DELAYS, Delivery

log = logging.getLogger(__name__)
DAILY_KINDS = ("daily_report", "digest")
CHANNELS = ("wecom", "template", "sms")  # WeCom for a member who linked it (decision 0037), then as before
TEMPLATE_KIND = "staff_report"  # the chain's official-account template id for staff reports: oa_templates[...]


class ReportDelivery:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, outbox: OutboxStore, channels: Channels,
                 reports: ReportStore, clock: Clock, *, link_root: str) -> None:
        self._stores, self._staff, self._outbox, self._channels = stores, staff, outbox, channels
        self._reports, self._clock, self._link_root = reports, clock, link_root

    def staff_of(self, chain_id: str) -> list[StaffMember]:
        """The chain's staff accounts (one Query): the evening run reads them once per chain."""
        return self._staff.of_chain(chain_id)

    def recipients(self, store: Store, members: list[StaffMember] | None = None) -> list[StaffMember]:
        """The store's configured recipients, else its managers; disabled accounts never."""
        if members is None:
            members = self.staff_of(store.chain_id)
        if store.report_recipients:
            chosen = [m for m in members if m.username in store.report_recipients]
        else:
            chosen = [m for m in members if m.role is Role.STORE_MANAGER and store.store_id in m.store_ids]
        return [m for m in chosen if not m.disabled]

    def deliver_day(self, store: Store, day: date, figures: dict[str, Any], digest: list[dict[str, Any]],
                    missing_year: int | None, staff: list[StaffMember] | None = None) -> dict[str, int]:
        """Queue (once) and send the store's chosen reports of `day` to each recipient; counts by outcome."""
        counts: dict[str, int] = {}
        members = self.recipients(store, staff) if store.report_kinds else []
        for kind in (k for k in store.report_kinds if k in DAILY_KINDS):  # the weekly and monthly: periodic_reports.py
            about = day + timedelta(days=1) if kind == "digest" else day
            link = staff_messages.report_link(self._link_root, store.store_id, about, kind)
            message = (staff_messages.digest(store.name, about, digest, link) if kind == "digest" else
                       staff_messages.daily_report(store.name, day, figures, link, missing_year))
            for member in (m for m in members if staff_notices.wants(m.notices, staff_messages.outbox_kind(kind))):
                record = self._record(store, day, kind, member, message)
                self._outbox.enqueue(record, self._clock.now())
                outcome = self.deliver(record.dedupe_key).status
                counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    @staticmethod
    def _record(store: Store, day: date, kind: str, member: StaffMember, message: staff_messages.StaffMessage) -> OutboxRecord:
        context = {"title": message.title, "text": message.text, "link": message.link, "store": message.store,
                   "day": message.day, "report_day": day.isoformat(), "username": member.username,
                   "phone": member.phone, "oa_openid": member.oa_openid, "wecom_userid": member.wecom_userid}
        return OutboxRecord(
            dedupe_key=f"{store.chain_id}#{store.store_id}#{staff_messages.outbox_kind(kind)}#{day.isoformat()}#{member.username}",
            chain_id=store.chain_id, customer_id=f"staff:{member.username}", kind=staff_messages.outbox_kind(kind),
            context={k: v for k, v in context.items() if v is not None}, store_id=store.store_id,
        )

    def deliver(self, dedupe_key: str) -> Delivery:
        record = self._outbox.claim(dedupe_key, self._clock.now())
        return Delivery("skipped") if record is None else self.send_claimed(record)

    def send_claimed(self, record: OutboxRecord) -> Delivery:
        """WeCom app message, template message, then SMS; a busy channel is retried later, a refusal tries the next."""
        now = self._clock.now()
        message = staff_messages.message_of(record.context)
        try:
            chain = self._stores.get_chain(record.chain_id)
        except NotFound as exc:
            self._outbox.failed(record.dedupe_key, exc.message, None)
            return self._noted(record, Delivery("failed", error=exc.message))
        errors: list[str] = []
        for channel in CHANNELS:
            try:
                provider_id = self._try(channel, chain, record, message)
            except DeliveryError as exc:
                errors.append(f"{channel}: {exc}")
                if exc.kind == "retry" and record.attempts < MAX_ATTEMPTS:
                    delay = RETRY_DELAYS[min(record.attempts - 1, len(RETRY_DELAYS) - 1)]
                    self._outbox.retry_at(record.dedupe_key, now + delay, errors[-1])
                    return self._noted(record, Delivery("retry", channel, errors[-1]))
                continue
            if provider_id is not None:
                self._outbox.sent(record.dedupe_key, channel, provider_id, now)
                return self._noted(record, Delivery("sent", channel))
        error = "; ".join(errors) or "the recipient has neither an official-account openid nor a phone"
        log.error("staff message %s failed: %s", record.dedupe_key, error)
        self._outbox.failed(record.dedupe_key, error, None)
        return self._noted(record, Delivery("failed", error=error))

    def _try(self, channel: str, chain: Any, record: OutboxRecord, message: staff_messages.StaffMessage) -> str | None:
        context = record.context
        if channel == "wecom":
            wecom = self._channels.wecom(chain)
            if wecom is None or not context.get("wecom_userid"):
                return None
            return wecom.send_card(str(context["wecom_userid"]), message.title, message.text, message.link)
        if channel == "template":
            template_id = chain.oa_templates.get(TEMPLATE_KIND)
            client = self._channels.official_account(chain)
            if not template_id or not context.get("oa_openid") or client is None:
                return None
            return client.send_template(str(context["oa_openid"]), template_id, message.template_data())
        sender = self._channels.sms(chain)
        if sender is None or not context.get("phone"):
            return None
        return sender.send(str(context["phone"]), chain.sms.get(f"template.{TEMPLATE_KIND}"), message.sms_params(),
                           message.text)

    def _noted(self, record: OutboxRecord, delivery: Delivery) -> Delivery:
        """How it went, on the stored report (the staff API's daily-reports list shows it)."""
        context = record.context
        if record.store_id and context.get("report_day"):
            self._reports.record_delivery(
                record.chain_id, record.store_id, date.fromisoformat(str(context["report_day"])),
                f"{record.kind.removeprefix('staff_')}:{context.get('username')}",
                {"to": context.get("username"), "kind": record.kind.removeprefix("staff_"), "status": delivery.status,
                 "channel": delivery.channel, "at": self._clock.now().isoformat()})
        return delivery
