"""The computed pieces of messages: each picks or fills one catalogue entry, so no sentence is built in code."""
from __future__ import annotations

from datetime import date, datetime

from . import has, text

REMINDER_VARIANTS: tuple[str, ...] = ("24h", "3h", "1h")
_SAME_DAY_VARIANT = "3h"  # what a reminder without a known variant says


def greeting(name: str, surname: str, honorific: str | None, lang: str) -> str:
    """张先生 / Mr 张 when the honorific is known; the name as given otherwise."""
    if not honorific:
        return name
    kind = f"part.honorific.{honorific}"
    word = text(kind, lang) if has(kind) else honorific
    return text("part.greeting", lang, surname=surname, honorific=word)


def call(phone: str, lang: str) -> str:
    """How to reach the store: 致电{phone}, or 联系门店 when it has no phone."""
    return text("part.call.phone", lang, phone=phone) if phone else text("part.call.store", lang)


def reason(why: str | None, lang: str) -> str:
    """The optional reason after a cancellation, empty when there is none."""
    return text("part.reason", lang, reason=why) if why else ""


def offer(discount: float, lang: str) -> str:
    """The labour discount of recommended slots: 0.15 off is 工时费可打8.5折 (zhe) or 15% off; empty without one."""
    if not discount:
        return ""
    zhe = f"{round((1 - discount) * 10, 1):g}"
    percent = f"{round(discount * 100, 1):g}"
    return text("part.offer", lang, zhe=zhe, percent=percent)


def lead(variant: str | None, lang: str) -> str:
    """明天 for the day-before reminder, 今天 for any other."""
    return text("part.lead.tomorrow" if variant == "24h" else "part.lead.today", lang)


def reminder_kind(variant: str | None) -> str:
    """The reminder template of a variant; an unknown or missing variant reads as a same-day reminder."""
    return f"message.reminder.{variant if variant in REMINDER_VARIANTS else _SAME_DAY_VARIANT}"


def when(start: datetime | None, due: date | None, lang: str) -> str:
    """11月24日 10:00 for a booked time, 12月20日 for a due date (the start wins), empty for neither."""
    if start is not None:
        return text("part.when.datetime", lang, month_name=_month(start.month, lang), day=start.day, time=f"{start:%H:%M}")
    if due is not None:
        return text("part.when.date", lang, month_name=_month(due.month, lang), day=due.day)
    return ""


def _month(month: int, lang: str) -> str:
    return text(f"part.month.{month}", lang)
