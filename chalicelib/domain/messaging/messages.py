"""What each message says and how it fits each channel: a WeChat subscribe/template message's keywords (by the
chain's mapping, with WeChat's rules: wechat_fields.py), Tencent SMS template parameters, and the full text for
plain SMS.

The wording lives in the catalogue (message.<kind>, message.status.<kind>, message.remark.<kind>); this module
gathers the values a message mentions and fits the result to each channel."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..floor.board import surname
from . import catalogue
from .catalogue import parts
from .message_kinds import template_key
from .wechat_fields import DEFAULT_KEYWORDS, keyword_data

MESSAGE_KINDS: tuple[str, ...] = (
    "booking_confirmed",
    "booking_rescheduled",
    "booking_cancelled",
    "reminder",
    "late",
    "no_show",
    "parts_expected",
    "parts_arrived",
    "service_started",
    "ready_for_pickup",
    "lapse_invitation",
    "first_service_due",
    "maintenance_due",
    "follow_up",
    "complaint_received",  # service notice: by when the store manager calls back (docs/product-rules.md#complaints)
    "complaint_recheck",  # asked again after a resolved complaint, as the follow-up asks
    "campaign_seasonal",  # marketing: a chain's campaign of seasonal work (docs/product-rules.md#campaigns)
    "campaign_event",  # marketing: a chain's event, announced two weeks ahead
    "service_progress",  # the 70–80 % check: on time, the promised hand-back time (docs/product-rules.md#promised-time)
    "service_delayed",  # a delay: an apology, its reason and the new time
    "pickup_notice",  # ahead of the promised time: come and collect the car
    "extra_work_proposed",  # extra work found: answer each item in the mini-program (docs/product-rules.md#extra-work)
    "deposit_unpaid",  # the deposit unpaid in time: the parts request cancelled (docs/product-rules.md#deposit-payment)
)
# Marketing (docs/product-rules.md#consent): only to customers who agreed, never as a subscribe message, and an
# SMS says how to opt out. Every other kind is a service message about the customer's own booking.
INVITATION_KINDS: frozenset[str] = frozenset({"lapse_invitation", "first_service_due", "maintenance_due",
                                             "campaign_seasonal", "campaign_event"})

DEFAULT_HOLD_MINUTES = 10  # the store default grace period (Store.grace_minutes)
SMS_PARAM_LIMIT = 12  # Tencent Cloud SMS: characters per template variable
DEFAULT_FIELDS = dict(DEFAULT_KEYWORDS)
# The fields a WeChat keyword may be mapped to; blank ones read the catalogue's message.blank.<field>.
FIELD_NAMES: tuple[str, ...] = ("service", "time", "date", "plate", "status", "remark", "store", "name", "address",
                                "phone", "advisor", "price", "amount")
_BLANKS = ("advisor", "price", "plate", "service", "address")


@dataclass(frozen=True)
class MessageContext:
    """What a message may mention; times already in the store's zone, money in fen."""

    customer_name: str
    store_name: str
    store_phone: str = ""
    honorific: str | None = None
    service: str = ""  # 保养, 维修 ...
    plate: str = ""
    start: datetime | None = None
    due: date | None = None
    reason: str | None = None
    variant: str | None = None  # reminder: "24h" | "3h" | "1h" | "eve" (moved out of closed hours, maybe merged)
    discount: float = 0.0
    address: str = ""
    parking: str = ""
    advisor: str | None = None
    price: int | None = None  # the quoted estimate, fen
    amount: int | None = None  # the amount to pay at pickup, fen
    hold_minutes: int | None = None  # the grace period the confirmation and reminders announce
    acknowledged: bool = False  # the customer already confirmed attendance: never asked again
    days_ahead: int | None = None  # a reminder: days from the day it goes to the appointment's day


@dataclass(frozen=True)
class Rendered:
    kind: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)  # meaning -> value, before fitting
    sms_params: tuple[str, ...] = ()
    key: str = ""  # the template key: the kind, or a reminder's moment (message_kinds.template_key)
    sms_values: dict[str, str] = field(default_factory=dict)  # our SMS fields -> value (sms_templates.fill)


def _greeting(ctx: MessageContext, lang: str) -> str:
    return parts.greeting(ctx.customer_name, surname(ctx.customer_name), ctx.honorific, lang)


def wechat_time(at: datetime | date) -> str:
    if isinstance(at, datetime):
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at.year}年{at.month}月{at.day}日"


def _text(kind: str, ctx: MessageContext, lang: str) -> str:
    template = parts.reminder_kind(ctx.variant) if kind == "reminder" else f"message.{kind}"
    said = catalogue.text(
        template,
        lang,
        greeting=_greeting(ctx, lang),
        store=ctx.store_name,
        service=ctx.service,
        plate=ctx.plate,
        when=parts.when(ctx.start, ctx.due, lang),
        call=parts.call(ctx.store_phone, lang),
        reason=parts.reason(ctx.reason, lang),
        offer=parts.offer(ctx.discount, lang),
        lead=parts.lead(ctx.variant, lang, ctx.days_ahead),
        address=parts.address(ctx.address, lang),
        parking=parts.parking(ctx.parking, lang),
        advisor=parts.advisor(ctx.advisor, lang),
        advisor_ready=parts.advisor_ready(ctx.advisor, lang),
        price=parts.price(ctx.price, ctx.discount, lang),
        hold=parts.hold(ctx.hold_minutes, lang),
        confirm=parts.confirm(ctx.acknowledged, lang),
        amount=parts.amount(ctx.amount, lang),
        delay_reason=parts.delay_reason(ctx.reason, lang),
        extra_amount=parts.extra_amount(ctx.amount, lang),
    ).strip()
    return f"{said}{catalogue.text('part.opt_out', lang)}".rstrip() if kind in INVITATION_KINDS else said


def _remark(kind: str, ctx: MessageContext) -> str:
    """The remark of the message's own key (a reminder's moment, acknowledged or not), else of its kind."""
    key = template_key(kind, ctx.variant, ctx.acknowledged)
    entry = f"message.remark.{key}" if catalogue.has(f"message.remark.{key}") else f"message.remark.{kind}"
    return catalogue.text(entry, minutes=ctx.hold_minutes or DEFAULT_HOLD_MINUTES)


def fields_of(kind: str, ctx: MessageContext) -> dict[str, str]:
    """Every field a chain may map a keyword to, in Chinese (WeChat templates are approved in Chinese)."""
    when_value = ctx.start or ctx.due
    day = ctx.due or (ctx.start.date() if ctx.start else None)
    values = {
        "service": f"{ctx.store_name} {ctx.service}".strip(),
        "time": wechat_time(when_value) if when_value else "",
        "date": wechat_time(day) if day else "",
        "plate": ctx.plate,
        "status": catalogue.text(f"message.status.{kind}"),
        "remark": _remark(kind, ctx),
        "store": ctx.store_name,
        "name": _greeting(ctx, "zh"),
        "address": ctx.address,
        "phone": ctx.store_phone,
        "advisor": ctx.advisor or "",
        "price": f"{parts.yuan(ctx.price)}元" if ctx.price is not None else "",
        "amount": parts.yuan(ctx.amount) if ctx.amount is not None else "",
    }
    for name in _BLANKS:
        values[name] = values[name] or catalogue.text(f"message.blank.{name}")
    return values


def render(kind: str, ctx: MessageContext, lang: str = "zh") -> Rendered:
    """The message of a kind in a language (zh when we have no table for it).

    The text and the SMS parameters follow `lang`. The WeChat fields stay Chinese: subscribe/template messages
    are approved in Chinese and their phrase fields take Chinese characters only. An invitation's text and its
    last SMS parameter carry the opt-out (拒收请回复R).
    """
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    status = catalogue.text(f"message.status.{kind}", lang)
    # the five values of a chain without registered templates: never an empty one (Tencent refuses it)
    sms: tuple[str, ...] = (_greeting(ctx, lang), ctx.store_name, parts.when(ctx.start, ctx.due, lang) or status,
                            ctx.service or status, ctx.plate or catalogue.text("message.blank.plate", lang))
    if kind in INVITATION_KINDS:
        sms += (catalogue.text("part.opt_out.sms", lang),)
    return Rendered(kind, _text(kind, ctx, lang), fields_of(kind, ctx), tuple(fit_sms(p) for p in sms),
                    template_key(kind, ctx.variant, ctx.acknowledged), sms_values(ctx))


def sms_values(ctx: MessageContext) -> dict[str, str]:
    """What each SMS template variable may be filled from (sms_templates.SMS_FIELDS), in Chinese: SMS templates
    are approved in Chinese. A booking without an advisor or a quote reads the neutral word."""
    day = ctx.start or ctx.due
    return {
        "greeting": _greeting(ctx, "zh"),
        "store": ctx.store_name,
        "when": parts.when(ctx.start, ctx.due, "zh"),
        "date": parts.when(None, day.date() if isinstance(day, datetime) else day, "zh") if day else "",
        "time": f"{ctx.start:%H:%M}" if ctx.start else "",
        "service": ctx.service,
        "plate": ctx.plate,
        "advisor": ctx.advisor or catalogue.text("message.blank.advisor"),
        "price": f"{parts.yuan(ctx.price)}元" if ctx.price is not None else catalogue.text("message.blank.price"),
        "amount": f"{parts.yuan(ctx.amount)}元" if ctx.amount is not None else "",
        "phone": ctx.store_phone,
        "address": ctx.address,
        "parking": ctx.parking,
        "reason": ctx.reason or "",
    }


def wechat_data(rendered: Rendered, mapping: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """{key: {"value": ...}} for subscribe/template sends: each keyword filled from its field, then fitted to
    WeChat's rule for its type (InvalidField when a value cannot be made valid: never sent empty)."""
    return keyword_data(rendered.fields, mapping)


def fit_sms(value: str) -> str:
    return value if len(value) <= SMS_PARAM_LIMIT else value[: SMS_PARAM_LIMIT - 1] + "…"
