"""A chain (tenant) as the services see it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ValidationError


@dataclass(frozen=True)
class Chain:
    chain_id: str
    name: str
    mp_appid: str
    mp_secret_ref: str  # the name of the secret in SSM, never the secret itself
    oa_appid: str | None = None
    oa_secret_ref: str | None = None
    templates: dict[str, str] = field(default_factory=dict)  # kind -> subscribe template id
    oa_templates: dict[str, str] = field(default_factory=dict)  # kind -> official-account template id
    # kind -> {template keyword: our field}, e.g. {"thing1": "store", "time2": "time"} (domain/messaging/wechat_fields.py);
    # a kind without one is sent the standard layout
    keywords: dict[str, dict[str, str]] = field(default_factory=dict)
    sms: dict[str, str] = field(default_factory=dict)  # provider, sign, sdk_app_id, secret refs, template.<kind>
    # WeChat server push, per app ("oa", "mp"): "<app>.token_ref", "<app>.aes_key_ref" (secret names)
    push: dict[str, str] = field(default_factory=dict)
    # template key ("booking_confirmed", "reminder.3h", "reminder.3h@store-id") -> its approved Tencent SMS
    # template: {"id", "sort", "text", "params": [{"field", "type", "max"}]} (domain/messaging/sms_templates.py)
    sms_templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    # WeCom (企业微信) app for staff notices (domain/tenancy/wecom_setup.py): "corp_id", "agent_id", "secret_ref"
    wecom: dict[str, str] = field(default_factory=dict)
    # WeChat Pay, the chain its own merchant (decision 0062): "mchid", "serial_no" (its API certificate's),
    # "public_key" + "public_key_id" (WeChat Pay's), "private_key_ref" + "apiv3_key_ref" (secret names),
    # "retained_percent" (of a deposit kept on a customer's late cancellation; default 0)
    wechatpay: dict[str, str] = field(default_factory=dict)
    # where the customer pays the bill's balance (尾款): CASHIER (at the store's own till, in its dealer system) or
    # MINI_PROGRAM (by WeChat Pay, to the chain's merchant; decision 0077)
    balance_payment: str = "cashier"


CASHIER, MINI_PROGRAM = "cashier", "mini_program"
BALANCE_PAYMENTS = (CASHIER, MINI_PROGRAM)


def balance_payment_of(value: Any, field: str = "balance_payment") -> str:
    """A chain's choice of where the balance is paid, checked (decision 0077)."""
    if value not in BALANCE_PAYMENTS:
        raise ValidationError(f"{field} is one of {', '.join(BALANCE_PAYMENTS)}", field=field)
    return str(value)
