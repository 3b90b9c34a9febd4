"""What each message says (Chinese first, after the seeds' customer scripts) and how it fits each channel:
a WeChat subscribe/template message's fields with WeChat's length and character rules, Tencent SMS
template parameters, and the full text for plain SMS."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

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

_STATUS = {
    "booking_confirmed": "预约成功",
    "booking_rescheduled": "已改期",
    "booking_cancelled": "已取消",
    "reminder": "待到店",
    "late": "请确认行程",
    "no_show": "已取消",
    "parts_arrived": "备件已到",
    "lapse_invitation": "邀您保养",
    "first_service_due": "首保提醒",
    "maintenance_due": "保养提醒",
    "follow_up": "服务回访",
}
_REMARK = {
    "booking_confirmed": "请带好保养手册和行驶证准时到店",
    "booking_rescheduled": "新的时间已为您预留",
    "booking_cancelled": "客服将与您联系重新预约",
    "reminder": "请在小程序中确认是否准时到店",
    "late": "为您保留的时间还有30分钟",
    "no_show": "下次预约您将优先安排",
    "parts_arrived": "您可优先选择到店时间",
    "lapse_invitation": "推荐时段工时费享优惠",
    "first_service_due": "首保请在规定里程内完成",
    "maintenance_due": "按时保养让爱车更安心",
    "follow_up": "请为本次服务评分",
}


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


def _greeting(ctx: MessageContext) -> str:
    from .board import surname

    if ctx.honorific:
        return f"{surname(ctx.customer_name)}{ctx.honorific}"
    return ctx.customer_name


def wechat_time(at: datetime | date) -> str:
    if isinstance(at, datetime):
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"
    return f"{at.year}年{at.month}月{at.day}日"


def _when(ctx: MessageContext) -> str:
    if ctx.start is not None:
        return f"{ctx.start.month}月{ctx.start.day}日 {ctx.start:%H:%M}"
    if ctx.due is not None:
        return f"{ctx.due.month}月{ctx.due.day}日"
    return ""


def _text(kind: str, ctx: MessageContext) -> str:
    g, when, store, svc, plate, phone = _greeting(ctx), _when(ctx), ctx.store_name, ctx.service, ctx.plate, ctx.store_phone
    call = f"致电{phone}" if phone else "联系门店"
    if kind == "booking_confirmed":
        return (f"{g}您好,您在{store}预约的{svc}已确认:{when},车牌{plate}。请您带好保养手册、行驶证准时到店;"
                f"如需改期请{call}。")
    if kind == "booking_rescheduled":
        return f"{g}您好,您的{svc}预约已改至{when}({store}),车牌{plate}。新的时间已为您预留,如有疑问请{call}。"
    if kind == "booking_cancelled":
        reason = f"({ctx.reason})" if ctx.reason else ""
        return f"{g}您好,很抱歉,您在{store}{when}的{svc}预约(车牌{plate})已取消{reason}。我们的客服人员会与您联系下次的预约时间。"
    if kind == "reminder":
        if ctx.variant == "1h":
            return (f"{g}您好,您预约的一小时后到店({when})进行{svc}的项目我们已经做好准备工作,请问您能准时到达吗?"
                    f"请在小程序中确认,如不能按时到店请{call}。")
        lead = "明天" if ctx.variant == "24h" else "今天"
        return (f"{g}您好,温馨提醒:您{lead}{when}在{store}预约了{svc}(车牌{plate}),我们已做好准备工作。"
                f"请在小程序中确认是否准时到店,请带好保养手册和行驶证。")
    if kind == "late":
        return f"{g}您好,您预约的{when}{svc}已过预约时间,请问您是否在路上?如需改期请{call}。"
    if kind == "no_show":
        return f"{g}您好,您预约的{when}{svc}因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。"
    if kind == "parts_arrived":
        return f"{g}您好,您的爱车({plate})所需的备件已到货,您可优先选择到店时间,请在小程序中预约或{call}。"
    if kind == "lapse_invitation":
        offer = f",选择推荐时段工时费可打{round((1 - ctx.discount) * 10, 1):g}折" if ctx.discount else ""
        return f"{g}您好,您的爱车({plate})已有一段时间未回厂保养,{store}诚邀您预约检查保养{offer}。"
    if kind == "first_service_due":
        return f"{g}您好,您的爱车({plate})将于{when}前到首保时间,首保请在规定时间和里程内完成,{store}欢迎您预约。"
    if kind == "maintenance_due":
        return f"{g}您好,根据您的行驶里程,您的爱车({plate})预计{when}到保养时间,欢迎预约{store}保养服务。"
    if kind == "follow_up":
        return f"{g}您好,感谢您选择{store}!您爱车({plate})的{svc}已完成,请花一分钟为本次服务评分,您的意见是我们改进的动力。"
    raise ValueError(f"unknown message kind {kind!r}")


def render(kind: str, ctx: MessageContext) -> Rendered:
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"unknown message kind {kind!r}")
    when_value = ctx.start or ctx.due
    fields = {
        "service": f"{ctx.store_name} {ctx.service}".strip(),
        "time": wechat_time(when_value) if when_value else "",
        "plate": ctx.plate,
        "status": _STATUS[kind],
        "remark": _REMARK[kind],
        "store": ctx.store_name,
        "name": _greeting(ctx),
    }
    sms = (_greeting(ctx), ctx.store_name, _when(ctx), ctx.service or _STATUS[kind], ctx.plate)
    return Rendered(kind, _text(kind, ctx), fields, tuple(fit_sms(p) for p in sms))


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
