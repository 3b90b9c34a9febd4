"""Whether a chain's WeChat keyword mapping for a message kind (or a reminder's moment) can say what that kind
requires on WeChat (message_kinds.RULES, its WeChat column): a sample message is rendered through the mapping,
fitted to WeChat's rules, and read as the customer would (onboarding refuses a mapping that cannot)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from .message_kinds import MARKETING, REMINDER_MOMENTS, RULES, Facts, carries, kind_of
from .messages import FIELD_NAMES, MessageContext, fields_of
from .wechat_fields import InvalidField, keyword_data

_SAMPLE = MessageContext(
    customer_name="林涛", honorific="先生", store_name="示例门店", store_phone="021-60000000", service="保养",
    plate="沪AD12345", start=datetime(2026, 11, 24, 14, 0, tzinfo=timezone(timedelta(hours=8))),
    address="示例路1号", parking="地下车库", advisor="王磊", price=65600, amount=65600, hold_minutes=10,
)
_FACTS = Facts(greeting="林先生", time="14:00", date="11月24日", store="示例门店", plate="沪AD12345", advisor="王磊",
               price="656.00", amount="656.00", address="示例路1号", parking="地下车库", phone="021-60000000")
_DUE_KINDS = ("parts_expected", "first_service_due", "maintenance_due")
_KEYWORD = re.compile(r"[a-z_]+\d+")


def keys_of(name: str) -> tuple[str, ...]:
    """The template keys a mapping serves: "reminder" serves every moment that has no mapping of its own."""
    if name == "reminder":
        return tuple(f"reminder.{m}{ack}" for m in REMINDER_MOMENTS for ack in ("", ".ack"))
    return (name,)


def _sample(key: str) -> MessageContext:
    kind = kind_of(key)
    if kind == "reminder":
        _, moment, *ack = key.split(".")
        return replace(_SAMPLE, variant=moment, acknowledged=bool(ack))
    return replace(_SAMPLE, start=None, due=date(2026, 11, 24)) if kind in _DUE_KINDS else _SAMPLE


def refusal(name: str, mapping: Mapping[str, str]) -> str | None:
    """Why a chain's mapping for `name` (a kind or a reminder moment) is refused, or None."""
    key = keys_of(name)[0]
    if key not in RULES:
        return f"no message kind or reminder moment '{name}'"
    if RULES[key].sort == MARKETING:
        return "invitations are marketing: WeChat's subscribe and template messages carry none"
    for keyword, meaning in mapping.items():
        if not _KEYWORD.fullmatch(keyword) or meaning not in FIELD_NAMES:
            return f"'{keyword}': '{meaning}' maps a keyword (thing1, time2 …) to one of {', '.join(FIELD_NAMES)}"
    for served in keys_of(name):
        try:
            data = keyword_data(fields_of(kind_of(served), _sample(served)), mapping)
        except InvalidField as exc:
            return f"'{served}': {exc}"
        said = " ".join(entry["value"] for entry in data.values())
        missing = [c for c in RULES[served].wechat if not carries(c, said, _FACTS)]
        if missing:
            return f"'{served}' cannot say {', '.join(missing)} (docs/product-rules.md#required-content)"
    return None
