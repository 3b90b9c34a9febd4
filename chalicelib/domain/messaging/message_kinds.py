"""Each message kind as the customer meets it: service notice or marketing, the template key of each of its
moments (a reminder has one per offset, and one per offset for a customer who already acknowledged), and the
content each must carry on every channel (docs/product-rules.md#required-content, the same table).

Append a kind here (its sort and its required content) and every channel's check and onboarding's refusal
follow. `carries` says whether a text (a rendered message, or a template's fixed text with its variables
named) says one item of content; it is the one rule both onboarding and the tests read."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

NOTICE = "notice"  # a service notice about the customer's own booking or car: Tencent "notification" SMS
MARKETING = "marketing"  # an invitation: Tencent "marketing" SMS only, with consent, daytime, opt-out ending

# Tencent Cloud SMS's prescribed opt-out ending for marketing templates (its 2024 notice replaced 回T退订/回TD退订).
OPT_OUT = "拒收请回复R"

# What each item of content is, in the customer's words (the doc's table uses these names).
CONTENT: Mapping[str, str] = {
    "greeting": "surname + honorific (林先生), never the full name",
    "time": "the booked day and time",
    "date": "the date it names (parts expected, a due date)",
    "store": "the store's name",
    "plate": "the car's plate",
    "advisor": "the service advisor's name (or that one will be assigned)",
    "advisor_ready": "the advisor is ready for them",
    "price": "the quoted price estimate",
    "amount": "the amount to pay at pickup",
    "address": "the store's address",
    "parking": "where to park",
    "bring": "what to bring (行驶证, 保养手册)",
    "hold": "the place is held 10 minutes past the time",
    "change": "how to change: the store's phone",
    "ask": "asks to confirm attendance",
    "thanks_ack": "thanks them for having confirmed (never asks again)",
    "apology": "an apology",
    "rebook": "rebooking offered with priority",
    "thanks": "thanks for choosing the store",
    "reason": "why (a delay's reason, as staff gave it)",
    "answer": "asks them to agree or decline in the mini-program",
    "unpaid": "the deposit was not paid in time, so the parts were not ordered",
    "opt_out": f"ends with the opt-out {OPT_OUT}",
}


@dataclass(frozen=True)
class KindRule:
    sort: str  # NOTICE | MARKETING
    required: tuple[str, ...]  # content every channel's full message carries
    wechat: tuple[str, ...] = ()  # what the short WeChat fields carry at least (five keywords, 20 characters)


_REMINDER_COMMON = ("greeting", "time")
# The required content of each template key (a kind, or a reminder's moment). The WeChat column is what five
# keywords of at most 20 characters can carry; the rest is in the mini-program's booking page they open.
RULES: Mapping[str, KindRule] = {
    "booking_confirmed": KindRule(NOTICE, ("greeting", "time", "store", "advisor", "price", "address", "bring",
                                           "hold", "change"), ("time", "store", "advisor", "price", "hold")),
    "booking_rescheduled": KindRule(NOTICE, ("greeting", "time", "store", "hold", "change"), ("time", "hold")),
    "booking_cancelled": KindRule(NOTICE, ("greeting", "time", "store", "apology", "rebook", "change"),
                                  ("time", "store")),
    "reminder.24h": KindRule(NOTICE, (*_REMINDER_COMMON, "bring", "change", "ask"), ("time", "bring")),
    "reminder.3h": KindRule(NOTICE, (*_REMINDER_COMMON, "address", "parking", "ask"), ("time", "address")),
    "reminder.1h": KindRule(NOTICE, (*_REMINDER_COMMON, "advisor_ready", "hold", "ask"), ("time", "advisor", "hold")),
    "reminder.eve": KindRule(NOTICE, (*_REMINDER_COMMON, "address", "parking", "advisor", "bring", "hold", "change",
                                      "ask"), ("time", "address", "hold")),
    "reminder.24h.ack": KindRule(NOTICE, (*_REMINDER_COMMON, "bring", "change", "thanks_ack"), ("time", "bring")),
    "reminder.3h.ack": KindRule(NOTICE, (*_REMINDER_COMMON, "address", "parking", "thanks_ack"), ("time", "address")),
    "reminder.1h.ack": KindRule(NOTICE, (*_REMINDER_COMMON, "advisor_ready", "hold", "thanks_ack"),
                                ("time", "advisor", "hold")),
    "reminder.eve.ack": KindRule(NOTICE, (*_REMINDER_COMMON, "address", "parking", "advisor", "bring", "hold",
                                          "change", "thanks_ack"), ("time", "address", "hold")),
    "late": KindRule(NOTICE, ("greeting", "time", "change"), ("time",)),
    "no_show": KindRule(NOTICE, ("greeting", "time", "rebook", "change"), ("time",)),
    "parts_expected": KindRule(NOTICE, ("greeting", "plate", "date", "change"), ("plate", "date")),
    "parts_arrived": KindRule(NOTICE, ("greeting", "plate", "change"), ("plate",)),
    "service_started": KindRule(NOTICE, ("greeting", "plate", "advisor"), ("plate", "advisor")),
    "ready_for_pickup": KindRule(NOTICE, ("greeting", "plate", "store", "amount", "change"), ("plate", "amount")),
    "follow_up": KindRule(NOTICE, ("greeting", "thanks"), ("plate",)),
    "lapse_invitation": KindRule(MARKETING, ("greeting", "plate", "opt_out")),
    "first_service_due": KindRule(MARKETING, ("greeting", "plate", "date", "opt_out")),
    "maintenance_due": KindRule(MARKETING, ("greeting", "plate", "date", "opt_out")),
    # the complaint loop (docs/product-rules.md#complaints): the customer hears by when the manager calls
    "complaint_received": KindRule(NOTICE, ("greeting", "apology", "change"), ("store",)),
    "complaint_recheck": KindRule(NOTICE, ("greeting", "thanks"), ("plate",)),
    # campaigns (docs/product-rules.md#campaigns): marketing, by SMS only
    "campaign_seasonal": KindRule(MARKETING, ("greeting", "store", "opt_out")),
    "campaign_event": KindRule(MARKETING, ("greeting", "store", "opt_out")),
    # the job under way (docs/product-rules.md#promised-time): "time" is the promised hand-back time
    "service_progress": KindRule(NOTICE, ("greeting", "plate", "time", "change"), ("plate", "time")),
    "service_delayed": KindRule(NOTICE, ("greeting", "plate", "apology", "reason", "time", "change"), ("plate", "time")),
    "pickup_notice": KindRule(NOTICE, ("greeting", "plate", "time", "store", "change"), ("plate", "time")),
    # extra work found (docs/product-rules.md#extra-work): "amount" is the item's price; the page asks yes or no
    "extra_work_proposed": KindRule(NOTICE, ("greeting", "plate", "amount", "answer", "change"), ("plate", "amount")),
    # the deposit unpaid 30 minutes after its order (docs/product-rules.md#deposit-payment): the parts request ends
    "deposit_unpaid": KindRule(NOTICE, ("greeting", "plate", "unpaid", "change"), ("plate", "unpaid")),
}
REMINDER_MOMENTS: tuple[str, ...] = ("24h", "3h", "1h", "eve")


def template_key(kind: str, variant: str | None = None, acknowledged: bool = False) -> str:
    """The key of a message's own template: a reminder's moment (and acknowledged or not), else the kind."""
    if kind != "reminder":
        return kind
    moment = variant if variant in REMINDER_MOMENTS else "3h"
    return f"reminder.{moment}{'.ack' if acknowledged else ''}"


def kind_of(key: str) -> str:
    """The message kind of a template key: reminder.3h.ack -> reminder."""
    return key.split(".")[0]


def sort_of(kind_or_key: str) -> str:
    rule = RULES.get(kind_or_key) or RULES.get(template_key(kind_of(kind_or_key)))
    return rule.sort if rule else NOTICE


@dataclass(frozen=True)
class Facts:
    """What the content is, said concretely for one message (or for one store, to check a template's fixed text)."""

    greeting: str = ""
    time: str = ""  # e.g. 14:00
    date: str = ""  # e.g. 12月1日
    store: str = ""
    plate: str = ""
    advisor: str = ""
    price: str = ""  # e.g. 656.00
    amount: str = ""
    address: str = ""
    parking: str = ""
    phone: str = ""
    hold_minutes: int = 10
    reason: str = ""


_MARKERS: Mapping[str, tuple[str, ...]] = {
    "bring": ("行驶证",),
    "ask": ("确认能否准时到店", "请确认"),
    "thanks_ack": ("您已确认到店",),
    "apology": ("抱歉",),
    "rebook": ("优先安排",),
    "thanks": ("感谢",),
    "advisor_ready": ("已为您做好准备",),
    "answer": ("是否同意",),
    "unpaid": ("未订货",),
}


def carries(content: str, text: str, facts: Facts) -> bool:
    """Whether `text` says the content, for the concrete facts of one message."""
    if content in _MARKERS:
        return any(marker in text for marker in _MARKERS[content])
    if content == "hold":
        return f"{facts.hold_minutes}分钟" in text
    if content == "change":
        return bool(facts.phone) and facts.phone in text or "联系门店" in text
    if content == "opt_out":
        return text.rstrip().endswith(OPT_OUT)
    value = str(getattr(facts, content))
    return bool(value) and value in text
