"""What store managers read of reports: the CSV's column names, the delivered daily report and preparation
digest (WeChat official-account template message or SMS with a link), and the holiday-schedule warning.
Merged into the zh and en tables."""
from __future__ import annotations

from collections.abc import Mapping

ZH: Mapping[str, str] = {
    "report.total": "合计",
    "report.column.day": "日期",
    "report.column.store": "门店",
    "report.column.bookings": "预约数",
    "report.column.arrivals": "进场台次",
    "report.column.booked_arrivals": "预约进场",
    "report.column.walk_ins": "未预约进场",
    "report.column.on_time_arrivals": "准时到店",
    "report.column.no_shows": "爽约",
    "report.column.cancellations": "取消",
    "report.column.appointment_rate": "预约率",
    "report.column.bookings_due": "应到预约",
    "report.column.kept": "履约",
    "report.column.kept_rate": "预约成功率",
    "report.column.sla_misses": "超2小时未确认",
    "report.column.revenue_fen": "预估产值（元）",
    "report.column.priced_arrivals": "有报价进场",
    "report.column.first_service_due": "首保应到",
    "report.column.first_service_arrived": "首保进场",
    "report.column.first_service_rate": "首保进场率",
    "report.column.service": "{service}",
    "report.column.source": "来源：{source}",
    "report.column.sla_by_advisor": "超2小时未确认（按顾问）",
    "report.column.coupon_bookings": "用券预约",
    "report.column.coupon_fen": "优惠券抵扣（元）",
    "report.column.complaints": "客户投诉",
    "report.column.complaints_resolved": "投诉已解决",
    "report.column.complaints_unresolved": "投诉未解决",
    "report.column.complaints_open": "投诉处理中",
    "report.column.complaints_escalated": "投诉已升级",
    "report.column.hours_to_resolve_median": "投诉解决时长中位数（小时）",
    "report.column.hours_to_resolve_max": "投诉最长解决时长（小时）",
    "report.column.recheck_satisfied": "复访满意",
    "report.column.recheck_unsatisfied": "复访不满意",
    "report.column.complaints_by_cause": "投诉原因",
    "report.cause.repair": "维修质量",
    "report.cause.attitude": "服务态度",
    "report.cause.waiting": "等待时间",
    "report.cause.price": "收费",
    "report.cause.general": "其他不满",
    "report.cause.low_score": "低分",
    "report.chart.by_service": "预约数（按服务类型）",
    "report.chart.by_source": "预约数（按来源）",
    "report.chart.sla_by_advisor": "超2小时未确认（按顾问）",
    "report.source.mini_program": "小程序",
    "report.source.phone": "电话",
    "report.source.walk_in": "到店",
    "report.source.proactive": "主动邀约",
    # Delivered to store managers. Values: store, day, bookings, arrivals, no_shows, rate, count, parts, link, warning.
    "staff_report.daily_report.title": "{store}{day}预约日报",
    "staff_report.daily_report.text": (
        "{store}{day}预约日报：预约{bookings}台，进场{arrivals}台，爽约{no_shows}台，预约率{rate}。{warning}详情：{link}"
    ),
    "staff_report.digest.title": "{store}{day}预约准备清单",
    "staff_report.digest.text": "{store}{day}共{count}台预约，其中{parts}台需备件，请提前做好工位、技师和备件准备。清单：{link}",
    "staff_report.rate_none": "无",
    # Weekly and monthly reports (docs/product-rules.md#periodic-reports). Values: store, period, bookings,
    # arrivals, no_shows, rate, complaints, resolved, satisfied, link.
    "staff_report.period.week": "{first}至{last}",
    "staff_report.period.month": "{year}年{month}月",
    "staff_report.weekly_report.title": "{store}预约周报（{period}）",
    "staff_report.weekly_report.text": (
        "{store}{period}预约周报：预约{bookings}台，进场{arrivals}台，爽约{no_shows}台，预约率{rate}；"
        "客户投诉{complaints}起，已解决{resolved}起，复访满意{satisfied}起。详情及CSV：{link}"
    ),
    "staff_report.monthly_report.title": "{store}预约月报（{period}）",
    "staff_report.monthly_report.text": (
        "{store}{period}预约月报：预约{bookings}台，进场{arrivals}台，爽约{no_shows}台，预约率{rate}；"
        "客户投诉{complaints}起，已解决{resolved}起，复访满意{satisfied}起。详情及CSV：{link}"
    ),
    "staff_report.holidays_missing": "注意：{year}年法定节假日安排尚未录入，请管理员尽快导入。",
    # Told to the advisor at once when a customer checks in with the store's code. Values: name, plate, time.
    "staff_notice.customer_arrived.title": "客户已到店：{name} {plate}",
    "staff_notice.customer_arrived.text": "{name}（{plate}）已扫码到店，预约{time}，请到前台接待。",
    # Told to the booking's advisor (linked to WeCom) when a customer books online. Values: name, plate, time.
    "staff_notice.booking_new.title": "新预约：{name} {plate}",
    "staff_notice.booking_new.text": "{name}（{plate}）预约了{time}，请在2小时内确认时间和报价。",
}

EN: Mapping[str, str] = {
    "report.total": "Total",
    "report.column.day": "Date",
    "report.column.store": "Store",
    "report.column.bookings": "Bookings",
    "report.column.arrivals": "Arrivals",
    "report.column.booked_arrivals": "Booked arrivals",
    "report.column.walk_ins": "Walk-ins",
    "report.column.on_time_arrivals": "On time",
    "report.column.no_shows": "No-shows",
    "report.column.cancellations": "Cancellations",
    "report.column.appointment_rate": "Appointment rate",
    "report.column.bookings_due": "Bookings due",
    "report.column.kept": "Kept",
    "report.column.kept_rate": "Kept-appointment rate",
    "report.column.sla_misses": "Confirmation SLA misses",
    "report.column.revenue_fen": "Revenue estimate (yuan)",
    "report.column.priced_arrivals": "Priced arrivals",
    "report.column.first_service_due": "First services due",
    "report.column.first_service_arrived": "First services in",
    "report.column.first_service_rate": "First-service arrival rate",
    "report.column.service": "{service}",
    "report.column.source": "Source: {source}",
    "report.column.sla_by_advisor": "SLA misses by advisor",
    "report.column.coupon_bookings": "Coupon bookings",
    "report.column.coupon_fen": "Coupon discounts (yuan)",
    "report.column.complaints": "Complaints",
    "report.column.complaints_resolved": "Complaints resolved",
    "report.column.complaints_unresolved": "Complaints unresolved",
    "report.column.complaints_open": "Complaints open",
    "report.column.complaints_escalated": "Complaints escalated",
    "report.column.hours_to_resolve_median": "Median hours to resolve",
    "report.column.hours_to_resolve_max": "Longest hours to resolve",
    "report.column.recheck_satisfied": "Satisfied when asked again",
    "report.column.recheck_unsatisfied": "Unsatisfied when asked again",
    "report.column.complaints_by_cause": "Complaint causes",
    "report.cause.repair": "repair quality",
    "report.cause.attitude": "staff attitude",
    "report.cause.waiting": "waiting time",
    "report.cause.price": "charges",
    "report.cause.general": "general",
    "report.cause.low_score": "low score",
    "report.chart.by_service": "Bookings by service type",
    "report.chart.by_source": "Bookings by source",
    "report.chart.sla_by_advisor": "SLA misses by advisor",
    "report.source.mini_program": "mini-program",
    "report.source.phone": "phone",
    "report.source.walk_in": "walk-in",
    "report.source.proactive": "proactive",
    "staff_report.daily_report.title": "{store} daily report {day}",
    "staff_report.daily_report.text": (
        "{store} daily report {day}: {bookings} bookings, {arrivals} arrivals, {no_shows} no-shows, "
        "appointment rate {rate}. {warning}Details: {link}"
    ),
    "staff_report.digest.title": "{store} preparation list {day}",
    "staff_report.digest.text": (
        "{store} {day}: {count} bookings, {parts} waiting on parts. Please prepare bays, technicians and parts. "
        "List: {link}"
    ),
    "staff_report.rate_none": "n/a",
    "staff_report.period.week": "{first} to {last}",
    "staff_report.period.month": "{year}-{month:02d}",
    "staff_report.weekly_report.title": "{store} weekly report ({period})",
    "staff_report.weekly_report.text": (
        "{store} weekly report {period}: {bookings} bookings, {arrivals} arrivals, {no_shows} no-shows, "
        "appointment rate {rate}; {complaints} complaints, {resolved} resolved, {satisfied} satisfied when asked "
        "again. Details and CSV: {link}"
    ),
    "staff_report.monthly_report.title": "{store} monthly report ({period})",
    "staff_report.monthly_report.text": (
        "{store} monthly report {period}: {bookings} bookings, {arrivals} arrivals, {no_shows} no-shows, "
        "appointment rate {rate}; {complaints} complaints, {resolved} resolved, {satisfied} satisfied when asked "
        "again. Details and CSV: {link}"
    ),
    "staff_report.holidays_missing": (
        "Note: the official {year} public-holiday schedule is not loaded yet; ask an admin to load it. "
    ),
    "staff_notice.customer_arrived.title": "Customer arrived: {name} {plate}",
    "staff_notice.customer_arrived.text": "{name} ({plate}) checked in with the store's code, booked {time}; please "
                                          "meet them at reception.",
    "staff_notice.booking_new.title": "New booking: {name} {plate}",
    "staff_notice.booking_new.text": "{name} ({plate}) booked {time}; please confirm the time and price within "
                                     "2 hours.",
}
