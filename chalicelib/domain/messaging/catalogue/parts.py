"""The computed pieces of messages: each picks or fills one catalogue entry, so no sentence is built in code."""
from __future__ import annotations

from datetime import date, datetime

from . import has, text

REMINDER_VARIANTS: tuple[str, ...] = ("24h", "3h", "1h", "eve")  # eve: reminders moved out of closed hours
_SAME_DAY_VARIANT = "3h"  # what a reminder without a known variant says


def greeting(name: str, surname: str, honorific: str | None, lang: str) -> str:
    """张先生 / Mr 张 when the honorific is known; 张先生/女士 / Mr/Ms 张 otherwise (never the full name, never a
    guess: the dealer scripts ask 请问您贵姓 and greet by surname and honorific); the name as given when it has
    no surname to read."""
    if not honorific:
        return text("part.greeting.unknown", lang, surname=surname) if surname else name
    kind = f"part.honorific.{honorific}"
    word = text(kind, lang) if has(kind) else honorific
    return text("part.greeting", lang, surname=surname, honorific=word)


def call(phone: str, lang: str) -> str:
    """How to reach the store: 致电{phone}, or 联系门店 when it has no phone."""
    return text("part.call.phone", lang, phone=phone) if phone else text("part.call.store", lang)


def reason(why: str | None, lang: str) -> str:
    """The optional reason after a cancellation, empty when there is none."""
    return text("part.reason", lang, reason=why) if why else ""


def delay_reason(why: str | None, lang: str) -> str:
    """由于{reason}， in a delay notice; empty without a reason."""
    return text("part.delay_reason", lang, reason=why) if why else ""


def extra_amount(fen: int | None, lang: str) -> str:
    """费用约800.00元， in an extra-work notice; empty without a price."""
    return text("part.extra_amount", lang, amount=yuan(fen)) if fen is not None else ""


def offer(discount: float, lang: str) -> str:
    """The labour discount of recommended slots: 0.15 off is 工时费可打8.5折 (zhe) or 15% off; empty without one."""
    if not discount:
        return ""
    return text("part.offer", lang, zhe=_zhe(discount), percent=_percent(discount))


def lead(variant: str | None, lang: str, days_ahead: int | None = None) -> str:
    """今天 / 明天 as seen from the day the message goes (days_ahead), nothing further out (the date says it);
    without that day, 明天 for the day-before reminder and 今天 for any other."""
    if days_ahead is None:
        days_ahead = 1 if variant in ("24h", "eve") else 0
    if days_ahead > 1:
        return ""
    return text("part.lead.tomorrow" if days_ahead == 1 else "part.lead.today", lang)


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


def yuan(fen: int) -> str:
    """Money kept in fen, said in yuan with two decimals: 65600 -> 656.00."""
    return f"{fen // 100}.{fen % 100:02d}"


def advisor(name: str | None, lang: str) -> str:
    """您的服务顾问是王顾问。 — empty when none is assigned yet."""
    return text("part.advisor", lang, advisor=name) if name else ""


def advisor_ready(name: str | None, lang: str) -> str:
    """服务顾问王顾问已为您做好准备, or 我们已为您做好准备 without an advisor."""
    if name:
        return text("part.advisor_ready.named", lang, advisor=name)
    return text("part.advisor_ready.anyone", lang)


def price(fen: int | None, discount: float, lang: str) -> str:
    """预计费用656.00元(推荐时段工时费8.5折)。 — empty without a quoted price; the discount only with one."""
    if fen is None:
        return ""
    off = text("part.discount", lang, zhe=_zhe(discount), percent=_percent(discount)) if discount else ""
    return text("part.price", lang, price=yuan(fen), discount=off)


def address(where: str, lang: str) -> str:
    return text("part.address", lang, address=where) if where else ""


def parking(note: str, lang: str) -> str:
    return text("part.parking", lang, parking=note.rstrip("。. ")) if note else ""


def hold(minutes: int | None, lang: str) -> str:
    """The grace period said up front: arrive within it or the place may go to someone else."""
    return text("part.hold", lang, minutes=minutes) if minutes else ""


def confirm(acknowledged: bool, lang: str) -> str:
    """Ask to confirm attendance, or thank a customer who already did (never ask twice)."""
    return text("part.confirm.done" if acknowledged else "part.confirm.ask", lang)


def amount(fen: int | None, lang: str) -> str:
    return text("part.amount", lang, amount=yuan(fen)) if fen is not None else ""


def _zhe(discount: float) -> str:
    return f"{round((1 - discount) * 10, 1):g}"


def _percent(discount: float) -> str:
    return f"{round(discount * 100, 1):g}"
