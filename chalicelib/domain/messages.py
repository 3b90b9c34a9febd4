"""What each message says and how it fits each channel: a WeChat subscribe/template message's fields with
WeChat's length and character rules, Tencent SMS template parameters, and the full text for plain SMS.

The wording lives in the catalogue (message.<kind>, message.status.<kind>, message.remark.<kind>); this module
gathers the values a message mentions and fits the result to each channel."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from . import catalogue
from .board import surname
from .catalogue import parts

MESSAGE_KINDS: tuple[str, ...] = (
    "booking_confirmed",
    "booking_rescheduled",
    "booking_cancelled",
    "reminder",
    "late",
    "no_show",
    "parts_arrived",
    "lapse_invitation",
    "first_service_due",
    "maintenance_due",
    "follow_up",
)

# WeChat subscribe-message field rules by key prefix ("thing1", "time2", ...)
FIELD_LIMITS = {"thing": 20, "phrase": 5, "car_number": 8, "character_string": 32, "name": 10, "number": 32}
SMS_PARAM_LIMIT = 12  # Tencent Cloud SMS: characters per template variable
# Our standard template layout; a chain may map its own template's keys to these meanings.
DEFAULT_FIELDS = {"thing1": "service", "time2": "time", "car_number3": "plate", "phrase4": "status", "thing5": "remark"}


@dataclass(frozen=True)
class MessageContext:
    """What a message may mention; times already in the store's zone."""

    customer_name: str
    store_name: str
    store_phone: str = ""
    honorific: str | None = None
    service: str = ""  # 保养, 维修 ...
    plate: str = ""
    start: datetime | None = None
    due: date | None = None
    reason: str | None = None
    variant: str | None = None  # reminder: "24h" | "3h" | "1h"
    discount: float = 0.0


@dataclass(frozen=True)
class Rendered:
    kind: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)  # meaning -> value, before fitting
    sms_params: tuple[str, ...] = ()


def _greeting(ctx: MessageContext, lang: str) -> str:
    return parts.greeting(ctx.customer_name, surname(ctx.customer_name), ctx.honorific, lang)


def wechat_time(at: datetime | date) -> str:
    if isinstance(at, datetime):
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at.year}年{at.month}月{at.day}日"


def _text(kind: str, ctx: MessageContext, lang: str) -> str:
    template = parts.reminder_kind(ctx.variant) if kind == "reminder" else f"message.{kind}"
    return catalogue.text(
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
        lead=parts.lead(ctx.variant, lang),
    )


def render(kind: str, ctx: MessageContext, lang: str = "zh") -> Rendered:
    """The message of a kind in a language (zh when we have no table for it).

    The text and the SMS parameters follow `lang`. The WeChat fields stay Chinese: subscribe/template messages
    are approved in Chinese and their phrase fields take Chinese characters only.
    """
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    when_value = ctx.start or ctx.due
    fields = {
        "service": f"{ctx.store_name} {ctx.service}".strip(),
        "time": wechat_time(when_value) if when_value else "",
        "plate": ctx.plate,
        "status": catalogue.text(f"message.status.{kind}"),
        "remark": catalogue.text(f"message.remark.{kind}"),
        "store": ctx.store_name,
        "name": _greeting(ctx, "zh"),
    }
    status = catalogue.text(f"message.status.{kind}", lang)
    sms = (_greeting(ctx, lang), ctx.store_name, parts.when(ctx.start, ctx.due, lang), ctx.service or status, ctx.plate)
    return Rendered(kind, _text(kind, ctx, lang), fields, tuple(fit_sms(p) for p in sms))


def field_type(key: str) -> str:
    match = re.fullmatch(r"([a-z_]+?)\d+", key)
    return match.group(1) if match else key


def fit(key: str, value: str) -> str:
    """Shorten a value to what WeChat accepts for the field, so 47003 never comes from our side."""
    kind = field_type(key)
    if kind == "phrase":
        value = "".join(ch for ch in value if "\u4e00" <= ch <= "\u9fff")  # Chinese characters only
    if kind == "car_number":
        value = re.sub(r"[^\w]", "", value)
    limit = FIELD_LIMITS.get(kind)
    if limit and len(value) > limit:
        value = value[: limit - 1] + "…" if kind == "thing" else value[:limit]
    return value


def wechat_data(rendered: Rendered, mapping: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """{key: {"value": ...}} for subscribe/template sends: each key filled from its meaning, then fitted."""
    return {key: {"value": fit(key, rendered.fields.get(meaning, ""))} for key, meaning in (mapping or DEFAULT_FIELDS).items()}


def fit_sms(value: str) -> str:
    return value if len(value) <= SMS_PARAM_LIMIT else value[: SMS_PARAM_LIMIT - 1] + "…"
