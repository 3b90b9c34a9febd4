"""Chains, stores and staff accounts: what a chain's admin configures."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


class ChainModel(Model):
    """A tenant. Key: chain_id. Holds a *reference* to the mini-program secret (an SSM name), never the secret."""

    class Meta:
        table_name = "chains"

    chain_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    mp_appid = UnicodeAttribute()
    mp_secret_ref = UnicodeAttribute()
    oa_appid = UnicodeAttribute(null=True)
    oa_secret_ref = UnicodeAttribute(null=True)
    templates = MapAttribute(default=dict)  # message kind -> subscribe template id
    oa_templates = MapAttribute(default=dict)  # message kind -> official-account template id
    keywords = MapAttribute(default=dict)  # message kind -> {template keyword: our field}
    sms = MapAttribute(default=dict)  # provider, sign, sdk_app_id, credential refs, "template.<kind>" ids
    push = MapAttribute(default=dict)  # "<app>.token_ref", "<app>.aes_key_ref": server push secrets' names
    sms_templates = UnicodeAttribute(null=True)  # JSON: template key -> approved SMS template (Chain.sms_templates)
    wecom = MapAttribute(default=dict)  # the chain's WeCom app: corp_id, agent_id, secret_ref (a secret's name)
    wechatpay = MapAttribute(default=dict)  # the chain's WeChat Pay merchant (decision 0062): ids, key names
    balance_payment = UnicodeAttribute(null=True)  # "mini_program"; absent: "cashier" (decision 0077)


class AllStoresIndex(GlobalSecondaryIndex):
    """Every store of every chain (registry = "store"): the daily report's work list in one Query."""

    class Meta:
        index_name = "all_stores"
        projection = AllProjection()

    registry = UnicodeAttribute(hash_key=True)
    store_id = UnicodeAttribute(range_key=True)


class StoreModel(Model):
    """A store. Key: chain_id (hash) + store_id (range): listing a chain's stores is one Query."""

    class Meta:
        table_name = "stores"

    registry = UnicodeAttribute(default="store")
    all_stores = AllStoresIndex()

    chain_id = UnicodeAttribute(hash_key=True)
    store_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    address = UnicodeAttribute(default="")
    phone = UnicodeAttribute(default="")
    timezone = UnicodeAttribute(default="Asia/Shanghai")
    hours = MapAttribute(default=dict)  # "mon" -> ["08:30", "17:30"]
    closed_dates = UnicodeSetAttribute(null=True)
    open_dates = UnicodeSetAttribute(null=True)
    closes_on_public_holidays = BooleanAttribute(default=True)
    slot_minutes = NumberAttribute(default=30)
    capacity_per_slot = NumberAttribute(default=3)
    walk_in_reserve = NumberAttribute(default=0)
    lead_time_minutes = NumberAttribute(default=60)
    horizon_days = NumberAttribute(default=30)
    grace_minutes = NumberAttribute(default=10)
    customer_cutoff_minutes = NumberAttribute(default=120)
    recommended_discount = NumberAttribute(default=0.15)
    recommended_below = NumberAttribute(default=0.3)
    busy_from = NumberAttribute(default=0.66)
    labour_hours = MapAttribute(default=dict)  # "pm" -> 16, "gr" -> 32
    reminder_offsets_minutes = ListAttribute(of=NumberAttribute, default=lambda: [1440, 180, 60])
    city = UnicodeAttribute(default="")
    parking = UnicodeAttribute(default="")
    quiet_hours = UnicodeAttribute(default="21:00-08:30")  # "" when the store has none
    district = UnicodeAttribute(default="")
    lat = NumberAttribute(null=True)  # location, GCJ-02
    lng = NumberAttribute(null=True)
    report_kinds = ListAttribute(of=UnicodeAttribute, null=True)  # delivered to managers; None: every kind
    report_recipients = ListAttribute(of=UnicodeAttribute, null=True)  # usernames; None or empty: the store's managers
    # load-levelling segments: [{"id", "name", "days": ["mon"], "from": "08:30", "to": "10:30" (null: end of day),
    # "tier", "quota" (null: none), "discount"}]
    plan = ListAttribute(default=list)
    price_list = MapAttribute(default=dict)  # service type -> {"labour_hours", "hourly_rate" (fen), "parts" (fen)}


class StaffModel(Model):
    """A staff login. Key: chain_id + username. Password kept only as a hash (Argon2id; older ones PBKDF2 until
    their next login). `token_version` is raised by every change that must end the account's open sessions."""

    class Meta:
        table_name = "staff"

    chain_id = UnicodeAttribute(hash_key=True)
    username = UnicodeAttribute(range_key=True)
    display_name = UnicodeAttribute()
    role = UnicodeAttribute()  # chain_admin | store_manager | advisor | operator (chain "platform")
    store_ids = UnicodeSetAttribute(null=True)
    password_hash = UnicodeAttribute()
    disabled = BooleanAttribute(default=False)
    token_version = NumberAttribute(default=0)
    days_off = UnicodeSetAttribute(null=True)  # weekdays ("sun") and dates ("2026-11-24") off duty
    phone = UnicodeAttribute(null=True)  # reports by SMS
    oa_openid = UnicodeAttribute(null=True)  # reports by official-account template message
    wecom_userid = UnicodeAttribute(null=True)  # staff notices and reports as WeCom app messages
    notices = UnicodeSetAttribute(null=True)  # the staff notices wanted (domain/messaging/staff_notices.py); none: all
    password_change_required = BooleanAttribute(null=True)  # a one-time password not changed yet; absent: none


class LoginThrottleModel(Model):
    """Failed-login counting per account and source. Key: `<chain>#<username>#<source>`; expires a day after
    its last attempt (`expires_at`, the table's TTL attribute)."""

    class Meta:
        table_name = "login-throttle"

    key = UnicodeAttribute(hash_key=True)
    attempts = NumberAttribute(default=0)
    not_before = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)  # the table's TTL: DynamoDB deletes the counter a day after its last attempt
