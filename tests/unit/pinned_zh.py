"""The Chinese wording as customers read it, pinned: changing a message means changing it here on purpose.

render(kind, CONTEXTS[name]) must give exactly these strings: TEXTS (and SMS, in pinned_zh_sms.py) per
(context, kind), FIELDS per context (besides status and remark, which are per kind). The full_* contexts
are FULL with another reminder variant or an acknowledged customer, and are pinned for the reminder only.
Regenerated from the renderer when the wording was rewritten for advisor, price, address, the 10-minute
hold, distinct reminders, progress notices and rebooking offers; every string below was read and reviewed."""
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from chalicelib.domain.messaging.messages import MessageContext

SH = ZoneInfo("Asia/Shanghai")
FULL = MessageContext(
    customer_name="欧阳娜娜", honorific="女士", store_name="一汽马自达上海浦东新区旗舰服务中心", store_phone="021-60000000",
    service="保养", plate="沪AD12345", start=datetime(2026, 11, 24, 10, 0, tzinfo=SH), due=date(2026, 12, 20),
    reason="车间设备检修", variant="24h", discount=0.15, address="上海市浦东新区世纪大道1000号", parking="地下车库B2层",
    advisor="王顾问", price=65600, amount=71000, hold_minutes=10,
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
    "full_eve": replace(FULL, variant="eve"),
    "full_24h_acknowledged": replace(FULL, acknowledged=True),
    "full_3h_acknowledged": replace(FULL, variant="3h", acknowledged=True),
    "full_1h_acknowledged": replace(FULL, variant="1h", acknowledged=True),
    "full_eve_acknowledged": replace(FULL, variant="eve", acknowledged=True),
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
    "parts_expected": "备件订货中",
    "parts_arrived": "备件已到",
    "service_started": "维修中",
    "ready_for_pickup": "待取车",
    "lapse_invitation": "邀您保养",
    "first_service_due": "首保提醒",
    "maintenance_due": "保养提醒",
    "follow_up": "服务回访",
}
REMARK: dict[str, str] = {
    "booking_confirmed": "请带行驶证，工位保留至预约后10分钟",
    "booking_rescheduled": "新时间已留好，保留到预约后10分钟",
    "booking_cancelled": "再次预约可优先安排",
    "late": "保留时间已过，到店后尽快为您安排",
    "no_show": "下次预约您将优先安排",
    "parts_expected": "到货后优先为您安排到店时间",
    "parts_arrived": "您可优先选择到店时间",
    "service_started": "完工后第一时间通知您",
    "ready_for_pickup": "取车时报车牌即可，如有疑问请联系门店",
    "lapse_invitation": "推荐时段工时费享优惠",
    "first_service_due": "首保请在规定里程内完成",
    "maintenance_due": "按时保养让爱车更安心",
    "follow_up": "请为本次服务评分",
}
# A reminder's remark is its moment's (the FIELDS contexts: full is T-24h, plain T-3h, due T-1h, bare none).
REMARK_REMINDER: dict[str, str] = {
    "full": "请带行驶证和保养手册，改期请联系门店",
    "plain": "到店报车牌即可，停车见预约详情",
    "due": "顾问已就位，为您保留到预约后10分钟",
    "bare": "到店报车牌即可，停车见预约详情",
}
FIELDS: dict[str, dict[str, str]] = {
    "full": {
        "service": "一汽马自达上海浦东新区旗舰服务中心 保养",
        "time": "2026年11月24日 10:00",
        "date": "2026年12月20日",
        "plate": "沪AD12345",
        "store": "一汽马自达上海浦东新区旗舰服务中心",
        "name": "欧阳女士",
        "address": "上海市浦东新区世纪大道1000号",
        "phone": "021-60000000",
        "advisor": "王顾问",
        "price": "656.00元",
        "amount": "710.00",
    },
    "plain": {
        "service": "徐汇店 维修",
        "time": "2026年3月5日 09:30",
        "date": "2026年3月5日",
        "plate": "沪B67890",
        "store": "徐汇店",
        "name": "王先生/女士",
        "address": "详见门店信息",
        "phone": "",
        "advisor": "到店分配",
        "price": "到店评估",
        "amount": "",
    },
    "due": {
        "service": "浦东店",
        "time": "2027年1月8日",
        "date": "2027年1月8日",
        "plate": "沪C11111",
        "store": "浦东店",
        "name": "李先生",
        "address": "详见门店信息",
        "phone": "021-61111111",
        "advisor": "到店分配",
        "price": "到店评估",
        "amount": "",
    },
    "bare": {
        "service": "Demo",
        "time": "",
        "date": "",
        "plate": "您的爱车",
        "store": "Demo",
        "name": "Smith先生/女士",
        "address": "详见门店信息",
        "phone": "",
        "advisor": "到店分配",
        "price": "到店评估",
        "amount": "",
    },
}
TEXTS: dict[tuple[str, str], str] = {
    ("full", "booking_confirmed"):
        "欧阳女士您好，您在一汽马自达上海浦东新区旗舰服务中心的保养预约已确认：11月24日 10:00，车牌沪AD123"
        "45。您的服务顾问是王顾问。预计费用656.00元（推荐时段工时费8.5折）。门店地址：上海市浦东新区世纪大道1"
        "000号。到店请带好行驶证和保养手册。我们为您保留到预约时间后10分钟，逾时工位可能安排给其他客户。如需改期请致"
        "电021-60000000。",
    ("full", "booking_rescheduled"):
        "欧阳女士您好，您的保养预约已改到11月24日 10:00（一汽马自达上海浦东新区旗舰服务中心），车牌沪AD123"
        "45。新的时间已为您留好。我们为您保留到预约时间后10分钟，逾时工位可能安排给其他客户。如有疑问请致电021-6"
        "0000000。",
    ("full", "booking_cancelled"):
        "欧阳女士您好，很抱歉，您在一汽马自达上海浦东新区旗舰服务中心11月24日 10:00的保养预约（车牌沪AD123"
        "45）因门店原因取消（车间设备检修），给您添麻烦了。您再次预约时我们会优先安排，可在小程序中选择新的时间，或致电"
        "021-60000000。",
    ("full", "reminder"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心提醒您：您明天11月24日 10:00预约了保养（车牌沪AD12"
        "345），服务顾问王顾问已为您做好准备。请在小程序中确认能否准时到店。到店请带好行驶证和保养手册，如需改期请致电"
        "021-60000000。",
    ("full", "late"):
        "欧阳女士您好，您预约的11月24日 10:00保养已过预约时间，为您保留的工位已安排给其他客户。请问您是否在路上"
        "？到店后我们会尽快为您安排，如需改期请致电021-60000000。",
    ("full", "no_show"):
        "欧阳女士您好，您预约的11月24日 10:00保养因未能到店已取消。您下次预约我们会优先安排，在小程序中选择新的"
        "时间即可重新预约，或致电021-60000000。",
    ("full", "parts_expected"):
        "欧阳女士您好，您的爱车（沪AD12345）保养所需的备件目前暂时缺货，需要订货，预计到货时间为11月24日 10"
        ":00。备件到货后我们会第一时间通知您，并优先为您安排到店时间。如有疑问请致电021-60000000。",
    ("full", "parts_arrived"):
        "欧阳女士您好，您的爱车（沪AD12345）所需的备件已到货，您可优先选择到店时间，请在小程序中预约或致电021-"
        "60000000。",
    ("full", "service_started"):
        "欧阳女士您好，您的爱车（沪AD12345）已开始保养。您的服务顾问是王顾问。完工后我们会第一时间通知您取车。",
    ("full", "ready_for_pickup"):
        "欧阳女士您好，您的爱车（沪AD12345）保养已完工，可以到一汽马自达上海浦东新区旗舰服务中心取车了。本次费用合"
        "计710.00元。如有疑问请致电021-60000000。",
    ("full", "lapse_invitation"):
        "欧阳女士您好，您的爱车（沪AD12345）已有一段时间未回厂保养，一汽马自达上海浦东新区旗舰服务中心诚邀您预约检"
        "查保养，选择推荐时段工时费可打8.5折。拒收请回复R",
    ("full", "first_service_due"):
        "欧阳女士您好，您的爱车（沪AD12345）将于11月24日 10:00前到首保时间，首保请在规定时间和里程内完成"
        "，一汽马自达上海浦东新区旗舰服务中心欢迎您预约。拒收请回复R",
    ("full", "maintenance_due"):
        "欧阳女士您好，根据您的行驶里程，您的爱车（沪AD12345）预计11月24日 10:00到保养时间，欢迎预约一汽"
        "马自达上海浦东新区旗舰服务中心保养服务。拒收请回复R",
    ("full", "follow_up"):
        "欧阳女士您好，感谢您选择一汽马自达上海浦东新区旗舰服务中心！您爱车（沪AD12345）的保养已完成，请花一分钟为"
        "本次服务评分，您的意见是我们改进的动力。",
    ("plain", "booking_confirmed"):
        "王先生/女士您好，您在徐汇店的维修预约已确认：3月5日 09:30，车牌沪B67890。到店请带好行驶证和保养手"
        "册。如需改期请联系门店。",
    ("plain", "booking_rescheduled"):
        "王先生/女士您好，您的维修预约已改到3月5日 09:30（徐汇店），车牌沪B67890。新的时间已为您留好。如有"
        "疑问请联系门店。",
    ("plain", "booking_cancelled"):
        "王先生/女士您好，很抱歉，您在徐汇店3月5日 09:30的维修预约（车牌沪B67890）因门店原因取消，给您添麻"
        "烦了。您再次预约时我们会优先安排，可在小程序中选择新的时间，或联系门店。",
    ("plain", "reminder"):
        "王先生/女士您好，您今天3月5日 09:30在徐汇店的维修预约（车牌沪B67890）还有约3小时。请在小程序中确"
        "认能否准时到店。",
    ("plain", "late"):
        "王先生/女士您好，您预约的3月5日 09:30维修已过预约时间，为您保留的工位已安排给其他客户。请问您是否在路上"
        "？到店后我们会尽快为您安排，如需改期请联系门店。",
    ("plain", "no_show"):
        "王先生/女士您好，您预约的3月5日 09:30维修因未能到店已取消。您下次预约我们会优先安排，在小程序中选择新的"
        "时间即可重新预约，或联系门店。",
    ("plain", "parts_expected"):
        "王先生/女士您好，您的爱车（沪B67890）维修所需的备件目前暂时缺货，需要订货，预计到货时间为3月5日 09:"
        "30。备件到货后我们会第一时间通知您，并优先为您安排到店时间。如有疑问请联系门店。",
    ("plain", "parts_arrived"):
        "王先生/女士您好，您的爱车（沪B67890）所需的备件已到货，您可优先选择到店时间，请在小程序中预约或联系门店。",
    ("plain", "service_started"):
        "王先生/女士您好，您的爱车（沪B67890）已开始维修。完工后我们会第一时间通知您取车。",
    ("plain", "ready_for_pickup"):
        "王先生/女士您好，您的爱车（沪B67890）维修已完工，可以到徐汇店取车了。如有疑问请联系门店。",
    ("plain", "lapse_invitation"):
        "王先生/女士您好，您的爱车（沪B67890）已有一段时间未回厂保养，徐汇店诚邀您预约检查保养。拒收请回复R",
    ("plain", "first_service_due"):
        "王先生/女士您好，您的爱车（沪B67890）将于3月5日 09:30前到首保时间，首保请在规定时间和里程内完成，"
        "徐汇店欢迎您预约。拒收请回复R",
    ("plain", "maintenance_due"):
        "王先生/女士您好，根据您的行驶里程，您的爱车（沪B67890）预计3月5日 09:30到保养时间，欢迎预约徐汇店"
        "保养服务。拒收请回复R",
    ("plain", "follow_up"):
        "王先生/女士您好，感谢您选择徐汇店！您爱车（沪B67890）的维修已完成，请花一分钟为本次服务评分，您的意见是我"
        "们改进的动力。",
    ("due", "booking_confirmed"):
        "李先生您好，您在浦东店的预约已确认：1月8日，车牌沪C11111。到店请带好行驶证和保养手册。如需改期请致电02"
        "1-61111111。",
    ("due", "booking_rescheduled"):
        "李先生您好，您的预约已改到1月8日（浦东店），车牌沪C11111。新的时间已为您留好。如有疑问请致电021-61"
        "111111。",
    ("due", "booking_cancelled"):
        "李先生您好，很抱歉，您在浦东店1月8日的预约（车牌沪C11111）因门店原因取消，给您添麻烦了。您再次预约时我们"
        "会优先安排，可在小程序中选择新的时间，或致电021-61111111。",
    ("due", "reminder"):
        "李先生您好，距您1月8日的预约还有1小时，我们已为您做好准备。请带好行驶证和保养手册，到店报车牌沪C11111即"
        "可。请在小程序中确认能否准时到店。",
    ("due", "late"):
        "李先生您好，您预约的1月8日已过预约时间，为您保留的工位已安排给其他客户。请问您是否在路上？到店后我们会尽快为您"
        "安排，如需改期请致电021-61111111。",
    ("due", "no_show"):
        "李先生您好，您预约的1月8日因未能到店已取消。您下次预约我们会优先安排，在小程序中选择新的时间即可重新预约，或致"
        "电021-61111111。",
    ("due", "parts_expected"):
        "李先生您好，您的爱车（沪C11111）所需的备件目前暂时缺货，需要订货，预计到货时间为1月8日。备件到货后我们会"
        "第一时间通知您，并优先为您安排到店时间。如有疑问请致电021-61111111。",
    ("due", "parts_arrived"):
        "李先生您好，您的爱车（沪C11111）所需的备件已到货，您可优先选择到店时间，请在小程序中预约或致电021-61"
        "111111。",
    ("due", "service_started"):
        "李先生您好，您的爱车（沪C11111）已开始。完工后我们会第一时间通知您取车。",
    ("due", "ready_for_pickup"):
        "李先生您好，您的爱车（沪C11111）已完工，可以到浦东店取车了。如有疑问请致电021-61111111。",
    ("due", "lapse_invitation"):
        "李先生您好，您的爱车（沪C11111）已有一段时间未回厂保养，浦东店诚邀您预约检查保养，选择推荐时段工时费可打8"
        "折。拒收请回复R",
    ("due", "first_service_due"):
        "李先生您好，您的爱车（沪C11111）将于1月8日前到首保时间，首保请在规定时间和里程内完成，浦东店欢迎您预约。"
        "拒收请回复R",
    ("due", "maintenance_due"):
        "李先生您好，根据您的行驶里程，您的爱车（沪C11111）预计1月8日到保养时间，欢迎预约浦东店保养服务。拒收请回"
        "复R",
    ("due", "follow_up"):
        "李先生您好，感谢您选择浦东店！您爱车（沪C11111）的已完成，请花一分钟为本次服务评分，您的意见是我们改进的动"
        "力。",
    ("bare", "booking_confirmed"):
        "Smith先生/女士您好，您在Demo的预约已确认：，车牌。到店请带好行驶证和保养手册。如需改期请联系门店。",
    ("bare", "booking_rescheduled"):
        "Smith先生/女士您好，您的预约已改到（Demo），车牌。新的时间已为您留好。如有疑问请联系门店。",
    ("bare", "booking_cancelled"):
        "Smith先生/女士您好，很抱歉，您在Demo的预约（车牌）因门店原因取消，给您添麻烦了。您再次预约时我们会优先"
        "安排，可在小程序中选择新的时间，或联系门店。",
    ("bare", "reminder"):
        "Smith先生/女士您好，您今天在Demo的预约（车牌）还有约3小时。请在小程序中确认能否准时到店。",
    ("bare", "late"):
        "Smith先生/女士您好，您预约的已过预约时间，为您保留的工位已安排给其他客户。请问您是否在路上？到店后我们会尽"
        "快为您安排，如需改期请联系门店。",
    ("bare", "no_show"):
        "Smith先生/女士您好，您预约的因未能到店已取消。您下次预约我们会优先安排，在小程序中选择新的时间即可重新预约"
        "，或联系门店。",
    ("bare", "parts_expected"):
        "Smith先生/女士您好，您的爱车（）所需的备件目前暂时缺货，需要订货，预计到货时间为。备件到货后我们会第一时间"
        "通知您，并优先为您安排到店时间。如有疑问请联系门店。",
    ("bare", "parts_arrived"):
        "Smith先生/女士您好，您的爱车（）所需的备件已到货，您可优先选择到店时间，请在小程序中预约或联系门店。",
    ("bare", "service_started"):
        "Smith先生/女士您好，您的爱车（）已开始。完工后我们会第一时间通知您取车。",
    ("bare", "ready_for_pickup"):
        "Smith先生/女士您好，您的爱车（）已完工，可以到Demo取车了。如有疑问请联系门店。",
    ("bare", "lapse_invitation"):
        "Smith先生/女士您好，您的爱车（）已有一段时间未回厂保养，Demo诚邀您预约检查保养。拒收请回复R",
    ("bare", "first_service_due"):
        "Smith先生/女士您好，您的爱车（）将于前到首保时间，首保请在规定时间和里程内完成，Demo欢迎您预约。拒收请"
        "回复R",
    ("bare", "maintenance_due"):
        "Smith先生/女士您好，根据您的行驶里程，您的爱车（）预计到保养时间，欢迎预约Demo保养服务。拒收请回复R",
    ("bare", "follow_up"):
        "Smith先生/女士您好，感谢您选择Demo！您爱车（）的已完成，请花一分钟为本次服务评分，您的意见是我们改进的"
        "动力。",
    ("full_3h", "reminder"):
        "欧阳女士您好，您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心的保养预约（车牌沪AD12345"
        "）还有约3小时。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。请在小程序中确认能否准时到店。",
    ("full_1h", "reminder"):
        "欧阳女士您好，距您11月24日 10:00的保养预约还有1小时，服务顾问王顾问已为您做好准备。门店地址：上海市浦"
        "东新区世纪大道1000号。停车：地下车库B2层。请带好行驶证和保养手册，到店报车牌沪AD12345即可。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。请在小程序中确认能否准时到店。",
    ("full_eve", "reminder"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心提醒您：您明天11月24日 10:00预约了保养（车牌沪AD12"
        "345）。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。请带好行驶证和"
        "保养手册。我们为您保留到预约时间后10分钟，逾时工位可能安排给其他客户。请在小程序中确认能否准时到店。如需改期请"
        "致电021-60000000。",
    ("full_24h_acknowledged", "reminder"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心提醒您：您明天11月24日 10:00预约了保养（车牌沪AD12"
        "345），服务顾问王顾问已为您做好准备。您已确认到店，我们恭候您的光临。到店请带好行驶证和保养手册，如需改期请致"
        "电021-60000000。",
    ("full_3h_acknowledged", "reminder"):
        "欧阳女士您好，您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心的保养预约（车牌沪AD12345"
        "）还有约3小时。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。您已确认到店，我们恭候您的光临。",
    ("full_1h_acknowledged", "reminder"):
        "欧阳女士您好，距您11月24日 10:00的保养预约还有1小时，服务顾问王顾问已为您做好准备。门店地址：上海市浦"
        "东新区世纪大道1000号。停车：地下车库B2层。请带好行驶证和保养手册，到店报车牌沪AD12345即可。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。您已确认到店，我们恭候您的光临。",
    ("full_eve_acknowledged", "reminder"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心提醒您：您明天11月24日 10:00预约了保养（车牌沪AD12"
        "345）。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。请带好行驶证和"
        "保养手册。我们为您保留到预约时间后10分钟，逾时工位可能安排给其他客户。您已确认到店，我们恭候您的光临。如需改期"
        "请致电021-60000000。",
    ("full_no_variant", "reminder"):
        "欧阳女士您好，您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心的保养预约（车牌沪AD12345"
        "）还有约3小时。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。请在小程序中确认能否准时到店。",
    ("full_other_variant", "reminder"):
        "欧阳女士您好，您今天11月24日 10:00在一汽马自达上海浦东新区旗舰服务中心的保养预约（车牌沪AD12345"
        "）还有约3小时。门店地址：上海市浦东新区世纪大道1000号。停车：地下车库B2层。您的服务顾问是王顾问。我们为您"
        "保留到预约时间后10分钟，逾时工位可能安排给其他客户。请在小程序中确认能否准时到店。",
}

# The complaint loop's kinds (docs/product-rules.md#complaints); the bare context has no deadline to name,
# which a complaint_received message always has.
STATUS |= {"complaint_received": "已受理", "complaint_recheck": "回访确认"}
REMARK |= {"complaint_received": "店长将按时与您联系", "complaint_recheck": "请再次为本次服务评分"}
TEXTS |= {
    ("full", "complaint_received"):
        "欧阳女士您好，感谢您的反馈，给您添麻烦了，非常抱歉。一汽马自达上海浦东新区旗舰服务中心店长将于11月24"
        "日 10:00前与您联系处理，如需尽快沟通请致电021-60000000。",
    ("plain", "complaint_received"):
        "王先生/女士您好，感谢您的反馈，给您添麻烦了，非常抱歉。徐汇店店长将于3月5日 09:30前与您"
        "联系处理，如需尽快沟通请联系门店。",
    ("due", "complaint_received"):
        "李先生您好，感谢您的反馈，给您添麻烦了，非常抱歉。浦东店店长将于1月8日前与您联系处理，如需尽快沟通请致"
        "电021-61111111。",
    ("bare", "complaint_received"):
        "Smith先生/女士您好，感谢您的反馈，给您添麻烦了，非常抱歉。Demo店长将于前与您联系处理，"
        "如需尽快沟通请联系门店。",
    ("full", "complaint_recheck"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心前几天已就您反馈的问题与您联系处理。现在问题解决了吗？请"
        "在小程序中再次为本次服务评分，感谢您的耐心。",
    ("plain", "complaint_recheck"):
        "王先生/女士您好，徐汇店前几天已就您反馈的问题与您联系处理。现在问题解决了吗？请在小程序中再次为"
        "本次服务评分，感谢您的耐心。",
    ("due", "complaint_recheck"):
        "李先生您好，浦东店前几天已就您反馈的问题与您联系处理。现在问题解决了吗？请在小程序中再次为本次服务评分，"
        "感谢您的耐心。",
    ("bare", "complaint_recheck"):
        "Smith先生/女士您好，Demo前几天已就您反馈的问题与您联系处理。现在问题解决了吗？请在小程"
        "序中再次为本次服务评分，感谢您的耐心。",
}

# Campaigns (docs/product-rules.md#campaigns): marketing, with the opt-out.
STATUS |= {"campaign_seasonal": "活动邀约", "campaign_event": "活动通知"}
REMARK |= {"campaign_seasonal": "请在小程序中预约", "campaign_event": "请在小程序中报名"}
TEXTS |= {
    ("full", "campaign_seasonal"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心保养季节活动11月24日 10:00开始，欢迎在"
        "小程序中预约到店。拒收请回复R",
    ("plain", "campaign_seasonal"):
        "王先生/女士您好，徐汇店维修季节活动3月5日 09:30开始，欢迎在小程序中预约到店。拒收请回复"
        "R",
    ("due", "campaign_seasonal"):
        "李先生您好，浦东店季节活动1月8日开始，欢迎在小程序中预约到店。拒收请回复R",
    ("bare", "campaign_seasonal"):
        "Smith先生/女士您好，Demo季节活动开始，欢迎在小程序中预约到店。拒收请回复R",
    ("full", "campaign_event"):
        "欧阳女士您好，一汽马自达上海浦东新区旗舰服务中心将于11月24日 10:00举办保养活动，欢迎在"
        "小程序中报名预约。拒收请回复R",
    ("plain", "campaign_event"):
        "王先生/女士您好，徐汇店将于3月5日 09:30举办维修活动，欢迎在小程序中报名预约。拒收请回复"
        "R",
    ("due", "campaign_event"):
        "李先生您好，浦东店将于1月8日举办活动，欢迎在小程序中报名预约。拒收请回复R",
    ("bare", "campaign_event"):
        "Smith先生/女士您好，Demo将于举办活动，欢迎在小程序中报名预约。拒收请回复R",
}

# The job under way (docs/product-rules.md#promised-time): the time said is the promised hand-back time.
STATUS |= {"service_progress": "进展顺利", "service_delayed": "交车延后", "pickup_notice": "即将完工"}
REMARK |= {"service_progress": "完工后第一时间通知您",
           "service_delayed": "非常抱歉，完工后立即通知您", "pickup_notice": "取车时报车牌即可"}
TEXTS |= {
    ("full", "service_progress"):
        "欧阳女士您好，您的爱车（沪AD12345）保养进展顺利，预计11月24日 10:00可以交"
        "车，完工后我们会第一时间通知您。如有疑问请致电021-60000000。",
    ("plain", "service_progress"):
        "王先生/女士您好，您的爱车（沪B67890）维修进展顺利，预计3月5日 09:30可以交车"
        "，完工后我们会第一时间通知您。如有疑问请联系门店。",
    ("due", "service_progress"):
        "李先生您好，您的爱车（沪C11111）进展顺利，预计1月8日可以交车，完工后我们会第一时间"
        "通知您。如有疑问请致电021-61111111。",
    ("bare", "service_progress"):
        "Smith先生/女士您好，您的爱车（）进展顺利，预计可以交车，完工后我们会第一时间通知您。"
        "如有疑问请联系门店。",
    ("full", "service_delayed"):
        "欧阳女士您好，我们非常抱歉地通知您：您的爱车（沪AD12345）在维修中由于车间设备检修，"
        "不能按原定时间交车，预计11月24日 10:00完工，请您谅解！完工后我们会立即通知您取车"
        "，如有疑问请致电021-60000000。",
    ("plain", "service_delayed"):
        "王先生/女士您好，我们非常抱歉地通知您：您的爱车（沪B67890）在维修中不能按原定时间交"
        "车，预计3月5日 09:30完工，请您谅解！完工后我们会立即通知您取车，如有疑问请联系门店"
        "。",
    ("due", "service_delayed"):
        "李先生您好，我们非常抱歉地通知您：您的爱车（沪C11111）在维修中不能按原定时间交车，预"
        "计1月8日完工，请您谅解！完工后我们会立即通知您取车，如有疑问请致电021-6111111"
        "1。",
    ("bare", "service_delayed"):
        "Smith先生/女士您好，我们非常抱歉地通知您：您的爱车（）在维修中不能按原定时间交车，预"
        "计完工，请您谅解！完工后我们会立即通知您取车，如有疑问请联系门店。",
    ("full", "pickup_notice"):
        "欧阳女士您好，您的爱车（沪AD12345）预计11月24日 10:00完工，届时请到一汽马"
        "自达上海浦东新区旗舰服务中心取车，取车时报车牌即可。如有疑问请致电021-60000000"
        "。谢谢合作！",
    ("plain", "pickup_notice"):
        "王先生/女士您好，您的爱车（沪B67890）预计3月5日 09:30完工，届时请到徐汇店取"
        "车，取车时报车牌即可。如有疑问请联系门店。谢谢合作！",
    ("due", "pickup_notice"):
        "李先生您好，您的爱车（沪C11111）预计1月8日完工，届时请到浦东店取车，取车时报车牌即"
        "可。如有疑问请致电021-61111111。谢谢合作！",
    ("bare", "pickup_notice"):
        "Smith先生/女士您好，您的爱车（）预计完工，届时请到Demo取车，取车时报车牌即可。如"
        "有疑问请联系门店。谢谢合作！",
}

# Extra work (docs/product-rules.md#extra-work): the amount is the item's price.
STATUS |= {"extra_work_proposed": "待您确认"}
REMARK |= {"extra_work_proposed": "请在小程序中确认是否同意"}
TEXTS |= {
    ("full", "extra_work_proposed"):
        "欧阳女士您好，车间在为您的爱车（沪AD12345）保养时发现需要增加维修项目，费用约710"
        ".00元，请在小程序中查看原因、费用和对交车时间的影响，并确认是否同意；未经您同意不会施工"
        "。如有疑问请致电021-60000000。",
    ("plain", "extra_work_proposed"):
        "王先生/女士您好，车间在为您的爱车（沪B67890）维修时发现需要增加维修项目，请在小程序"
        "中查看原因、费用和对交车时间的影响，并确认是否同意；未经您同意不会施工。如有疑问请联系门店"
        "。",
    ("due", "extra_work_proposed"):
        "李先生您好，车间在为您的爱车（沪C11111）时发现需要增加维修项目，请在小程序中查看原因"
        "、费用和对交车时间的影响，并确认是否同意；未经您同意不会施工。如有疑问请致电021-611"
        "11111。",
    ("bare", "extra_work_proposed"):
        "Smith先生/女士您好，车间在为您的爱车（）时发现需要增加维修项目，请在小程序中查看原因"
        "、费用和对交车时间的影响，并确认是否同意；未经您同意不会施工。如有疑问请联系门店。",
}

# The deposit unpaid in time (docs/product-rules.md#deposit-payment): the parts request cancelled.
STATUS |= {"deposit_unpaid": "预约已取消"}
REMARK |= {"deposit_unpaid": "订金未付，备件未订货"}
TEXTS |= {
    ("full", "deposit_unpaid"):
        "欧阳女士您好，您的爱车（沪AD12345）保养所需备件的订金未在30分钟内支付，订单已自"
        "动关闭，备件暂未订货，本次预约已取消。如仍需维修，欢迎在小程序中重新预约，或致电021-"
        "60000000。",
    ("plain", "deposit_unpaid"):
        "王先生/女士您好，您的爱车（沪B67890）维修所需备件的订金未在30分钟内支付，订单已"
        "自动关闭，备件暂未订货，本次预约已取消。如仍需维修，欢迎在小程序中重新预约，或联系门店。",
    ("due", "deposit_unpaid"):
        "李先生您好，您的爱车（沪C11111）所需备件的订金未在30分钟内支付，订单已自动关闭，"
        "备件暂未订货，本次预约已取消。如仍需维修，欢迎在小程序中重新预约，或致电021-6111"
        "1111。",
    ("bare", "deposit_unpaid"):
        "Smith先生/女士您好，您的爱车（）所需备件的订金未在30分钟内支付，订单已自动关闭，"
        "备件暂未订货，本次预约已取消。如仍需维修，欢迎在小程序中重新预约，或联系门店。",
}
