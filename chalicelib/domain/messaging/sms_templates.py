"""A chain's approved Tencent Cloud SMS templates, one per template key (message_kinds.py), and the rules
Tencent reviews them by (docs/decisions/0028-sms-templates-per-kind.md), checked when onboarding registers
them and again when a message is filled in.

A template is fixed text with numbered variables {1}, {2} … Each variable has the type and maximum length the
console fixed when it was approved, and is filled from one of our fields. What is the same for every booking
of a store (address, parking, what to bring, the hold) is fixed text, per store when it differs between
stores (key "reminder.3h@store-id"); variables carry what changes (name, time, advisor, price)."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ValidationError
from .message_kinds import MARKETING, NOTICE, OPT_OUT, RULES, Facts, carries, kind_of

# Our fields a variable may be filled from (messages.sms_values gives each).
SMS_FIELDS: tuple[str, ...] = ("greeting", "store", "when", "date", "time", "service", "plate", "advisor", "price",
                               "amount", "phone", "address", "parking", "reason")
# A field that says an item of content besides the one of its own name: "when" (12月1日 14:00) says both.
_SAYS: Mapping[str, tuple[str, ...]] = {"when": ("date", "time")}
_CJK = "\u4e00-\u9fff"
# The variable types the console offers (as we record them) and what a value of each may be.
PARAM_TYPES: Mapping[str, re.Pattern[str]] = {
    "name": re.compile(rf"[{_CJK}·A-Za-z ./]+"),  # 林先生, 林先生/女士, Mr/Ms Smith
    "date": re.compile(r"(\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{1,2}:\d{2}"),
    "datetime": re.compile(r"((\d{4}年)?\d{1,2}月\d{1,2}日 ?)?(\d{1,2}:\d{2})?"),
    "money": re.compile(r"\d+(\.\d{1,2})?"),
    "phone": re.compile(r"[\d+\-]{4,20}"),
    "text": re.compile(r"[^{}<>'\s]+"),
}
REFUSED_SYMBOLS = ("¥", "￥", "【", "】", "★", "※", "☞", "✓", "^_^", "$")
# Notification templates carry no marketing: no offers, no invitation to visit, no win-back, no survey.
MARKETING_WORDS = ("优惠", "打折", "折扣", "券", "促销", "活动", "诚邀", "欢迎预约", "邀您", "评分", "评价", "好评",
                   "问卷", "赠送", "礼品", "退订", OPT_OUT)
_LINK = re.compile(r"(https?://|www\.)[^\s，。；、）]*")
_VARIABLE = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True)
class SmsParam:
    field: str  # which of our fields fills it
    type: str  # PARAM_TYPES
    max: int  # characters, as the console fixed it


@dataclass(frozen=True)
class SmsTemplate:
    template_id: str
    sort: str  # NOTICE | MARKETING
    text: str  # the approved text, {1} … for the variables
    params: tuple[SmsParam, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.template_id, "sort": self.sort, "text": self.text,
                "params": [{"field": p.field, "type": p.type, "max": p.max} for p in self.params]}


class SmsValueError(ValueError):
    """A value that cannot fill its variable (empty, not of its type, too long): the SMS is not sent."""


def template_of(raw: Mapping[str, Any], path: str = "template") -> SmsTemplate:
    """A template as the onboarding file (and the chain record) gives it; ValidationError naming the field."""
    def need(ok: bool, where: str, what: str) -> None:
        if not ok:
            raise ValidationError(f"{path}{where} {what}", field=f"{path}{where}")

    need(isinstance(raw, Mapping), "", "must be an object")
    need(isinstance(raw.get("id"), str) and bool(raw["id"].strip()), ".id", "is the approved template's id")
    need(raw.get("sort") in (NOTICE, MARKETING), ".sort", f"is {NOTICE} or {MARKETING}")
    need(isinstance(raw.get("text"), str) and bool(raw["text"].strip()), ".text", "is the approved text")
    params = raw.get("params", [])
    need(isinstance(params, list), ".params", "is a list")
    found = []
    for i, p in enumerate(params):
        where = f".params[{i}]"
        need(isinstance(p, Mapping), where, "must be an object")
        need(p.get("field") in SMS_FIELDS, f"{where}.field", f"is one of {', '.join(SMS_FIELDS)}")
        need(p.get("type") in PARAM_TYPES, f"{where}.type", f"is one of {', '.join(PARAM_TYPES)}")
        need(isinstance(p.get("max"), int) and 0 < p["max"] <= 500, f"{where}.max", "is the console's length (1-500)")
        found.append(SmsParam(p["field"], p["type"], p["max"]))
    return SmsTemplate(raw["id"].strip(), raw["sort"], raw["text"], tuple(found))


def review(template: SmsTemplate, icp_domains: Collection[str] = ()) -> str | None:
    """Why Tencent's review would refuse the template, or None: its variables numbered {1}… in order, none
    adjacent, not all variable; no ¥ or 【】; links only as fixed text on an ICP-filed domain; a notification
    with no marketing; marketing ending with the prescribed opt-out."""
    numbers = [int(n) for n in _VARIABLE.findall(template.text)]
    if numbers != list(range(1, len(template.params) + 1)):
        return f"the text's variables must be {{1}}…{{{len(template.params)}}}, one for each param, in order"
    if re.search(r"\}\s*\{", template.text) or not _VARIABLE.sub("", template.text).strip("，。,. "):
        return "variables may not be adjacent, nor the whole text"
    refused = [s for s in REFUSED_SYMBOLS if s in template.text]
    if refused:
        return f"Tencent refuses {refused[0]} in a template"
    for link in _LINK.finditer(template.text):
        host = re.sub(r"^(https?://)?", "", link.group()).split("/")[0]
        if "{" in link.group() or host not in icp_domains:
            return f"a link may only be fixed text on an ICP-filed domain (sms.icp_domains): {link.group()}"
    if template.sort == NOTICE:
        said = [w for w in MARKETING_WORDS if w in template.text]
        if said:
            return f"a notification template carries no marketing ({said[0]})"
    elif not template.text.rstrip().endswith(OPT_OUT):
        return f"a marketing template ends with {OPT_OUT}"
    return None


def _named(template: SmsTemplate) -> str:
    """The text with each variable shown as its field's placeholder, so content checks see what it carries."""
    return _VARIABLE.sub(lambda m: "\x00" + template.params[int(m.group(1)) - 1].field + "\x00", template.text)


def missing_content(key: str, template: SmsTemplate, facts: Facts) -> list[str]:
    """The required content of the key (message_kinds.RULES) the template cannot carry for a store's facts:
    each item is fixed text or a variable filled from the field that says it."""
    rule = RULES[key]
    named = _named(template)
    fields = {p.field for p in template.params}
    said = {p.field: p.field for p in template.params} | {c: f for f in fields for c in _SAYS.get(f, ())}
    marked = Facts(**{f: ("\x00" + said[f] + "\x00" if f in said else getattr(facts, f))
                      for f in ("greeting", "time", "date", "store", "plate", "advisor", "price", "amount",
                                "address", "parking", "phone", "reason")}, hold_minutes=facts.hold_minutes)
    return [c for c in rule.required if not carries(c, named, marked) and not (c == "change" and "phone" in fields)]


def check(key: str, template: SmsTemplate, stores: Collection[Facts], icp_domains: Collection[str] = ()) -> str | None:
    """Why onboarding refuses a template for a key, or None: an unknown key, the wrong sort, a rule Tencent
    reviews by, or required content it cannot carry for one of the stores it serves."""
    if key not in RULES:
        return f"no message kind or reminder moment '{key}' (known: {', '.join(RULES)})"
    if template.sort != RULES[key].sort:
        return f"'{kind_of(key)}' is {RULES[key].sort}: its template must be registered as {RULES[key].sort}"
    refused = review(template, icp_domains)
    if refused:
        return refused
    for facts in stores:
        missing = missing_content(key, template, facts)
        if missing:
            return f"it cannot say {', '.join(missing)} (required for '{key}', docs/product-rules.md#required-content)"
    return None


def fill(template: SmsTemplate, values: Mapping[str, str]) -> tuple[tuple[str, ...], str]:
    """The variables' values in order and the text the customer reads; SmsValueError when a value cannot fill
    its variable (a text value too long is shortened with …, as it keeps its meaning)."""
    params = []
    for p in template.params:
        value = (values.get(p.field) or "").strip()
        params.append(value[: p.max - 1] + "…" if p.type == "text" and len(value) > p.max else value)
    refused = refusal(template, params)
    if refused:
        raise SmsValueError(refused)
    return tuple(params), text_of(template, params)


def refusal(template: SmsTemplate, params: Sequence[str]) -> str | None:
    """Why the provider refuses these values for the template (their number, a value empty, not of its
    variable's type or longer than its length), or None."""
    if len(params) != len(template.params):
        return f"the template has {len(template.params)} variables, {len(params)} values given"
    for i, (p, value) in enumerate(zip(template.params, params, strict=True), start=1):
        if not value or len(value) > p.max or not PARAM_TYPES[p.type].fullmatch(value):
            return f"{{{i}}} ({p.field}, {p.type} ≤{p.max}) cannot be {value!r}"
    return None


def text_of(template: SmsTemplate, params: Sequence[str]) -> str:
    """The text the customer reads: the approved text with the values in place."""
    return _VARIABLE.sub(lambda m: params[int(m.group(1)) - 1], template.text)


def lookup(registered: Mapping[str, Mapping[str, Any]], key: str, store_id: str | None) -> SmsTemplate | None:
    """The store's own template of the key, else the chain's (as Chain.sms_templates holds them)."""
    raw = (registered.get(f"{key}@{store_id}") if store_id else None) or registered.get(key)
    return template_of(raw, key) if raw is not None else None
