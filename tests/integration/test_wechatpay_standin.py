"""The WeChat Pay adapter (the real `wechatpayv3` SDK, public-key mode) against the stand-in over HTTP: our
requests' signatures are verified by the stand-in, its answers' and notifications' by the SDK, and the
notification's resource is decrypted with the merchant's APIv3 key (decision 0062)."""
from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from chalicelib.adapters.booking.wechatpay import WECHATPAY_GATEWAY, ConfiguredWeChatPay, MerchantAccount, WeChatPayGateway
from chalicelib.domain.booking.payment import DepositOrder
from chalicelib.domain.errors import NotConfigured, Unauthorized, UpstreamUnavailable
from devstack.wechatpay_ledger import new_key_pair
from devstack.wechatpay_standin import WeChatPayStandIn

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


@pytest.fixture(scope="module")
def standin():
    server = WeChatPayStandIn().start()
    yield server
    server.stop()


def merchant(standin, *, public_key: str | None = None) -> MerchantAccount:
    private, public = new_key_pair()
    mchid, serial, apiv3 = str(1_900_000_000 + secrets.randbelow(99_999_999)), secrets.token_hex(20).upper(), \
        secrets.token_hex(16)
    standin.ledger.register(mchid, serial, public, apiv3, ["wx" + "1" * 16])
    return MerchantAccount(mchid, "wx" + "1" * 16, serial, private, apiv3,
                           public_key or standin.ledger.public_key_pem, standin.ledger.public_key_id)


def gateway(standin, account: MerchantAccount) -> WeChatPayGateway:
    return WeChatPayGateway(lambda chain_id: account, gateway=standin.url, notify_base="http://127.0.0.1:9",
                            deployed=False, clock=Clock())


def order(account: MerchantAccount, no: str, fen: int = 61_800) -> DepositOrder:
    return DepositOrder("c1", no, fen, "o-openid-1", "备件订金", NOW + timedelta(minutes=30))


def test_an_order_is_paid_and_the_signed_encrypted_notification_reads(standin):
    account = merchant(standin)
    pay = gateway(standin, account)
    prepay = pay.order(order(account, "ord1"))
    assert pay.order(order(account, "ord1")) == prepay  # the same order again: the same prepay id
    params = pay.pay_params("c1", prepay)
    assert params["package"] == f"prepay_id={prepay}" and params["signType"] == "RSA"
    signed = "\n".join([account.appid, params["timeStamp"], params["nonceStr"], params["package"]]) + "\n"
    public = serialization.load_pem_private_key(account.private_key.encode(), None).public_key()
    public.verify(base64.b64decode(params["paySign"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    assert pay.query("c1", "ord1").state == "NOTPAY"

    sent = standin.ledger.pay(account.mchid, "ord1")
    body, headers = standin.ledger.notification(account.mchid, "TRANSACTION.SUCCESS",
                                                standin.ledger.query(account.mchid, "ord1"))
    notice = pay.notice("c1", headers, body)
    assert notice.trade is not None and notice.trade.paid
    assert (notice.trade.order_no, notice.trade.transaction_id, notice.trade.paid_fen) == ("ord1", sent.transaction_id,
                                                                                         61_800)
    assert pay.query("c1", "ord1").paid


def test_a_notification_that_does_not_verify_is_refused(standin):
    account = merchant(standin)
    pay = gateway(standin, account)
    pay.order(order(account, "ord2"))
    standin.ledger.pay(account.mchid, "ord2")
    body, headers = standin.ledger.notification(account.mchid, "TRANSACTION.SUCCESS",
                                                standin.ledger.query(account.mchid, "ord2"))
    forged = json.loads(body)
    forged["event_type"] = "TRANSACTION.SUCCESS "
    for bad_headers, bad_body in ((headers, json.dumps(forged)), ({**headers, "Wechatpay-Signature-Type": ""}, body)):
        with pytest.raises(Unauthorized):
            pay.notice("c1", bad_headers, bad_body)


def test_close_then_query_and_a_paid_order_stays_paid(standin):
    account = merchant(standin)
    pay = gateway(standin, account)
    pay.order(order(account, "ord3"))
    pay.close("c1", "ord3")
    assert pay.query("c1", "ord3").state == "CLOSED"
    pay.order(order(account, "ord4"))
    standin.ledger.pay(account.mchid, "ord4")
    pay.close("c1", "ord4")  # ORDERPAID: not an error, the caller queries next
    assert pay.query("c1", "ord4").paid


def test_a_refund_is_processing_until_settled_and_its_notification_reads(standin):
    account = merchant(standin)
    pay = gateway(standin, account)
    pay.order(order(account, "ord5"))
    standin.ledger.pay(account.mchid, "ord5")
    first = pay.refund("c1", "ord5", "ord5-r1", 61_800, 61_800)
    assert (first.status, first.refund_fen) == ("PROCESSING", 61_800)
    assert pay.refund("c1", "ord5", "ord5-r1", 61_800, 61_800).status == "PROCESSING"  # idempotent
    refund = standin.ledger.settle(account.mchid, "ord5-r1")
    body, headers = standin.ledger.notification(account.mchid, "REFUND.SUCCESS", {
        "out_trade_no": "ord5", "out_refund_no": "ord5-r1", "refund_status": "SUCCESS",
        "amount": {"refund": refund.refund}})
    notice = pay.notice("c1", headers, body)
    assert notice.refund is not None and (notice.refund.refund_no, notice.refund.status) == ("ord5-r1", "SUCCESS")
    assert pay.query_refund("c1", "ord5-r1").status == "SUCCESS"
    assert standin.ledger.money()["ord5"] == {"collected": 61_800, "refunded": 61_800}


def test_requests_signed_with_another_key_and_answers_signed_by_another_are_refused(standin):
    account = merchant(standin)
    _, stranger = new_key_pair()
    with pytest.raises(UpstreamUnavailable):  # the SDK does not trust the answer
        gateway(standin, merchant(standin, public_key=stranger)).order(order(account, "ord6"))
    other_key, _ = new_key_pair()
    forged = MerchantAccount(account.mchid, account.appid, account.serial_no, other_key, account.apiv3_key,
                             account.public_key, account.public_key_id)
    with pytest.raises(Exception, match="SIGN_ERROR"):  # the stand-in does not trust the request (401)
        gateway(standin, forged).order(order(account, "ord7"))


def test_a_deployed_stage_refuses_any_gateway_but_wechat_pays(standin):
    account = merchant(standin)
    options = dict(wechatpay_type=None, mchid=account.mchid, private_key=account.private_key,
                   cert_serial_no=account.serial_no, appid=account.appid, apiv3_key=account.apiv3_key,
                   public_key=account.public_key, public_key_id=account.public_key_id)
    with pytest.raises(NotConfigured):
        ConfiguredWeChatPay(standin.url, deployed=True, **options)
    assert ConfiguredWeChatPay(WECHATPAY_GATEWAY + "/", deployed=True, **options)._core._gate_way == WECHATPAY_GATEWAY
    assert ConfiguredWeChatPay(standin.url, deployed=False, **options)._core._gate_way == standin.url
