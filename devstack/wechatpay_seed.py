"""The demo chain's WeChat Pay merchant for the local run (decision 0062): a fresh API certificate key and APIv3
key registered with the stand-in, the two secrets in the stage's store under the chain's path, and the ids on
the chain, so a deposit pays end to end through the real SDK."""
from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from devstack.wechatpay_ledger import new_key_pair
from devstack.wechatpay_standin import WeChatPayStandIn

DEMO_MCHID = "1900000109"


def seed_merchant(stores: Any, ssm: Any, standin: WeChatPayStandIn, chain_id: str, stage: str = "local") -> str:
    """The chain's merchant id, after setting it all up (again on every start: the stand-in's keys are new)."""
    chain = stores.get_chain(chain_id)
    private, public = new_key_pair()
    serial, apiv3 = secrets.token_hex(20).upper(), secrets.token_hex(16)
    standin.ledger.register(DEMO_MCHID, serial, public, apiv3, [chain.mp_appid])
    path = f"/appt/{stage}/chains/{chain_id}"
    for name, value in (("wechatpay-private-key", private), ("wechatpay-apiv3-key", apiv3)):
        ssm.put_parameter(Name=f"{path}/{name}", Value=value, Type="SecureString", Overwrite=True)
    stores.put_chain(replace(chain, wechatpay={
        "mchid": DEMO_MCHID, "serial_no": serial, "public_key": standin.ledger.public_key_pem,
        "public_key_id": standin.ledger.public_key_id, "private_key_ref": f"{path}/wechatpay-private-key",
        "apiv3_key_ref": f"{path}/wechatpay-apiv3-key"}))
    return DEMO_MCHID
