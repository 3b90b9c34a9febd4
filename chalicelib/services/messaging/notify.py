"""Customer messages: each is an outbox record first (written with the change that causes it), then sent
once over the best channel the customer can be reached on: the mini-program subscribe message while a
one-time authorization is left, the official-account template message, then SMS
(docs/product-rules.md#channel-order)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ...domain.booking.booking import Booking
from ...domain.booking.ports import BookingStore
from ...domain.contact_preference import Preferred, preference_from
from ...domain.errors import NotFound
from ...domain.followup import agenda
from ...domain.messaging import contact_hours, sms_templates
from ...domain.messaging.delivery import DeliveryError
from ...domain.messaging.messages import INVITATION_KINDS, MessageContext, Rendered, render, wechat_data
from ...domain.messaging.outbox import OutboxRecord
from ...domain.messaging.ports import Channels, OutboxStore
from ...domain.messaging.staff_messages import STAFF_KINDS
from ...domain.messaging.wechat_fields import InvalidField
from ...domain.people.customer import Customer
from ...domain.people.ports import CustomerStore
from ...domain.ports import Clock, Metrics, NoMetrics
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog
from ...observability import MESSAGES_DROPPED, MESSAGES_FAILED, MESSAGES_SENT, OUTBOX_AGE, failure_kind

log = logging.getLogger(__name__)
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = 6


def channel_order(preferred: str | None) -> tuple[str, ...]:
    """WeChat first (free, rich), SMS last; a customer who prefers SMS gets SMS first."""
    if preferred == "sms":
        return ("sms", "subscribe", "template")
    return ("subscribe", "template", "sms")


def _days_ahead(c: Mapping[str, Any], start: datetime | None, now: datetime | None) -> int | None:
    """A reminder's days to its appointment, as seen from the day it goes (it may have waited overnight)."""
    if c.get("days_ahead") is None:
        return None
    if start is not None and now is not None:
        return (start.date() - now.astimezone(start.tzinfo).date()).days
    return int(c["days_ahead"])


def context_of(record: OutboxRecord, now: datetime | None = None) -> MessageContext:
    c = record.context
    start = datetime.fromisoformat(c["start"]) if c.get("start") else None
    return MessageContext(
        customer_name=c.get("customer_name", ""),
        store_name=c.get("store_name", ""),
        store_phone=c.get("store_phone", ""),
        honorific=c.get("honorific"),
        service=c.get("service", ""),
        plate=c.get("plate", ""),
        start=start,
        due=date.fromisoformat(c["due"]) if c.get("due") else None,
        reason=c.get("reason"),
        variant=c.get("variant"),
        discount=float(c.get("discount", 0) or 0),
        address=c.get("address", ""),
        parking=c.get("parking", ""),
        advisor=c.get("advisor"),
        price=int(c["price_estimate"]) if c.get("price_estimate") is not None else None,
        amount=int(c["amount"]) if c.get("amount") is not None else None,
        hold_minutes=int(c["hold_minutes"]) if c.get("hold_minutes") else None,
        acknowledged=bool(c.get("acknowledged")),
        days_ahead=_days_ahead(c, start, now),
    )


def _data(chain: Chain, rendered: Rendered) -> dict[str, dict[str, str]]:
    """The chain's template keywords for the message's key (a reminder's moment) or its kind, each value fitted
    to WeChat's rule; a value that cannot be made valid is refused here, as WeChat would (47003), so the next
    channel is tried."""
    try:
        return wechat_data(rendered, chain.keywords.get(rendered.key) or chain.keywords.get(rendered.kind))
    except InvalidField as exc:
        raise DeliveryError("bad_request", 47003, str(exc)) from None


@dataclass
class Delivery:
    # sent | retry | failed | skipped | withheld (an invitation without consent) | held (waiting for contact
    # hours) | dropped (no use by the time contact hours allow it)
    status: str
    channel: str | None = None
    error: str | None = None


class Notifier:
    def __init__(self, stores: StoreCatalog, customers: CustomerStore, outbox: OutboxStore,
                 channels: Channels, clock: Clock, *, miniprogram_state: str = "formal", metrics: Metrics | None = None,
                 staff: Callable[[OutboxRecord], Delivery] | None = None, bookings: BookingStore | None = None) -> None:
        self._stores, self._customers, self._outbox = stores, customers, outbox
        self._bookings = bookings  # read only for a message that waited for contact hours
        self._staff = staff  # messages to staff (domain/messaging/staff_messages.py) are sent by the report delivery
        self._channels, self._clock, self._state = channels, clock, miniprogram_state
        self._metrics = metrics or NoMetrics()

    def send(self, record: OutboxRecord) -> Delivery:
        """Queue (once) and try now; a message that cannot go now waits in the outbox for the next run."""
        self._outbox.enqueue(record, self._clock.now())
        return self.deliver(record.dedupe_key)

    def deliver_quietly(self, dedupe_key: str) -> None:
        """After the change that queued the message has committed: never fail the caller's request."""
        try:
            self.deliver(dedupe_key)
        except Exception:
            log.exception("message %s left for the retry run", dedupe_key)

    def run_due(self) -> dict[str, int]:
        """The retry run: every message due, claimed one by one (two runs at once never send one twice)."""
        counts: dict[str, int] = {}
        for record in self._outbox.due(self._clock.now()):
            try:
                outcome = self.deliver(record.dedupe_key).status
            except Exception:  # one message's trouble never stops the others; its claim lapses and it returns
                log.exception("message %s: delivery raised", record.dedupe_key)
                outcome = "error"
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def deliver(self, dedupe_key: str) -> Delivery:
        now = self._clock.now()
        record = self._outbox.claim(dedupe_key, now)
        if record is None:
            return Delivery("skipped")
        if record.created_at:  # how long the message has waited: its oldest tried is the outbox's age
            since = max(datetime.fromisoformat(t) for t in (record.created_at, record.held_until) if t)
            self._metrics.emit(OUTBOX_AGE.name, max((now - since).total_seconds(), 0.0))
        if record.kind in STAFF_KINDS and self._staff is not None:
            return self._staff(record)
        return self._to_customer(record, now)

    def _to_customer(self, record: OutboxRecord, now: datetime) -> Delivery:
        """A claimed customer message over the first channel that reaches them."""
        dedupe_key = record.dedupe_key
        try:
            chain = self._stores.get_chain(record.chain_id)
            held = self._waits(record, now)
            if held is not None:  # before any one-time authorization is spent
                return held
            customer, prepaid = self._reach(chain, record)
        except NotFound as exc:
            self._outbox.failed(dedupe_key, exc.message, None)  # nobody left to tell: never retried
            return Delivery("failed", error=exc.message)
        if record.kind in INVITATION_KINDS:
            refused = self._invitation_refused(record, customer, now)
            if refused is not None:
                return refused
        rendered = render(record.kind, context_of(record, now))
        retryable: str | None = None
        errors: list[str] = []
        for channel in channel_order(customer.preferred_channel):
            try:
                provider_id = self._try(channel, chain, customer, record, rendered, prepaid)
            except DeliveryError as exc:
                errors.append(f"{channel}: {exc}")
                self._metrics.emit(MESSAGES_FAILED.name, channel=channel, kind=failure_kind(channel, exc.kind, exc.code))
                if exc.kind == "retry":  # load: the same channel later, not a costlier one now
                    retryable = f"{channel}: {exc}"
                    break
                continue  # refused, or bad data on this channel: the next channel may still reach them
            if provider_id is None:
                continue  # channel not available for this customer
            self._outbox.sent(dedupe_key, channel, provider_id, now)
            self._metrics.emit(MESSAGES_SENT.name, channel=channel)
            return Delivery("sent", channel)
        if retryable and record.attempts < MAX_ATTEMPTS:
            delay = RETRY_DELAYS[min(record.attempts - 1, len(RETRY_DELAYS) - 1)]
            self._outbox.retry_at(dedupe_key, now + delay, retryable)
            return Delivery("retry", error=retryable)
        error = "; ".join(errors) or "no channel reaches this customer"
        log.error("message %s failed: %s", dedupe_key, error)  # an alert: bad data is fixed by people, not retries
        self._outbox.failed(dedupe_key, error, None)
        return Delivery("failed", error=error)

    def _waits(self, record: OutboxRecord, now: datetime) -> Delivery | None:
        """Held for contact hours, or dropped as no use any more; None when the message may go now. Invitations
        wait for the customer's own hours too, once the customer is read (_invitation_refused)."""
        if record.kind in INVITATION_KINDS:
            return None
        return self._contact_hours(record, now, None) or self._moot(record)

    def _invitation_refused(self, record: OutboxRecord, customer: Customer, now: datetime) -> Delivery | None:
        """Marketing needs consent, and waits for the customer's own contact hours as well as the store's."""
        if not customer.may_invite():
            self._outbox.failed(record.dedupe_key, "withheld: the customer has not agreed to invitations", None)
            return Delivery("withheld")
        return self._contact_hours(record, now, customer.contact_hours)

    def _contact_hours(self, record: OutboxRecord, now: datetime, preferred: Preferred | None) -> Delivery | None:
        """None when the message may go now; else it waits in the outbox for the next allowed moment (the
        retry run finds it then), or is dropped and counted when that moment is no use
        (docs/product-rules.md#contact-hours). The customer's hours: a booking's own, else `preferred`."""
        if record.kind not in contact_hours.HELD_KINDS or not record.store_id:
            return None
        try:
            store = self._stores.get(record.chain_id, record.store_id)
        except NotFound:
            return None  # the store is gone: no quiet hours to keep
        said = record.context.get("start")
        start = datetime.fromisoformat(said) if said else None
        window = contact_hours.on_calendar(preference_from(record.context.get("contact_window")) or preferred, store)
        pointless = contact_hours.pointless_now(record.kind, start, now)
        if pointless:
            return self._drop(record, pointless)
        hold = contact_hours.at_sending(record.kind, now, start, store.quiet_hours, window, store.tz)
        if hold is None:
            return None
        if hold.until is None:
            return self._drop(record, hold.reason)
        self._outbox.hold(record.dedupe_key, hold.until, hold.reason)
        return Delivery("held", error=hold.reason)

    def _moot(self, record: OutboxRecord) -> Delivery | None:
        """A message that waited (for contact hours, or for its retry after a channel's trouble): does its booking
        still fit it? One read, only for those; a first try goes with the change that made it."""
        waited = "held" if record.held_until else "retried" if record.attempts > 1 else None
        if waited is None or not record.booking_id or self._bookings is None:
            return None
        if record.kind not in contact_hours.CHECKED_AFTER_WAITING:
            return None
        said = record.context.get("start")
        try:
            booking = self._bookings.get(record.booking_id)
        except NotFound:
            return self._drop(record, f"{waited} meanwhile: the booking is gone")
        stale = contact_hours.moot_after_waiting(record.kind, datetime.fromisoformat(said) if said else None, booking)
        if stale is None and record.kind == "reminder" and self._superseded(record, booking):
            stale = "a later reminder is due too"
        return self._drop(record, f"{waited} meanwhile: {stale}") if stale else None

    def _superseded(self, record: OutboxRecord, booking: Booking) -> bool:
        """A reminder let go late beside a later one of its booking: only the latest goes."""
        step = record.dedupe_key.split("#", 3)[3].partition("@")[0]
        try:
            store = self._stores.get(record.chain_id, booking.store_id)
        except NotFound:
            return False
        return agenda.superseded(booking, store, step, self._clock.now())

    def _drop(self, record: OutboxRecord, reason: str) -> Delivery:
        self._outbox.drop(record.dedupe_key, reason)
        self._metrics.emit(MESSAGES_DROPPED.name, kind=record.kind)
        log.info("message %s dropped: %s", record.dedupe_key, reason)
        return Delivery("dropped", error=reason)

    def _reach(self, chain: Chain, record: OutboxRecord) -> tuple[Customer, bool]:
        """The customer, and whether a subscribe authorization is already taken for this message: when the
        chain has the template, one request both takes it (if subscribe is their first channel) and reads
        the customer; otherwise a plain read."""
        if chain.templates.get(record.kind) and record.kind not in INVITATION_KINDS:
            customer = self._customers.spend_first(record.chain_id, record.customer_id, record.kind)
            if customer is not None:
                return customer, True
        return self._customers.get(record.chain_id, record.customer_id), False

    def _try(self, channel: str, chain: Chain, customer: Customer, record: OutboxRecord, rendered: Rendered,
             prepaid: bool = False) -> str | None:
        page = f"pages/booking/detail?id={record.booking_id}" if record.booking_id else "pages/index/index"
        if channel == "subscribe":
            return self._subscribe(chain, customer, record.kind, rendered, page, prepaid)
        if channel == "template":  # marketing never: WeChat's template messages carry none (campaigns: mini-program)
            template_id = None if record.kind in INVITATION_KINDS else chain.oa_templates.get(record.kind)
            client = self._channels.official_account(chain)
            if not template_id or not customer.oa_openid or client is None:
                return None
            return client.send_template(
                customer.oa_openid, template_id, _data(chain, rendered),
                mini_program={"appid": chain.mp_appid, "pagepath": page},
            )
        if channel == "sms":
            return self._sms(chain, customer, record, rendered)
        raise ValueError(channel)

    def _subscribe(self, chain: Chain, customer: Customer, kind: str, rendered: Rendered, page: str,
                   prepaid: bool) -> str | None:
        template_id = chain.templates.get(kind)
        if not template_id or not customer.openid or kind in INVITATION_KINDS:  # WeChat forbids marketing here
            return None
        if not prepaid and not self._customers.spend_subscription(chain.chain_id, customer.customer_id, kind):
            return None
        try:
            return self._channels.mini_program(chain).send_subscribe(
                customer.openid, template_id, _data(chain, rendered), page=page, state=self._state
            )
        except DeliveryError as exc:
            if exc.kind == "refused":
                self._customers.zero_subscription(chain.chain_id, customer.customer_id, kind)
            else:
                self._customers.refund_subscription(chain.chain_id, customer.customer_id, kind)
            raise

    def _sms(self, chain: Chain, customer: Customer, record: OutboxRecord, rendered: Rendered) -> str | None:
        sender = self._channels.sms(chain)
        phone = customer.phone or record.context.get("phone")
        if sender is None or not phone:
            return None
        if record.kind in INVITATION_KINDS and self._customers.phone_opted_out(chain.chain_id, phone):
            return None  # replied T/TD to an earlier invitation
        registered = sms_templates.lookup(chain.sms_templates, rendered.key, record.store_id)
        if registered is None:  # a chain not yet onboarded with its approved templates: the kind's template id
            return sender.send(phone, chain.sms.get(f"template.{record.kind}"), rendered.sms_params, rendered.text)
        try:
            params, text = sms_templates.fill(registered, rendered.sms_values)
        except sms_templates.SmsValueError as exc:
            raise DeliveryError("bad_request", "SmsTemplateValue", str(exc)) from None
        return sender.send(phone, registered.template_id, params, text)
