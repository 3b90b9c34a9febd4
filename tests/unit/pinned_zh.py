"""Today's Chinese wording, captured from the renderer before the message catalogue existed.

render(kind, CONTEXTS[name]) must keep giving exactly these strings: TEXTS and SMS per (context, kind),
FIELDS per context (besides status and remark, which are per kind). The full_* contexts are FULL with
another reminder variant and are pinned for the reminder only."""
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.messages import MessageContext

SH = ZoneInfo("Asia/Shanghai")
FULL = MessageContext(
    customer_name="欧阳娜娜", honorific="女士", store_name="一汽马自达上海浦东新区旗舰服务中心", store_phone="021-60000000",
    service="保养", plate="沪AD12345", start=datetime(2026, 11, 24, 10, 0, tzinfo=SH), due=date(2026, 12, 20),
    reason="车间设备检修", variant="24h", discount=0.15,
)
CONTEXTS: dict[str, MessageContext] = {
    "full": FULL,
    "plain": MessageContext(customer_name="王建国", store_name="徐汇店", service="维修", plate="沪B67890",
                            start=datetime(2026, 3, 5, 9, 30, tzinfo=SH), variant="3h"),
    "due": MessageContext(customer_name="李雷", honorific="先生", store_name="浦东店", store_phone="021-61111111",
                          plate="沪C11111", due=date(2027, 1, 8), variant="1h", discount=0.2),
    "bare": MessageContext(customer_name="Anna Smith", store_name="Demo"),
    "full_3h": replace(FULL, variant="3h"),
    "full_1h": replace(FULL, variant="1h"),
    "full_no_variant": replace(FULL, variant=None),
    "full_other_variant": replace(FULL, variant="7d"),
}

STATUS: dict[str, str] = {
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
REMARK: dict[str, str] = {
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
FIELDS: dict[str, dict[str, str]] = {
    "full": {
        "service": "一汽马自达上海浦东新区旗舰服务中心 保养",
        "time": "2026年11月24日 10:00",
        "plate": "沪AD12345",
        "store": "一汽马自达上海浦东新区旗舰服务中心",
        "name": "欧阳女士",
    },
    "plain": {
        "service": "徐汇店 维修",
        "time": "2026年3月5日 09:30",
        "plate": "沪B67890",
        "store": "徐汇店",
        "name": "王建国",
    },
    "due": {
        "service": "浦东店",
        "time": "2027年1月8日",
        "plate": "沪C11111",
        "store": "浦东店",
        "name": "李先生",
    },
    "bare": {
        "service": "Demo",
        "time": "",
        "plate": "",
        "store": "Demo",
        "name": "Anna Smith",
    },
}
TEXTS: dict[tuple[str, str], str] = {
    ("full", "booking_confirmed"):
        "欧阳女士您好,您在一汽马自达上海浦东新区旗舰服务中心预约的保养已确认:11月24日 10:00,车牌沪AD12345。"
        "请您带好保养手册、行驶证准时到店;如需改期请致电021-60000000。",
    ("full", "booking_rescheduled"):
        "欧阳女士您好,您的保养预约已改至11月24日 10:00(一汽马自达上海浦东新区旗舰服务中心),车牌沪AD12345。新的时间已为您预留,"
        "如有疑问请致电021-60000000。",
    ("full", "booking_cancelled"):
        "欧阳女士您好,很抱歉,您在一汽马自达上海浦东新区旗舰服务中心11月24日 10:00的保养预约(车牌沪AD12345)已取消(车间设备检修)。"
        "我们的客服人员会与您联系下次的预约时间。",
    ("full", "reminder"):
        "欧阳女士您好,温馨提醒:您明天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心预约了保养(车牌沪AD12345),"
        "我们已做好准备工作。请在小程序中确认是否准时到店,请带好保养手册和行驶证。",
    ("full", "late"):
        "欧阳女士您好,您预约的11月24日 10:00保养已过预约时间,请问您是否在路上?如需改期请致电021-60000000。",
    ("full", "no_show"):
        "欧阳女士您好,您预约的11月24日 10:00保养因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。",
    ("full", "parts_arrived"):
        "欧阳女士您好,您的爱车(沪AD12345)所需的备件已到货,您可优先选择到店时间,请在小程序中预约或致电021-60000000。",
    ("full", "lapse_invitation"):
        "欧阳女士您好,您的爱车(沪AD12345)已有一段时间未回厂保养,一汽马自达上海浦东新区旗舰服务中心诚邀您预约检查保养,"
        "选择推荐时段工时费可打8.5折。",
    ("full", "first_service_due"):
        "欧阳女士您好,您的爱车(沪AD12345)将于11月24日 10:00前到首保时间,首保请在规定时间和里程内完成,"
        "一汽马自达上海浦东新区旗舰服务中心欢迎您预约。",
    ("full", "maintenance_due"):
        "欧阳女士您好,根据您的行驶里程,您的爱车(沪AD12345)预计11月24日 10:00到保养时间,"
        "欢迎预约一汽马自达上海浦东新区旗舰服务中心保养服务。",
    ("full", "follow_up"):
        "欧阳女士您好,感谢您选择一汽马自达上海浦东新区旗舰服务中心!您爱车(沪AD12345)的保养已完成,请花一分钟为本次服务评分,"
        "您的意见是我们改进的动力。",
    ("plain", "booking_confirmed"):
        "王建国您好,您在徐汇店预约的维修已确认:3月5日 09:30,车牌沪B67890。请您带好保养手册、行驶证准时到店;如需改期请联系门店。",
    ("plain", "booking_rescheduled"):
        "王建国您好,您的维修预约已改至3月5日 09:30(徐汇店),车牌沪B67890。新的时间已为您预留,如有疑问请联系门店。",
    ("plain", "booking_cancelled"):
        "王建国您好,很抱歉,您在徐汇店3月5日 09:30的维修预约(车牌沪B67890)已取消。我们的客服人员会与您联系下次的预约时间。",
    ("plain", "reminder"):
        "王建国您好,温馨提醒:您今天3月5日 09:30在徐汇店预约了维修(车牌沪B67890),我们已做好准备工作。"
        "请在小程序中确认是否准时到店,请带好保养手册和行驶证。",
    ("plain", "late"):
        "王建国您好,您预约的3月5日 09:30维修已过预约时间,请问您是否在路上?如需改期请联系门店。",
    ("plain", "no_show"):
        "王建国您好,您预约的3月5日 09:30维修因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。",
    ("plain", "parts_arrived"):
        "王建国您好,您的爱车(沪B67890)所需的备件已到货,您可优先选择到店时间,请在小程序中预约或联系门店。",
    ("plain", "lapse_invitation"):
        "王建国您好,您的爱车(沪B67890)已有一段时间未回厂保养,徐汇店诚邀您预约检查保养。",
    ("plain", "first_service_due"):
        "王建国您好,您的爱车(沪B67890)将于3月5日 09:30前到首保时间,首保请在规定时间和里程内完成,徐汇店欢迎您预约。",
    ("plain", "maintenance_due"):
        "王建国您好,根据您的行驶里程,您的爱车(沪B67890)预计3月5日 09:30到保养时间,欢迎预约徐汇店保养服务。",
    ("plain", "follow_up"):
        "王建国您好,感谢您选择徐汇店!您爱车(沪B67890)的维修已完成,请花一分钟为本次服务评分,您的意见是我们改进的动力。",
    ("due", "booking_confirmed"):
        "李先生您好,您在浦东店预约的已确认:1月8日,车牌沪C11111。请您带好保养手册、行驶证准时到店;如需改期请致电021-61111111。",
    ("due", "booking_rescheduled"):
        "李先生您好,您的预约已改至1月8日(浦东店),车牌沪C11111。新的时间已为您预留,如有疑问请致电021-61111111。",
    ("due", "booking_cancelled"):
        "李先生您好,很抱歉,您在浦东店1月8日的预约(车牌沪C11111)已取消。我们的客服人员会与您联系下次的预约时间。",
    ("due", "reminder"):
        "李先生您好,您预约的一小时后到店(1月8日)进行的项目我们已经做好准备工作,请问您能准时到达吗?请在小程序中确认,"
        "如不能按时到店请致电021-61111111。",
    ("due", "late"):
        "李先生您好,您预约的1月8日已过预约时间,请问您是否在路上?如需改期请致电021-61111111。",
    ("due", "no_show"):
        "李先生您好,您预约的1月8日因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。",
    ("due", "parts_arrived"):
        "李先生您好,您的爱车(沪C11111)所需的备件已到货,您可优先选择到店时间,请在小程序中预约或致电021-61111111。",
    ("due", "lapse_invitation"):
        "李先生您好,您的爱车(沪C11111)已有一段时间未回厂保养,浦东店诚邀您预约检查保养,选择推荐时段工时费可打8折。",
    ("due", "first_service_due"):
        "李先生您好,您的爱车(沪C11111)将于1月8日前到首保时间,首保请在规定时间和里程内完成,浦东店欢迎您预约。",
    ("due", "maintenance_due"):
        "李先生您好,根据您的行驶里程,您的爱车(沪C11111)预计1月8日到保养时间,欢迎预约浦东店保养服务。",
    ("due", "follow_up"):
        "李先生您好,感谢您选择浦东店!您爱车(沪C11111)的已完成,请花一分钟为本次服务评分,您的意见是我们改进的动力。",
    ("bare", "booking_confirmed"):
        "Anna Smith您好,您在Demo预约的已确认:,车牌。请您带好保养手册、行驶证准时到店;如需改期请联系门店。",
    ("bare", "booking_rescheduled"):
        "Anna Smith您好,您的预约已改至(Demo),车牌。新的时间已为您预留,如有疑问请联系门店。",
    ("bare", "booking_cancelled"):
        "Anna Smith您好,很抱歉,您在Demo的预约(车牌)已取消。我们的客服人员会与您联系下次的预约时间。",
    ("bare", "reminder"):
        "Anna Smith您好,温馨提醒:您今天在Demo预约了(车牌),我们已做好准备工作。请在小程序中确认是否准时到店,"
        "请带好保养手册和行驶证。",
    ("bare", "late"):
        "Anna Smith您好,您预约的已过预约时间,请问您是否在路上?如需改期请联系门店。",
    ("bare", "no_show"):
        "Anna Smith您好,您预约的因未能到店已取消。下次预约您将享有优先安排,欢迎在小程序中重新预约。",
    ("bare", "parts_arrived"):
        "Anna Smith您好,您的爱车()所需的备件已到货,您可优先选择到店时间,请在小程序中预约或联系门店。",
    ("bare", "lapse_invitation"):
        "Anna Smith您好,您的爱车()已有一段时间未回厂保养,Demo诚邀您预约检查保养。",
    ("bare", "first_service_due"):
        "Anna Smith您好,您的爱车()将于前到首保时间,首保请在规定时间和里程内完成,Demo欢迎您预约。",
    ("bare", "maintenance_due"):
        "Anna Smith您好,根据您的行驶里程,您的爱车()预计到保养时间,欢迎预约Demo保养服务。",
    ("bare", "follow_up"):
        "Anna Smith您好,感谢您选择Demo!您爱车()的已完成,请花一分钟为本次服务评分,您的意见是我们改进的动力。",
    ("full_3h", "reminder"):
        "欧阳女士您好,温馨提醒:您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心预约了保养(车牌沪AD12345),"
        "我们已做好准备工作。请在小程序中确认是否准时到店,请带好保养手册和行驶证。",
    ("full_1h", "reminder"):
        "欧阳女士您好,您预约的一小时后到店(11月24日 10:00)进行保养的项目我们已经做好准备工作,请问您能准时到达吗?"
        "请在小程序中确认,如不能按时到店请致电021-60000000。",
    ("full_no_variant", "reminder"):
        "欧阳女士您好,温馨提醒:您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心预约了保养(车牌沪AD12345),"
        "我们已做好准备工作。请在小程序中确认是否准时到店,请带好保养手册和行驶证。",
    ("full_other_variant", "reminder"):
        "欧阳女士您好,温馨提醒:您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心预约了保养(车牌沪AD12345),"
        "我们已做好准备工作。请在小程序中确认是否准时到店,请带好保养手册和行驶证。",
}
SMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("full", "booking_confirmed"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "booking_rescheduled"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "booking_cancelled"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "reminder"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "late"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "no_show"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "parts_arrived"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "lapse_invitation"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "first_service_due"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "maintenance_due"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full", "follow_up"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("plain", "booking_confirmed"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "booking_rescheduled"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "booking_cancelled"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "reminder"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "late"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "no_show"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "parts_arrived"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "lapse_invitation"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "first_service_due"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "maintenance_due"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("plain", "follow_up"): ("王建国", "徐汇店", "3月5日 09:30", "维修", "沪B67890"),
    ("due", "booking_confirmed"): ("李先生", "浦东店", "1月8日", "预约成功", "沪C11111"),
    ("due", "booking_rescheduled"): ("李先生", "浦东店", "1月8日", "已改期", "沪C11111"),
    ("due", "booking_cancelled"): ("李先生", "浦东店", "1月8日", "已取消", "沪C11111"),
    ("due", "reminder"): ("李先生", "浦东店", "1月8日", "待到店", "沪C11111"),
    ("due", "late"): ("李先生", "浦东店", "1月8日", "请确认行程", "沪C11111"),
    ("due", "no_show"): ("李先生", "浦东店", "1月8日", "已取消", "沪C11111"),
    ("due", "parts_arrived"): ("李先生", "浦东店", "1月8日", "备件已到", "沪C11111"),
    ("due", "lapse_invitation"): ("李先生", "浦东店", "1月8日", "邀您保养", "沪C11111"),
    ("due", "first_service_due"): ("李先生", "浦东店", "1月8日", "首保提醒", "沪C11111"),
    ("due", "maintenance_due"): ("李先生", "浦东店", "1月8日", "保养提醒", "沪C11111"),
    ("due", "follow_up"): ("李先生", "浦东店", "1月8日", "服务回访", "沪C11111"),
    ("bare", "booking_confirmed"): ("Anna Smith", "Demo", "", "预约成功", ""),
    ("bare", "booking_rescheduled"): ("Anna Smith", "Demo", "", "已改期", ""),
    ("bare", "booking_cancelled"): ("Anna Smith", "Demo", "", "已取消", ""),
    ("bare", "reminder"): ("Anna Smith", "Demo", "", "待到店", ""),
    ("bare", "late"): ("Anna Smith", "Demo", "", "请确认行程", ""),
    ("bare", "no_show"): ("Anna Smith", "Demo", "", "已取消", ""),
    ("bare", "parts_arrived"): ("Anna Smith", "Demo", "", "备件已到", ""),
    ("bare", "lapse_invitation"): ("Anna Smith", "Demo", "", "邀您保养", ""),
    ("bare", "first_service_due"): ("Anna Smith", "Demo", "", "首保提醒", ""),
    ("bare", "maintenance_due"): ("Anna Smith", "Demo", "", "保养提醒", ""),
    ("bare", "follow_up"): ("Anna Smith", "Demo", "", "服务回访", ""),
    ("full_3h", "reminder"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full_1h", "reminder"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full_no_variant", "reminder"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
    ("full_other_variant", "reminder"): ("欧阳女士", "一汽马自达上海浦东新区…", "11月24日 10:00", "保养", "沪AD12345"),
}
