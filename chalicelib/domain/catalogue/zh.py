"""简体中文: the wording customers and staff read today. The reference language: every other table has the same kinds."""
from __future__ import annotations

from collections.abc import Mapping

# Both day-ahead reminders say the same, with 明天 or 今天 as {lead}.
_REMINDER_AHEAD = (
    "{greeting}您好,温馨提醒:您{lead}{when}在{store}预约了{service}(车牌{plate}),我们已做好准备工作。"
    "请在小程序中确认是否准时到店,请带好保养手册和行驶证。"
)

TEXTS: Mapping[str, str] = {
    # Customer messages. Values: greeting, store, service, plate, when, call, reason, offer, lead.
    "message.booking_confirmed": (
        "{greeting}您好,您在{store}预约的{service}已确认:{when},车牌{plate}。请您带好保养手册、行驶证准时到店;"
        "如需改期请{call}。"
    ),
    "message.booking_rescheduled": (
        "{greeting}您好,您的{service}预约已改至{when}({store}),车牌{plate}。新的时间已为您预留,如有疑问请{call}。"
    ),
    "message.booking_cancelled": (
        "{greeting}您好,很抱歉,您在{store}{when}的{service}预约(车牌{plate})已取消{reason}。"
        "我们的客服人员会与您联系下次的预约时间。"
    ),
    "message.reminder.24h": _REMINDER_AHEAD,
    "message.reminder.3h": _REMINDER_AHEAD,
    "message.reminder.1h": (
        "{greeting}您好,您预约的一小时后到店({when})进行{service}的项目我们已经做好准备工作,请问您能准时到达吗?"
        "请在小程序中确认,如不能按时到店请{call}。"
    ),
    "message.late": "{greeting}您好,您预约的{when}{service}已过预约时间,请问您是否在路上?如需改期请{call}。",
    "message.no_show": (
        "{greeting}您好,您预约的{when}{service}因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。"
    ),
    "message.parts_arrived": (
        "{greeting}您好,您的爱车({plate})所需的备件已到货,您可优先选择到店时间,请在小程序中预约或{call}。"
    ),
    "message.lapse_invitation": "{greeting}您好,您的爱车({plate})已有一段时间未回厂保养,{store}诚邀您预约检查保养{offer}。",
    "message.first_service_due": (
        "{greeting}您好,您的爱车({plate})将于{when}前到首保时间,首保请在规定时间和里程内完成,{store}欢迎您预约。"
    ),
    "message.maintenance_due": (
        "{greeting}您好,根据您的行驶里程,您的爱车({plate})预计{when}到保养时间,欢迎预约{store}保养服务。"
    ),
    "message.follow_up": (
        "{greeting}您好,感谢您选择{store}!您爱车({plate})的{service}已完成,请花一分钟为本次服务评分,"
        "您的意见是我们改进的动力。"
    ),
    # The short status of a message (WeChat phrase field, or SMS when there is no service).
    "message.status.booking_confirmed": "预约成功",
    "message.status.booking_rescheduled": "已改期",
    "message.status.booking_cancelled": "已取消",
    "message.status.reminder": "待到店",
    "message.status.late": "请确认行程",
    "message.status.no_show": "已取消",
    "message.status.parts_arrived": "备件已到",
    "message.status.lapse_invitation": "邀您保养",
    "message.status.first_service_due": "首保提醒",
    "message.status.maintenance_due": "保养提醒",
    "message.status.follow_up": "服务回访",
    # The remark line of a WeChat subscribe message.
    "message.remark.booking_confirmed": "请带好保养手册和行驶证准时到店",
    "message.remark.booking_rescheduled": "新的时间已为您预留",
    "message.remark.booking_cancelled": "客服将与您联系重新预约",
    "message.remark.reminder": "请在小程序中确认是否准时到店",
    "message.remark.late": "为您保留的时间还有30分钟",
    "message.remark.no_show": "下次预约您将优先安排",
    "message.remark.parts_arrived": "您可优先选择到店时间",
    "message.remark.lapse_invitation": "推荐时段工时费享优惠",
    "message.remark.first_service_due": "首保请在规定里程内完成",
    "message.remark.maintenance_due": "按时保养让爱车更安心",
    "message.remark.follow_up": "请为本次服务评分",
    # Pieces of messages, chosen or filled in by the catalogue's parts.
    "part.greeting": "{surname}{honorific}",
    "part.honorific.先生": "先生",
    "part.honorific.女士": "女士",
    "part.call.phone": "致电{phone}",
    "part.call.store": "联系门店",
    "part.reason": "({reason})",
    "part.offer": ",选择推荐时段工时费可打{zhe}折",
    "part.lead.tomorrow": "明天",
    "part.lead.today": "今天",
    "part.when.datetime": "{month_name}{day}日 {time}",
    "part.when.date": "{month_name}{day}日",
    "part.month.1": "1月",
    "part.month.2": "2月",
    "part.month.3": "3月",
    "part.month.4": "4月",
    "part.month.5": "5月",
    "part.month.6": "6月",
    "part.month.7": "7月",
    "part.month.8": "8月",
    "part.month.9": "9月",
    "part.month.10": "10月",
    "part.month.11": "11月",
    "part.month.12": "12月",
    # Call tasks: the title staff see in their list.
    "task.reminder_unacknowledged": "提醒未确认,请电话确认是否按时到店",
    "task.late": "客户迟到30分钟,请电话询问是否在路上",
    "task.near_lost": "客户6个月未回厂,请电话关怀邀约",
    "task.follow_up_complaint": "回访低分/投诉,请主管跟进",
    "task.sla_confirmation": "预约超过2小时未确认时间与价格",
    # The lobby welcome board (plain text: the page escapes it).
    "board.html_lang": "zh-CN",
    "board.title": "预约欢迎板",
    "board.heading": "欢迎光临 · 预约客户",
    "board.updated": "更新于 {time}",
    "board.column.time": "预约时间",
    "board.column.customer": "客户",
    "board.column.plate": "车牌",
    "board.column.service": "服务项目",
    "board.column.advisor": "服务顾问",
    "board.column.status": "状态",
    "board.empty": "今日暂无预约",
    "board.page": "第 {page}/{pages} 页",
    "board.advisor_unassigned": "待分配",
    "board.footer": "预约客户请至前台,服务顾问将优先为您接待 · 预约电话 {phone}",
    "board.status.pending": "待确认",
    "board.status.confirmed": "已确认",
    "board.status.arrived": "已到店",
    "board.status.in_service": "维修中",
}
