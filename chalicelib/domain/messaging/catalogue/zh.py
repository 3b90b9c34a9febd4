"""简体中文: the wording customers and staff read today. The reference language: every other table has the same kinds."""
from __future__ import annotations

from collections.abc import Mapping

from . import staff_notice_texts, staff_reports

TEXTS: Mapping[str, str] = {
    **staff_reports.ZH,  # reports, their delivery to managers, the holiday warning
    **staff_notice_texts.ZH,  # changed bookings, confirmations due soon, call tasks (to staff)
    # Customer messages. Values: greeting, store, service, plate, when, call, reason, offer, lead, address,
    # advisor, price, hold, confirm, amount (each a part below, empty when the booking lacks it).
    "message.booking_confirmed": (
        "{greeting}您好，您在{store}的{service}预约已确认：{when}，车牌{plate}。{advisor}{price}{address}"
        "到店请带好行驶证和保养手册。{hold}如需改期请{call}。"
    ),
    "message.booking_rescheduled": (
        "{greeting}您好，您的{service}预约已改到{when}（{store}），车牌{plate}。新的时间已为您留好。{hold}如有疑问请{call}。"
    ),
    "message.booking_cancelled": (
        "{greeting}您好，很抱歉，您在{store}{when}的{service}预约（车牌{plate}）因门店原因取消{reason}，给您添麻烦了。"
        "您再次预约时我们会优先安排，可在小程序中选择新的时间，或{call}。"
    ),
    "message.reminder.24h": (
        "{greeting}您好，{store}提醒您：您{lead}{when}预约了{service}（车牌{plate}），{advisor_ready}。"
        "{confirm}到店请带好行驶证和保养手册，如需改期请{call}。"
    ),
    "message.reminder.3h": (
        "{greeting}您好，您今天{when}在{store}的{service}预约（车牌{plate}）还有约3小时。{address}{parking}{advisor}"
        "{hold}{confirm}"
    ),
    "message.reminder.1h": (
        "{greeting}您好，距您{when}的{service}预约还有1小时，{advisor_ready}。{address}{parking}"
        "请带好行驶证和保养手册，到店报车牌{plate}即可。{hold}{confirm}"
    ),
    "message.reminder.eve": (
        "{greeting}您好，{store}提醒您：您{lead}{when}预约了{service}（车牌{plate}）。{address}{parking}{advisor}"
        "请带好行驶证和保养手册。{hold}{confirm}如需改期请{call}。"
    ),
    "message.late": (
        "{greeting}您好，您预约的{when}{service}已过预约时间，为您保留的工位已安排给其他客户。请问您是否在路上？"
        "到店后我们会尽快为您安排，如需改期请{call}。"
    ),
    "message.no_show": (
        "{greeting}您好，您预约的{when}{service}因未能到店已取消。您下次预约我们会优先安排，"
        "在小程序中选择新的时间即可重新预约，或{call}。"
    ),
    "message.parts_expected": (
        "{greeting}您好，您的爱车（{plate}）{service}所需的备件目前暂时缺货，需要订货，预计到货时间为{when}。"
        "备件到货后我们会第一时间通知您，并优先为您安排到店时间。如有疑问请{call}。"
    ),
    "message.parts_arrived": (
        "{greeting}您好，您的爱车（{plate}）所需的备件已到货，您可优先选择到店时间，请在小程序中预约或{call}。"
    ),
    "message.service_started": (
        "{greeting}您好，您的爱车（{plate}）已开始{service}。{advisor}完工后我们会第一时间通知您取车。"
    ),
    "message.ready_for_pickup": (
        "{greeting}您好，您的爱车（{plate}）{service}已完工，可以到{store}取车了。{amount}如有疑问请{call}。"
    ),
    "message.lapse_invitation": "{greeting}您好，您的爱车（{plate}）已有一段时间未回厂保养，{store}诚邀您预约检查保养{offer}。",
    "message.first_service_due": (
        "{greeting}您好，您的爱车（{plate}）将于{when}前到首保时间，首保请在规定时间和里程内完成，{store}欢迎您预约。"
    ),
    "message.maintenance_due": (
        "{greeting}您好，根据您的行驶里程，您的爱车（{plate}）预计{when}到保养时间，欢迎预约{store}保养服务。"
    ),
    "message.follow_up": (
        "{greeting}您好，感谢您选择{store}！您爱车（{plate}）的{service}已完成，请花一分钟为本次服务评分，"
        "您的意见是我们改进的动力。"
    ),
    # The short status of a message (WeChat phrase field, or SMS when there is no service).
    "message.status.booking_confirmed": "预约成功",
    "message.status.booking_rescheduled": "已改期",
    "message.status.booking_cancelled": "已取消",
    "message.status.reminder": "待到店",
    "message.status.late": "请确认行程",
    "message.status.no_show": "已取消",
    "message.status.parts_expected": "备件订货中",
    "message.status.parts_arrived": "备件已到",
    "message.status.service_started": "维修中",
    "message.status.ready_for_pickup": "待取车",
    "message.status.lapse_invitation": "邀您保养",
    "message.status.first_service_due": "首保提醒",
    "message.status.maintenance_due": "保养提醒",
    "message.status.follow_up": "服务回访",
    # The remark line of a WeChat subscribe message.
    "message.remark.booking_confirmed": "请带行驶证，工位保留至预约后{minutes}分钟",
    "message.remark.booking_rescheduled": "新时间已留好，保留到预约后{minutes}分钟",
    "message.remark.booking_cancelled": "再次预约可优先安排",
    "message.remark.reminder": "请带好行驶证和保养手册",
    # A reminder's remark says what its moment needs (docs/product-rules.md#required-content), in 20 characters.
    "message.remark.reminder.24h": "请带行驶证和保养手册，改期请联系门店",
    "message.remark.reminder.3h": "到店报车牌即可，停车见预约详情",
    "message.remark.reminder.1h": "顾问已就位，为您保留到预约后{minutes}分钟",
    "message.remark.reminder.eve": "请带行驶证，为您保留到预约后{minutes}分钟",
    "message.remark.reminder.24h.ack": "您已确认到店，请带行驶证和保养手册",
    "message.remark.reminder.3h.ack": "您已确认到店，我们恭候您的光临",
    "message.remark.reminder.1h.ack": "您已确认，为您保留到预约后{minutes}分钟",
    "message.remark.reminder.eve.ack": "您已确认，为您保留到预约后{minutes}分钟",
    "message.remark.late": "保留时间已过，到店后尽快为您安排",
    "message.remark.no_show": "下次预约您将优先安排",
    "message.remark.parts_expected": "到货后优先为您安排到店时间",
    "message.remark.parts_arrived": "您可优先选择到店时间",
    "message.remark.service_started": "完工后第一时间通知您",
    "message.remark.ready_for_pickup": "取车时报车牌即可，如有疑问请联系门店",
    "message.remark.lapse_invitation": "推荐时段工时费享优惠",
    "message.remark.first_service_due": "首保请在规定里程内完成",
    "message.remark.maintenance_due": "按时保养让爱车更安心",
    "message.remark.follow_up": "请为本次服务评分",
    # What a WeChat field says when the booking has no value for it (a field is never empty).
    "message.blank.advisor": "到店分配",
    "message.blank.price": "到店评估",
    "message.blank.plate": "您的爱车",
    "message.blank.service": "到店服务",
    "message.blank.address": "详见门店信息",
    # Pieces of messages, chosen or filled in by the catalogue's parts.
    "part.greeting": "{surname}{honorific}",
    "part.greeting.unknown": "{surname}先生/女士",  # honorific not on file
    "part.honorific.先生": "先生",
    "part.honorific.女士": "女士",
    "part.call.phone": "致电{phone}",
    "part.call.store": "联系门店",
    "part.reason": "（{reason}）",
    "part.offer": "，选择推荐时段工时费可打{zhe}折",
    "part.lead.tomorrow": "明天",
    "part.lead.today": "今天",
    "part.advisor": "您的服务顾问是{advisor}。",
    "part.advisor_ready.named": "服务顾问{advisor}已为您做好准备",
    "part.advisor_ready.anyone": "我们已为您做好准备",
    "part.price": "预计费用{price}元{discount}。",
    "part.discount": "（推荐时段工时费{zhe}折）",
    "part.address": "门店地址：{address}。",
    "part.parking": "停车：{parking}。",
    "part.hold": "我们为您保留到预约时间后{minutes}分钟，逾时工位可能安排给其他客户。",
    "part.confirm.ask": "请在小程序中确认能否准时到店。",
    "part.confirm.done": "您已确认到店，我们恭候您的光临。",
    "part.amount": "本次费用合计{amount}元。",
    "part.opt_out": "拒收请回复R",  # Tencent's prescribed marketing opt-out (message_kinds.OPT_OUT)
    "part.opt_out.sms": "拒收请回复R",  # one SMS template parameter (at most 12 characters)
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
    "task.reminder_unacknowledged": "提醒未确认，请电话确认是否按时到店",
    "task.late": "客户迟到30分钟，请电话询问是否在路上",
    "task.near_lost": "客户6个月未回厂，请电话关怀邀约",
    "task.follow_up_complaint": "回访低分/投诉，请主管跟进",
    "task.sla_confirmation": "预约超过2小时未确认时间与价格",
    "task.rebook_no_show": "客户预约未到店，请电话关怀并重新预约",
    "task.rebook_store_cancel": "门店取消了预约，请致电客户致歉并优先改约",
    "task.parts_arrived": "备件已到，请电话通知客户并约定进厂时间",
    "task.follow_up_unanswered": "两次回访未回复，请电话回访",
    "task.first_service_unanswered": "新车首保邀请未回应，请电话提醒车主预约首保",
    "task.agree_new_time": "客户自行取消了预约，请致电约定新的时间",
    "task.call_back": "已答应客户回电，请按时回电",
    "task.parts_short": "备件检查缺件，请致电客户改约到店时间",
    "task.parts_unconfirmed": "到店前一小时备件仍未确认到位，请配件部确认",
    "task.deposit_mismatch": "微信支付账单与预约订金记录不一致，请核对",
    "task.extra_work_unanswered": "增项待客户确认，请电话沟通并记录客户答复",
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
    "board.pairing": "正在连接本店欢迎板…",
    "board.pair_refused": "配对链接无效、已过期或已使用：请在门店工作台重新生成",
    "board.pair_noscript": "请开启浏览器脚本后重新打开配对链接",
    "board.advisor_unassigned": "待分配",
    "board.expected_arrival": "预计{time}到",
    "board.promised": "预计{time}交车",
    "board.promised_delayed": "预计{time}交车（原定{first}）",
    "board.footer": "预约客户请至前台，服务顾问将优先为您接待 · 预约电话 {phone}",
    "board.checkin_code": "微信扫码签到 · 到店码 {code}",
    "board.status.pending": "待确认",
    "board.status.confirmed": "已确认",
    "board.status.arrived": "已到店",
    "board.status.in_service": "维修中",
    # The complaint loop (docs/product-rules.md#complaints): what the customer reads, the manager's task note.
    "message.complaint_received": (
        "{greeting}您好，感谢您的反馈，给您添麻烦了，非常抱歉。{store}店长将于{when}前与您联系处理，"
        "如需尽快沟通请{call}。"
    ),
    "message.complaint_recheck": (
        "{greeting}您好，{store}前几天已就您反馈的问题与您联系处理。现在问题解决了吗？"
        "请在小程序中再次为本次服务评分，感谢您的耐心。"
    ),
    "message.status.complaint_received": "已受理",
    "message.status.complaint_recheck": "回访确认",
    "message.remark.complaint_received": "店长将按时与您联系",
    "message.remark.complaint_recheck": "请再次为本次服务评分",
    # the job under way (docs/product-rules.md#promised-time), in the words of the dealer scripts
    "message.service_progress": (
        "{greeting}您好，您的爱车（{plate}）{service}进展顺利，预计{when}可以交车，完工后我们会第一时间通知您。"
        "如有疑问请{call}。"
    ),
    "message.service_delayed": (
        "{greeting}您好，我们非常抱歉地通知您：您的爱车（{plate}）在维修中{delay_reason}不能按原定时间交车，"
        "预计{when}完工，请您谅解！完工后我们会立即通知您取车，如有疑问请{call}。"
    ),
    "message.pickup_notice": (
        "{greeting}您好，您的爱车（{plate}）预计{when}完工，届时请到{store}取车，取车时报车牌即可。"
        "如有疑问请{call}。谢谢合作！"
    ),
    "message.status.service_progress": "进展顺利",
    "message.status.service_delayed": "交车延后",
    "message.status.pickup_notice": "即将完工",
    "message.remark.service_progress": "完工后第一时间通知您",
    "message.remark.service_delayed": "非常抱歉，完工后立即通知您",
    "message.remark.pickup_notice": "取车时报车牌即可",
    "part.delay_reason": "由于{reason}，",
    "message.extra_work_proposed": (
        "{greeting}您好，车间在为您的爱车（{plate}）{service}时发现需要增加维修项目，{extra_amount}"
        "请在小程序中查看原因、费用和对交车时间的影响，并确认是否同意；未经您同意不会施工。如有疑问请{call}。"
    ),
    "message.status.extra_work_proposed": "待您确认",
    "message.remark.extra_work_proposed": "请在小程序中确认是否同意",
    "part.extra_amount": "费用约{amount}元，",
    "message.deposit_unpaid": (
        "{greeting}您好，您的爱车（{plate}）{service}所需备件的订金未在30分钟内支付，订单已自动关闭，备件暂未订货，"
        "本次预约已取消。如仍需维修，欢迎在小程序中重新预约，或{call}。"
    ),
    "message.status.deposit_unpaid": "预约已取消",
    "message.remark.deposit_unpaid": "订金未付，备件未订货",
    "complaint.note": "{said}（{causes}）",
    "complaint.separator": "、",
    "complaint.cause.repair": "维修质量",
    "complaint.cause.attitude": "服务态度",
    "complaint.cause.waiting": "等待时间",
    "complaint.cause.price": "收费",
    "complaint.cause.general": "不满意",
    "complaint.cause.low_score": "低分",
    # A customer's contact preference as staff read it on the call list (docs/product-rules.md#contact-preference).
    "contact.preference": "{days} {hours}{avoid}",
    "contact.days.any": "每天",
    "contact.days.weekdays": "工作日",
    "contact.days.rest_days": "休息日",
    "contact.avoid": "，避开{windows}",
    "contact.separator": "、",
    # Campaigns (docs/product-rules.md#campaigns): marketing, the opt-out is added.
    "message.campaign_seasonal": "{greeting}您好，{store}{service}季节活动{when}开始，欢迎在小程序中预约到店。",
    "message.campaign_event": "{greeting}您好，{store}将于{when}举办{service}活动，欢迎在小程序中报名预约。",
    "message.status.campaign_seasonal": "活动邀约",
    "message.status.campaign_event": "活动通知",
    "message.remark.campaign_seasonal": "请在小程序中预约",
    "message.remark.campaign_event": "请在小程序中报名",
}
