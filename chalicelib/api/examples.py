"""One example of each request body (api/schemas.py), shown by GET /openapi.json with every operation that
takes it. They are written for the demo chain the local run serves (devstack/onboarding/demo.json: chain
`demo`, stores `demo-pudong` and `demo-xuhui`, staff `manager`, `admin`, `wang`, `li`; the WeChat stand-in
takes any login code and a phone code `phone-<mobile>`), and tests/e2e/test_openapi_examples.py sends each
one to the running app and expects it accepted.
"""
from __future__ import annotations

from typing import Any

_CUSTOMER = {"name": "张伟", "phone": "13800138000", "honorific": "先生"}
_VEHICLE = {"plate": "沪A12345", "model": "Mazda 6", "mileage": 35000}
_DEMO_STORE: dict[str, Any] = {
    "name": "上海闵行店", "address": "上海市闵行区七莘路1000号", "phone": "021-60000001", "timezone": "Asia/Shanghai",
    "city": "上海", "district": "闵行区", "location": {"lat": 31.1124, "lng": 121.3816},
    "parking": "地面停车场，预约客户免费停车2小时",
    "hours": {**{day: ["08:30", "17:30"] for day in ("mon", "tue", "wed", "thu", "fri", "sat")}, "sun": None},
    "closed_dates": ["2026-12-31"], "open_dates": [], "closes_on_public_holidays": True,
    "slot_minutes": 30, "capacity_per_slot": 4, "walk_in_reserve": 0.25, "lead_time_minutes": 60, "horizon_days": 30,
    "grace_minutes": 10, "customer_cutoff_minutes": 120, "recommended_discount": 0.15, "recommended_below": 0.3,
    "busy_from": 0.66, "labour_hours": {"pm": 16, "gr": 32}, "reminder_offsets_minutes": [1440, 180, 60],
    "quiet_hours": ["21:00", "08:30"], "report_delivery": {"kinds": ["daily_report", "digest"], "recipients": ["manager"]},
    "plan": [
        {"id": "mon-peak", "name": "周一早高峰", "days": ["mon"], "from": "08:30", "to": "10:30", "tier": "busy",
         "quota": 10},
        {"id": "midweek-idle", "name": "周中午后闲时", "days": ["tue", "wed", "thu"], "from": "13:30", "to": "16:00",
         "tier": "recommended", "quota": 12, "discount": 0.15},
    ],
    "price_list": {"maintenance": {"labour_hours": 2.0, "hourly_rate": "180.00", "parts": "350.00"},
                   "inspection": {"labour_hours": 0.5, "hourly_rate": 180}},
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "MpLogin": {"chain_id": "demo", "code": "0e3Xk1Ga1Pv2dJ0nZ4Ia1jRmXZ3Xk1Gc"},
    "StaffLogin": {"chain_id": "demo", "username": "manager", "password": "manager-pass"},
    "BookingRequest": {"store_id": "demo-pudong", "start": "2026-11-24T10:00:00+08:00", "service_type": "maintenance",
                       "customer": _CUSTOMER,
                       "vehicle": {**_VEHICLE, "purchase_date": "2021-03-15", "last_service_date": "2026-05-20",
                                   "last_service_mileage": 30000},
                       "description": "常规保养，顺便检查刹车", "preferred_channel": "wechat"},
    "StaffBooking": {"start": "2026-11-24T14:00:00+08:00", "service_type": "repair", "source": "phone",
                     "customer": {"name": "李娜", "phone": "13900139000", "honorific": "女士"},
                     "vehicle": {"plate": "沪B54321", "model": "Camry", "mileage": 52000}, "description": "刹车异响",
                     "advisor": "wang", "estimate": {"labour_hours": 1.5, "price": "399.00"}},
    "WalkIn": {"service_type": "inspection", "customer": {"name": "王强", "phone": "13700137000"},
               "vehicle": {"plate": "沪C13579", "model": "Passat", "mileage": 80000}, "description": "年检前检查"},
    "AdvisorChange": {"username": "wang"},
    # what a pairing link carries after its "#": minted for one screen and good once, so this shows its shape only
    "BoardPair": {"link": "bW9jay1saW5rLWZvci1vbmUtc2NyZWVu.c2lnbmVk"},
    "NewChain": {"chain_id": "east-auto", "name": "东方汽车集团", "mp_appid": "wxeast00000000001",
                 "mp_secret": "0123456789abcdef0123456789abcdef",
                 "admin": {"username": "chief", "password": "chief-pass-2026", "display_name": "陈总"}},
    "WeChatSetup": {"oa_push_token": "eastAutoPush2026", "oa_push_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                    "oa_original_id": "gh_0123456789ab"},
    "WeComSetup": {"corp_id": "ww0123456789abcdef", "agent_id": "1000002",
                   "secret": "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"},
    "StaffWeCom": {"userid": "WangLei", "notices": ["arrivals", "digest"]},
    "CheckIn": {"scene": "k3x9q2m7pa", "location": {"lat": 31.2304, "lng": 121.527},
                "walk_in": {"service_type": "inspection", "customer": {"name": "刘洋", "phone": "13500135000"},
                            "vehicle": {"plate": "沪E11223", "model": "Lavida", "mileage": 60000}}},
    "Reschedule": {"start": "2026-11-26T10:00:00+08:00"},
    "PartsExpected": {"expected": "2026-12-01"},
    "CallBack": {"within_minutes": 10, "note": "问保养价格"},
    "ExpectedArrival": {"expected": "2026-11-25T15:40:00+08:00"},
    "ProgressCheck": {"note": "机油滤芯已更换，正在做四轮定位"},
    "Delay": {"reason": "需等待配件到货", "promised": "2026-11-24T18:00:00+08:00"},
    "CustomerFile": {"address": "浦东新区张江路1号", "leftovers": "左前轮胎磨损，建议下次更换"},
    "Cancel": {"reason": "临时出差，改天再约"},
    "Feedback": {"score": 5, "comment": "顾问很专业，等待时间短"},
    "ContactHours": {"contact_hours": ["09:00", "20:00"]},
    "Consent": {"marketing": True},
    "NewCampaign": {"campaign_id": "winter-check", "name": "冬季免费检查", "service_type": "maintenance",
                    "store_ids": ["demo-pudong"], "starts": "2026-12-01", "ends": "2026-12-31", "wording": "seasonal",
                    "audience": "due_this_month",
                    "coupon": {"amount_fen": 5000, "valid_from": "2026-12-01", "valid_to": "2026-12-31", "per_customer": 1}},
    "CampaignSchedule": {"send_at": "2026-12-01T10:00:00+08:00"},
    "Subscriptions": {"templates": {"booking_confirmed": 1, "reminder": 2}},
    "StaffAction": {"note": "已电话确认", "advisor": "wang", "estimate": {"labour_hours": 2, "price": "710.00"}},
    "TaskDone": {"outcome": "reached", "note": "客户说十分钟后到"},
    "StoreConfig": _DEMO_STORE,
    "NewStaff": {"username": "zhao", "password": "zhao-pass-2026", "display_name": "赵顾问", "role": "advisor",
                 "store_ids": ["demo-pudong"]},
    "StaffChange": {"store_ids": ["demo-xuhui", "demo-pudong"], "days_off": ["sun", "2026-12-24"]},
    "PasswordReset": {"password": "li-new-pass-2026"},
    "StaffContact": {"phone": "13900000002", "oa_openid": None},
    "HolidaySchedule": {"holidays": ["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10"], "workdays": ["2027-02-07"]},
    "OwnPassword": {"old": "wang-pass", "new": "wang-pass-2026"},
    "PhoneLink": {"code": "phone-13800138000", "plate": "沪A12345"},
    "WebhookEndpoint": {"url": "https://dms.example.com/appt-hooks", "events": ["booking.created", "booking.cancelled"],
                        "description": "经销商DMS"},
    "WebhookRotate": {"overlap_hours": 24},
    "DmsImport": {"store_id": "demo-pudong", "filename": "保养记录.xlsx"},
    "DmsRecord": {"store_id": "demo-pudong", "vin": "LFV2A21K000000123", "plate": "沪A88123", "model": "迈腾",
                  "purchase_date": "2024-03-01", "name": "周先生", "phone": "13900000123", "service_date": "2026-05-20",
                  "mileage": 32000, "jobs": "小保养"},
}
