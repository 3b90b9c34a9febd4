"""WeChat Pay for the booking life (decision 0062): the stand-in (devstack/wechatpay_standin.py) through the real
SDK, as the deposit tests pay. One stand-in and one merchant key pair for the whole run (a key pair takes long to
make); each world is a merchant of its own (a new merchant id), so two lives' order numbers never meet."""
from __future__ import annotations

import itertools

from chalicelib.adapters.booking.wechatpay import MerchantAccount, WeChatPayGateway
from chalicelib.domain.ports import Clock
from devstack.wechatpay_ledger import Ledger, new_key_pair
from devstack.wechatpay_standin import WeChatPayStandIn

APPID = "wxlife"  # the chain's mini-program, bound to each merchant
_running: list[WeChatPayStandIn] = []
_keys: list[tuple[str, str]] = []
_mchids = itertools.count(1_900_000_001)


def stand_in() -> WeChatPayStandIn:
    if not _running:
        _running.append(WeChatPayStandIn().start())
    return _running[0]


def stop() -> None:
    """Stop the stand-in (the end of a run); the next world starts another."""
    while _running:
        _running.pop().stop()


def merchant() -> tuple[MerchantAccount, Ledger]:
    if not _keys:
        _keys.append(new_key_pair())
    private, public = _keys[0]
    server = stand_in()
    mchid = str(next(_mchids))
    serial, apiv3 = f"{mchid:0>40}", f"{mchid:0>32}"
    server.ledger.register(mchid, serial, public, apiv3, [APPID])
    return MerchantAccount(mchid, APPID, serial, private, apiv3, server.ledger.public_key_pem,
                           server.ledger.public_key_id), server.ledger


def gateway(account: MerchantAccount, clock: Clock) -> WeChatPayGateway:
    return WeChatPayGateway(lambda chain_id: account, gateway=stand_in().url, notify_base="http://127.0.0.1:9",
                            deployed=False, clock=clock)
