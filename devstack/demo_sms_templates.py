"""The demo chain's approved Tencent SMS templates (as a chain admin copies them from the SMS console into the
onboarding file): one per message kind and reminder moment, the store's address, parking and phone as fixed
text in the templates that say them (one per store), the hold as fixed text, the rest as typed variables."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LIMITS = {"greeting": ("name", 10), "when": ("datetime", 20), "time": ("time", 5), "date": ("datetime", 12),
           "plate": ("text", 10), "advisor": ("name", 10), "price": ("text", 12), "amount": ("text", 12),
           "store": ("text", 12), "phone": ("phone", 15),
           "reason": ("text", 12)}
_HOLD = "我们为您保留到预约时间后10分钟，逾时工位可能安排给其他客户。"
_ASK = "请致电{phone}确认能否准时到店。"
_ACK = "您已确认到店，我们恭候您的光临。"
_BRING = "到店请带好行驶证和保养手册。"
_OPT_OUT = "拒收请回复R"

# key -> (sort, text with {n} variables and {address} {parking} {phone} {store} fixed per store, fields in order)
CHAIN_WIDE: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "booking_rescheduled": ("notice", "{1}您好，您的预约已改到{2}，门店：{3}，车牌{4}。" + _HOLD + "如有疑问请致电{5}。",
                            ("greeting", "when", "store", "plate", "phone")),
    "booking_cancelled": ("notice", "{1}您好，很抱歉，您{2}在{3}的预约因门店原因取消，给您添麻烦了。"
                          "您再次预约时我们会优先安排，请致电{4}。", ("greeting", "when", "store", "phone")),
    "reminder.24h": ("notice", "{1}您好，{2}提醒您：您预约的到店时间是{3}，车牌{4}。" + _BRING
                     + "请致电{5}确认能否准时到店，如需改期也请致电。", ("greeting", "store", "when", "plate", "phone")),
    "reminder.24h.ack": ("notice", "{1}您好，{2}提醒您：您预约的到店时间是{3}，车牌{4}。" + _ACK + _BRING
                         + "如需改期请致电{5}。", ("greeting", "store", "when", "plate", "phone")),
    "reminder.1h": ("notice", "{1}您好，距您{2}的预约还有1小时，服务顾问{3}已为您做好准备。" + _HOLD
                    + "请致电{4}确认能否准时到店。", ("greeting", "time", "advisor", "phone")),
    "reminder.1h.ack": ("notice", "{1}您好，距您{2}的预约还有1小时，服务顾问{3}已为您做好准备。" + _HOLD + _ACK,
                        ("greeting", "time", "advisor")),
    "late": ("notice", "{1}您好，您预约的{2}已过，为您保留的工位已安排给其他客户，您到店后我们会尽快为您安排。"
             "如需改期请致电{3}。", ("greeting", "when", "phone")),
    "no_show": ("notice", "{1}您好，您预约的{2}因未能到店已取消。您下次预约我们会优先安排，请致电{3}。",
                ("greeting", "when", "phone")),
    "parts_expected": ("notice", "{1}您好，您的爱车{2}所需的备件需要订货，预计到货日期{3}。到货后我们会第一时间通知您，"
                       "如有疑问请致电{4}。", ("greeting", "plate", "date", "phone")),
    "parts_arrived": ("notice", "{1}您好，您的爱车{2}所需的备件已到货，请致电{3}约定到店时间。",
                      ("greeting", "plate", "phone")),
    "service_started": ("notice", "{1}您好，您的爱车{2}已开始施工，服务顾问{3}为您跟进，完工后我们会第一时间通知您取车。",
                        ("greeting", "plate", "advisor")),
    "ready_for_pickup": ("notice", "{1}您好，您的爱车{2}已完工，可以到{3}取车了，本次费用合计{4}。如有疑问请致电{5}。",
                         ("greeting", "plate", "store", "amount", "phone")),
    "follow_up": ("notice", "{1}您好，感谢您选择{2}，您爱车{3}的服务已完成。如有任何问题请致电{4}。",
                  ("greeting", "store", "plate", "phone")),
    "lapse_invitation": ("marketing", "{1}您好，您的爱车{2}距上次保养已有一段时间，按时保养让爱车更安心，详询{3}。"
                         + _OPT_OUT, ("greeting", "plate", "phone")),
    "first_service_due": ("marketing", "{1}您好，您的爱车{2}将于{3}前到首保时间，首保请在规定时间和里程内完成，详询{4}。"
                          + _OPT_OUT, ("greeting", "plate", "date", "phone")),
    "maintenance_due": ("marketing", "{1}您好，根据行驶里程，您的爱车{2}预计{3}到保养时间，详询{4}。" + _OPT_OUT,
                        ("greeting", "plate", "date", "phone")),
    "complaint_received": ("notice", "{1}您好，感谢您的反馈，给您添麻烦了，非常抱歉。店长将于{2}前与您联系处理，"
                           "如需尽快沟通请致电{3}。", ("greeting", "when", "phone")),
    "complaint_recheck": ("notice", "{1}您好，{2}前几天已就您反馈的问题与您联系处理，感谢您的耐心。"
                          "如问题仍未解决，请致电{3}告诉我们。", ("greeting", "store", "phone")),
    "campaign_seasonal": ("marketing", "{1}您好，{2}季节保养活动开始了，详询{3}。" + _OPT_OUT,
                          ("greeting", "store", "phone")),
    "campaign_event": ("marketing", "{1}您好，{2}将于{3}举办车主活动，详询{4}。" + _OPT_OUT,
                       ("greeting", "store", "date", "phone")),
    # the job under way (docs/product-rules.md#promised-time)
    "service_progress": ("notice", "{1}您好，您的爱车{2}维修进展顺利，预计{3}可以交车，完工后我们会第一时间通知您。"
                         "如有疑问请致电{4}。", ("greeting", "plate", "when", "phone")),
    "service_delayed": ("notice", "{1}您好，我们非常抱歉地通知您：您的爱车{2}由于{3}，不能按原定时间交车，预计{4}完工，"
                        "请您谅解！如有疑问请致电{5}。", ("greeting", "plate", "reason", "when", "phone")),
    "pickup_notice": ("notice", "{1}您好，您的爱车{2}预计{3}完工，届时请到{4}取车。如有疑问请致电{5}。谢谢合作！",
                      ("greeting", "plate", "when", "store", "phone")),
    "extra_work_proposed": ("notice", "{1}您好，您的爱车{2}需要增加维修项目，费用约{3}，请在小程序中查看并确认是否同意，"
                            "未经您同意不会施工。如有疑问请致电{4}。", ("greeting", "plate", "amount", "phone")),
    "deposit_unpaid": ("notice", "{1}您好，您的爱车{2}所需备件的订金未按时支付，备件暂未订货，本次预约已取消。"
                       "如需重新预约请致电{3}。", ("greeting", "plate", "phone")),
}
_WHERE = "门店地址：{address}。停车：{parking}。"
PER_STORE: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "booking_confirmed": ("notice", "{1}您好，您在{store}的预约已确认：{2}，车牌{3}，服务顾问{4}，预计费用{5}。" + _WHERE
                          + _BRING + _HOLD + "如需改期请致电{phone}。", ("greeting", "when", "plate", "advisor", "price")),
    "reminder.3h": ("notice", "{1}您好，您今天{2}在{store}的预约还有约3小时。" + _WHERE + _ASK, ("greeting", "time")),
    "reminder.3h.ack": ("notice", "{1}您好，您今天{2}在{store}的预约还有约3小时。" + _WHERE + _ACK, ("greeting", "time")),
    "reminder.eve": ("notice", "{1}您好，{store}提醒您：您预约的到店时间是{2}。" + _WHERE + "服务顾问{3}将为您服务。"
                     + _BRING + _HOLD + "请致电{phone}确认能否准时到店，如需改期也请致电。", ("greeting", "when", "advisor")),
    "reminder.eve.ack": ("notice", "{1}您好，{store}提醒您：您预约的到店时间是{2}。" + _WHERE + "服务顾问{3}将为您服务。"
                         + _BRING + _HOLD + _ACK + "如需改期请致电{phone}。", ("greeting", "when", "advisor")),
}


def _template(template_id: str, sort: str, text: str, fields: tuple[str, ...]) -> dict[str, Any]:
    params = [{"field": f, "type": _LIMITS[f][0], "max": _LIMITS[f][1]} for f in fields]
    return {"id": template_id, "sort": sort, "text": text, "params": params}


def sms_templates(stores: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, Any]]:
    """Every template of the demo chain; `stores` gives each store's name, address, parking and phone."""
    found = {key: _template(str(200001 + i), sort, text, fields)
             for i, (key, (sort, text, fields)) in enumerate(CHAIN_WIDE.items())}
    for n, (store_id, store) in enumerate(stores.items()):
        for i, (key, (sort, text, fields)) in enumerate(PER_STORE.items()):
            fixed = text.replace("{store}", store["name"]).replace("{address}", store["address"])
            fixed = fixed.replace("{parking}", store["parking"]).replace("{phone}", store["phone"])
            found[f"{key}@{store_id}"] = _template(str(210001 + 100 * n + i), sort, fixed, fields)
    return found
