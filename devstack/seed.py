"""The demo chain: chain `demo`, stores `demo-pudong` and `demo-xuhui` with their plan and price list, manager
login for both."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import Any

from chalicelib.adapters.dynamo.models import StaffModel
from chalicelib.adapters.dynamo.stores import StoreRepository
from chalicelib.adapters.people.passwords import Argon2Passwords
from chalicelib.domain.people.staff import PLATFORM_CHAIN
from chalicelib.domain.tenancy import onboarding
from chalicelib.domain.tenancy.chain import Chain
from chalicelib.domain.tenancy.plan_config import plan_from_json, plan_to_json, price_list_from_json
from chalicelib.domain.tenancy.store import WEEKDAYS, OpeningHours, Store

DEMO_FILE = Path(__file__).resolve().parent / "onboarding" / "demo.json"
DEMO_CHAIN = "demo"
DEMO_STORES = {"demo-pudong": "上海浦东店", "demo-xuhui": "上海徐汇店"}
# city, district and location (GCJ-02, as WeChat's map gives it): 世纪大道 in 浦东, 徐家汇 in 徐汇
DEMO_PLACES = {"demo-pudong": ("上海", "浦东新区", (31.2304, 121.5270)), "demo-xuhui": ("上海", "徐汇区", (31.1950, 121.4370))}
DEMO_ADDRESSES = {"demo-pudong": "上海市浦东新区世纪大道1000号", "demo-xuhui": "上海市徐汇区漕溪北路500号"}
MANAGER = "manager"
MANAGER_PHONE = "13900000001"  # the demo manager's evening reports arrive by SMS (the local SMS sink)
SMS_REPLY_SECRET = "demo-sms-reply-secret"  # signs the SMS stand-in's reply callbacks
OPERATOR = ("operator", "operator-pass")  # the platform operator: opens chains (POST /operator/chains)
# The demo stores' plan (削峰填谷): a busy Monday morning and Saturday, a recommended midweek afternoon with 15 %
# off labour; each segment takes at most `quota` bookings a day.
DEMO_PLAN = plan_from_json([
    {"id": "mon-peak", "name": "周一早高峰", "days": ["mon"], "from": "08:30", "to": "10:30", "tier": "busy",
     "quota": 10},
    {"id": "saturday", "name": "周六全天", "days": ["sat"], "tier": "busy", "quota": 40},
    {"id": "midweek-idle", "name": "周中午后闲时", "days": ["tue", "wed", "thu"], "from": "13:30", "to": "16:00",
     "tier": "recommended", "quota": 12, "discount": 0.15},
], default_discount=0.15)
# Standard charges per service type: billed labour hours × hourly rate (yuan) + parts estimate (yuan). First
# service, warranty, recall and rework cost the customer nothing (maker or store pays).
DEMO_PRICES = price_list_from_json({
    "maintenance": {"labour_hours": 2.0, "hourly_rate": 180, "parts": 350},
    "first_service": {"labour_hours": 1.0, "hourly_rate": 0, "parts": 0},
    "inspection": {"labour_hours": 0.5, "hourly_rate": 180, "parts": 0},
    "beauty": {"labour_hours": 1.5, "hourly_rate": 150, "parts": 200},
    "repair": {"labour_hours": 2.0, "hourly_rate": 200, "parts": 500},
    "accident": {"labour_hours": 4.0, "hourly_rate": 200, "parts": 2000},
    "warranty": {"labour_hours": 2.0, "hourly_rate": 0, "parts": 0},
    "recall": {"labour_hours": 1.0, "hourly_rate": 0, "parts": 0},
    "rework": {"labour_hours": 2.0, "hourly_rate": 0, "parts": 0},
})


def demo_store(store_id: str, name: str, **overrides: Any) -> Store:
    fields: dict[str, Any] = dict(
        chain_id=DEMO_CHAIN,
        store_id=store_id,
        name=name,
        address=DEMO_ADDRESSES.get(store_id, f"{name} 服务中心"),
        parking="地下车库B2层，预约客户免费停车2小时",
        phone="021-60000000",
        timezone="Asia/Shanghai",
        hours={d: OpeningHours(time(8, 30), time(17, 30)) for d in WEEKDAYS},
        slot_minutes=30,
        capacity_per_slot=4,
        walk_in_reserve=0.25,
        labour_hours={"pm": 16.0, "gr": 32.0},
        price_list=dict(DEMO_PRICES),
    )
    fields.update(overrides)
    return Store(**fields)


def demo_sms_templates() -> dict[str, dict[str, Any]]:
    """The demo chain's approved SMS templates, checked as onboarding checks them (devstack/demo_sms_templates.py)."""
    from chalicelib.domain.tenancy.onboarding import registered_sms_templates

    from .demo_sms_templates import sms_templates

    stores = [demo_store(store_id, name) for store_id, name in DEMO_STORES.items()]
    facts = {s.store_id: {"name": s.name, "address": s.address, "parking": s.parking, "phone": s.phone} for s in stores}
    return registered_sms_templates({"sms_templates": sms_templates(facts), "sms": {}}, stores)


def demo_file() -> onboarding.ChainFile:
    """The demo chain as its onboarding file describes it."""
    return onboarding.read(json.loads(DEMO_FILE.read_text(encoding="utf-8")))


def seed(
    stores: StoreRepository, ssm: Any, stage: str = "local", jwt_secret: str = "local-only-jwt-secret-0123456789abcdef"
) -> dict:
    """Idempotent: safe to run on every start. The chain and its stores are the onboarding file's
    (devstack/onboarding/demo.json, one source with what `python -m devstack.onboard` applies); what a file cannot
    hold is added here: the secrets behind its references and the server-push settings."""
    demo = demo_file()
    chain = onboarding.chain_of(demo.chain, None)
    ssm.put_parameter(Name=f"/appt/{stage}/jwt-secret", Value=jwt_secret, Type="SecureString", Overwrite=True)
    for ref, value in ((chain.mp_secret_ref, "demo-mini-program-secret"), (chain.sms["secret_id_ref"], "AKIDlocal"),
                       (chain.sms["secret_key_ref"], "local-sms-key"), (chain.sms["reply_secret_ref"], SMS_REPLY_SECRET),
                       (chain.oa_secret_ref, "demo-official-account-secret")):
        ssm.put_parameter(Name=ref, Value=value, Type="SecureString", Overwrite=True)
    push = _push_secrets(ssm, stage)
    stores.put_chain(replace(chain, push=push["refs"]))
    for store in demo.stores:
        stores.put(store)
    # the file's staff (the workshop and parts desks of Pudong too: docs/product-rules.md#workshop-and-parts), each
    # with the password <username>-pass
    accounts = [(m.username, f"{m.username}-pass", m.display_name, m.role.value, set(m.store_ids) or None)
                for m in demo.staff]
    for user, password, name, role, stores_of in accounts:
        StaffModel(DEMO_CHAIN, user, display_name=name, role=role, store_ids=stores_of,
                   password_hash=Argon2Passwords().hash(password),
                   phone=MANAGER_PHONE if user == MANAGER else None).save()
    seed_operator(stores, chain.mp_secret_ref)
    return {
        "operator_login": (*OPERATOR, PLATFORM_CHAIN),
        "chain": DEMO_CHAIN,
        "stores": list(DEMO_STORES),
        "plan": [f"{p['name']} {'/'.join(p['days'])} {p['from']}-{p['to'] or '24:00'} {p['tier']} quota {p['quota']}"
                 + (f" -{p['discount']:.0%} labour" if p["discount"] else "") for p in plan_to_json(DEMO_PLAN)],
        "staff_logins": [(user, password, role) for user, password, _, role, _ in accounts],
        "push_token": DEMO_PUSH_TOKEN,
        "push_aes_key": push["aes_key"],
    }


DEMO_OA_APPID = "wxdemooa00000001"
DEMO_ORIGINAL_ID = "gh_demo"  # the demo apps' original id (ToUserName of their pushes)
DEMO_PUSH_TOKEN = "demo-oa-token"  # the server token of the demo official account (and mini-program)


def _push_secrets(ssm: Any, stage: str) -> dict[str, Any]:
    """The demo apps' server-push token and safe-mode key in SSM: a new key each run (printed by the local run),
    unless DEMO_PUSH_AES_KEY gives one."""
    import os

    from devstack.wechat_push import new_aes_key

    aes_key = os.environ.get("DEMO_PUSH_AES_KEY") or new_aes_key()
    token_ref, key_ref = f"/appt/{stage}/demo/push-token", f"/appt/{stage}/demo/push-aes-key"
    ssm.put_parameter(Name=token_ref, Value=DEMO_PUSH_TOKEN, Type="SecureString", Overwrite=True)
    ssm.put_parameter(Name=key_ref, Value=aes_key, Type="SecureString", Overwrite=True)
    refs = {f"{app}.{name}": ref for app in ("oa", "mp") for name, ref in (("token_ref", token_ref), ("aes_key_ref", key_ref))}
    refs.update({f"{app}.original_id": DEMO_ORIGINAL_ID for app in ("oa", "mp")})  # what pushes must be addressed to
    return {"refs": refs, "aes_key": aes_key}


def seed_operator(stores: StoreRepository, secret_ref: str) -> None:
    """The platform chain, which has no stores and no mini-program of its own, and its operator login."""
    stores.put_chain(Chain(PLATFORM_CHAIN, "平台运营", mp_appid="-", mp_secret_ref=secret_ref))
    StaffModel(PLATFORM_CHAIN, OPERATOR[0], display_name="平台运营", role="operator", store_ids=None,
               password_hash=Argon2Passwords().hash(OPERATOR[1])).save()
