"""Staff notices about a booking that changed, a confirmation about to miss its 2 hours, and call tasks
(docs/product-rules.md#wecom-for-staff). Values: name, plate, time (the booking's day and time, or a task's deadline,
as the store reads it), was (the time before a reschedule), left (minutes left to confirm), task (the task's title),
what and price (an extra-work item and its price in yuan)."""
from __future__ import annotations

from collections.abc import Mapping

ZH: Mapping[str, str] = {
    "staff_notice.booking_rescheduled.title": "预约改期：{name} {plate}",
    "staff_notice.booking_rescheduled.text": "{name}（{plate}）的预约由{was}改到{time}，请留意接待安排。",
    "staff_notice.booking_cancelled_customer.title": "客户取消预约：{name} {plate}",
    "staff_notice.booking_cancelled_customer.text": "{name}（{plate}）取消了{time}的预约，请致电约定新的时间。",
    "staff_notice.booking_cancelled_store.title": "门店取消预约：{name} {plate}",
    "staff_notice.booking_cancelled_store.text": "{name}（{plate}）{time}的预约已由门店取消，请尽快致电客户致歉并优先改约。",
    "staff_notice.sla_warning.title": "预约即将超时未确认：{name} {plate}",
    "staff_notice.sla_warning.text": (
        "{name}（{plate}）预约了{time}，尚未确认，距2小时确认时限还剩{left}分钟，请尽快致电确认时间和报价。"
    ),
    "staff_notice.extra_work_approved.title": "客户同意增项：{name} {plate}",
    "staff_notice.extra_work_approved.text": "{name}（{plate}）同意了增项：{what}（{price}元），请安排施工。",
    "staff_notice.extra_work_declined.title": "客户不同意增项：{name} {plate}",
    "staff_notice.extra_work_declined.text": "{name}（{plate}）不同意增项：{what}，请按原项目继续施工。",
    "staff_notice.task_opened.title": "新任务：{task}",
    "staff_notice.task_opened.text": "{task}：{name}，请在{time}前处理。",
    "staff_notice.task_escalated.title": "任务已升级：{task}",
    "staff_notice.task_escalated.text": "{task}：{name}，超过时限（{time}）仍未处理，已升级给店长，请跟进。",
}

EN: Mapping[str, str] = {
    "staff_notice.booking_rescheduled.title": "Booking rescheduled: {name} {plate}",
    "staff_notice.booking_rescheduled.text": "{name} ({plate}) moved their booking from {was} to {time}.",
    "staff_notice.booking_cancelled_customer.title": "Customer cancelled: {name} {plate}",
    "staff_notice.booking_cancelled_customer.text": "{name} ({plate}) cancelled their booking of {time}; please call "
                                                    "to agree a new time.",
    "staff_notice.booking_cancelled_store.title": "Store cancelled: {name} {plate}",
    "staff_notice.booking_cancelled_store.text": "The store cancelled the booking of {name} ({plate}) at {time}; "
                                                 "please call to apologise and rebook with priority.",
    "staff_notice.sla_warning.title": "Confirmation due soon: {name} {plate}",
    "staff_notice.sla_warning.text": "{name} ({plate}) booked {time} and is not confirmed: {left} minutes left of "
                                     "the 2 hours; please call with the time and price.",
    "staff_notice.extra_work_approved.title": "Extra work agreed: {name} {plate}",
    "staff_notice.extra_work_approved.text": "{name} ({plate}) agreed to the extra work: {what} ({price} yuan); "
                                             "please schedule it.",
    "staff_notice.extra_work_declined.title": "Extra work declined: {name} {plate}",
    "staff_notice.extra_work_declined.text": "{name} ({plate}) declined the extra work: {what}; carry on with the "
                                             "booked work.",
    "staff_notice.task_opened.title": "New task: {task}",
    "staff_notice.task_opened.text": "{task}: {name}, due by {time}.",
    "staff_notice.task_escalated.title": "Task escalated: {task}",
    "staff_notice.task_escalated.text": "{task}: {name}, still open past its deadline ({time}) and went "
                                        "to the store manager; please follow it up.",
}
