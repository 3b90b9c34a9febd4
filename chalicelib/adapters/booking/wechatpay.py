"""The chain's merchant at WeChat Pay, API v3, through the `wechatpayv3` SDK (decision 0062): the payment
gateway port of domain/booking/payment.py.

The SDK signs our requests with the merchant's API certificate key, verifies answers and notifications with
WeChat Pay's public key (public-key mode: it never downloads platform certificates), and decrypts notification
resources (AES-256-GCM, the APIv3 key). It hard-codes WeChat Pay's gateway: `ConfiguredWeChatPay` takes the
gateway from configuration (the stand-in locally) and, in a deployed stage, refuses any other.
"""
from __future__ import annotations

import gzip
import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, timedelta, timezone
from decimal import Decimal
from typing import Any

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

from ...domain.booking.payment import BillRow, DepositOrder, PaymentNotice, RefundStatus, Trade
from ...domain.errors import Conflict, NotConfigured, Unauthorized, UpstreamUnavailable
from ...domain.ports import Clock, Secrets
from ...domain.tenancy.chain import Chain

WECHATPAY_GATEWAY = "https://api.mch.weixin.qq.com"
CHINA = timezone(timedelta(hours=8))
SETTINGS = ("mchid", "serial_no", "public_key", "public_key_id", "private_key_ref", "apiv3_key_ref")
# a close of an order already paid or closed is not an error here: the caller queries the order next
CLOSE_ANSWERS = {"ORDERPAID", "ORDER_PAID", "ORDER_CLOSED", "ORDERCLOSED"}


@dataclass(frozen=True)
class MerchantAccount:
    mchid: str
    appid: str  # the chain's mini-program, bound to the merchant
    serial_no: str
    private_key: str
    apiv3_key: str
    public_key: str
    public_key_id: str


class ConfiguredWeChatPay(WeChatPay):  # type: ignore[misc]  # the SDK is untyped
    """The SDK with its gateway from configuration: anything but WeChat Pay's own is refused when `deployed`."""

    def __init__(self, gateway: str, *, deployed: bool, **options: Any) -> None:
        gateway = gateway.rstrip("/")
        if deployed and gateway != WECHATPAY_GATEWAY:
            raise NotConfigured(f"a deployed stage pays only through {WECHATPAY_GATEWAY}", field="wechatpay_gateway")
        super().__init__(**options)
        self._core._gate_way = gateway


def chain_account(get_chain: Callable[[str], Chain], secrets: Secrets) -> Callable[[str], MerchantAccount]:
    """The chain's merchant from its settings and its two secrets; a chain without them takes no payments."""

    def account(chain_id: str) -> MerchantAccount:
        chain = get_chain(chain_id)
        settings = chain.wechatpay
        missing = next((name for name in SETTINGS if not settings.get(name)), None)
        if missing is not None:
            raise NotConfigured("the chain takes no WeChat Pay payments", field=f"wechatpay.{missing}",
                                code="chain_not_configured")
        return MerchantAccount(settings["mchid"], chain.mp_appid, settings["serial_no"],
                               secrets.get(settings["private_key_ref"]), secrets.get(settings["apiv3_key_ref"]),
                               settings["public_key"], settings["public_key_id"])

    return account


def _json(code: int, text: Any) -> dict[str, Any]:
    if code >= 500:
        raise UpstreamUnavailable(f"WeChat Pay answered {code}", field="payment")
    answer = json.loads(text) if isinstance(text, str) and text else {}
    if code >= 400:
        raise Conflict(f"WeChat Pay refused: {answer.get('code')} {answer.get('message')}", field="payment",
                       code="payment_refused")
    return answer if isinstance(answer, dict) else {}


def _trade(answer: dict[str, Any]) -> Trade:
    amount = answer.get("amount") or {}
    return Trade(str(answer.get("out_trade_no")), str(answer.get("trade_state")), answer.get("transaction_id"),
                 int(amount.get("payer_total", amount.get("total", 0)) or 0) if answer.get("transaction_id") else 0)


def _refund(answer: dict[str, Any]) -> RefundStatus:
    amount = answer.get("amount") or {}
    return RefundStatus(str(answer.get("out_refund_no")), str(answer.get("out_trade_no")),
                        str(answer.get("status") or answer.get("refund_status")), int(amount.get("refund", 0)))


class WeChatPayGateway:
    def __init__(self, accounts: Callable[[str], MerchantAccount], *, gateway: str, notify_base: str,
                 deployed: bool, clock: Clock, timeout: float = 10.0) -> None:
        self._accounts, self._gateway, self._deployed, self._clock = accounts, gateway, deployed, clock
        self._notify_base, self._timeout = notify_base.rstrip("/"), timeout
        self._clients: dict[tuple[str, MerchantAccount], ConfiguredWeChatPay] = {}
        self._lock = threading.Lock()

    def _client(self, chain_id: str) -> tuple[ConfiguredWeChatPay, MerchantAccount]:
        account = self._accounts(chain_id)
        with self._lock:  # one client per chain and key set (a new secret version is a new key set)
            client = self._clients.get((chain_id, account))
            if client is None:
                client = ConfiguredWeChatPay(
                    self._gateway, deployed=self._deployed, wechatpay_type=WeChatPayType.MINIPROG,
                    mchid=account.mchid, private_key=account.private_key, cert_serial_no=account.serial_no,
                    appid=account.appid, apiv3_key=account.apiv3_key, notify_url=self.notify_url(chain_id),
                    public_key=account.public_key, public_key_id=account.public_key_id, timeout=self._timeout)
                self._clients[(chain_id, account)] = client
        return client, account

    def notify_url(self, chain_id: str) -> str:
        return f"{self._notify_base}/wechatpay/notify/{chain_id}"

    def _call(self, call: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
        try:
            return call()
        except requests.RequestException as exc:
            raise UpstreamUnavailable(f"WeChat Pay did not answer: {type(exc).__name__}", field="payment") from exc
        except Exception as exc:  # the SDK's bare Exception: an answer whose signature does not verify  # noqa: BLE001
            raise UpstreamUnavailable(f"WeChat Pay's answer refused: {exc}", field="payment") from exc

    def order(self, order: DepositOrder) -> str:
        client, _ = self._client(order.chain_id)
        expires = order.expires_at.astimezone(CHINA).isoformat(timespec="seconds")
        code, text = self._call(lambda: client.pay(
            description=order.description, out_trade_no=order.order_no, amount={"total": order.amount_fen,
                                                                                "currency": "CNY"},
            payer={"openid": order.openid}, time_expire=expires, pay_type=WeChatPayType.JSAPI))
        return str(_json(code, text)["prepay_id"])

    def pay_params(self, chain_id: str, prepay_id: str) -> dict[str, str]:
        client, account = self._client(chain_id)
        stamp, nonce, package = str(int(self._clock.now().astimezone(UTC).timestamp())), uuid.uuid4().hex, \
            f"prepay_id={prepay_id}"
        return {"appId": account.appid, "timeStamp": stamp, "nonceStr": nonce, "package": package,
                "signType": "RSA", "paySign": client.sign([account.appid, stamp, nonce, package])}

    def query(self, chain_id: str, order_no: str) -> Trade:
        client, _ = self._client(chain_id)
        code, text = self._call(lambda: client.query(out_trade_no=order_no))
        if code == 404:
            return Trade(order_no, "NOT_EXIST")
        return _trade(_json(code, text))

    def close(self, chain_id: str, order_no: str) -> None:
        client, _ = self._client(chain_id)
        code, text = self._call(lambda: client.close(out_trade_no=order_no))
        if code in (200, 204, 404):
            return
        answer = json.loads(text) if isinstance(text, str) and text.startswith("{") else {}
        if code == 400 and answer.get("code") in CLOSE_ANSWERS:
            return
        _json(code, text)

    def refund(self, chain_id: str, order_no: str, refund_no: str, refund_fen: int, total_fen: int) -> RefundStatus:
        client, _ = self._client(chain_id)
        code, text = self._call(lambda: client.refund(
            out_refund_no=refund_no, out_trade_no=order_no, notify_url=self.notify_url(chain_id),
            amount={"refund": refund_fen, "total": total_fen, "currency": "CNY"}))
        return _refund(_json(code, text))

    def query_refund(self, chain_id: str, refund_no: str) -> RefundStatus:
        client, _ = self._client(chain_id)
        code, text = self._call(lambda: client.query_refund(out_refund_no=refund_no))
        return _refund(_json(code, text))

    def notice(self, chain_id: str, headers: dict[str, str], body: str) -> PaymentNotice:
        client, _ = self._client(chain_id)
        headers = {name.title(): value for name, value in headers.items()}  # Wechatpay-Signature, however it came
        try:
            result = client.callback(headers, body)
        except Exception as exc:  # the SDK raises a bare Exception for an unknown signature type  # noqa: BLE001
            raise Unauthorized("the notification does not verify", field="signature") from exc
        if not result:
            raise Unauthorized("the notification does not verify", field="signature")
        resource = result.get("resource") or {}
        if str(result.get("event_type", "")).startswith("REFUND."):
            return PaymentNotice(refund=_refund(resource))
        return PaymentNotice(trade=_trade(resource))

    def trade_bill(self, chain_id: str, day: date) -> list[BillRow]:
        client, _ = self._client(chain_id)
        code, text = self._call(lambda: client.trade_bill(bill_date=day.isoformat(), bill_type="ALL"))
        if code == 400 and isinstance(text, str) and "NO_STATEMENT_EXIST" in text:
            return []  # no trade that day
        url = str(_json(code, text)["download_url"])
        code, content = self._call(lambda: client.download_bill(url))
        if code != 200:
            _json(code, content)
        return read_bill(content if isinstance(content, bytes) else str(content).encode())


def _fen(text: str) -> int:
    return int((Decimal(text or "0") * 100).to_integral_value())


def read_bill(content: bytes) -> list[BillRow]:
    """The rows of a trade bill (CSV, every value led by a backtick; gzipped when asked so): payments with the
    settled order amount (应结订单金额), refunds with the refund amount (退款金额); the summary lines after the
    rows are not rows."""
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    lines = content.decode("utf-8-sig").splitlines()
    if not lines:
        return []
    header = [name.strip() for name in lines[0].split(",")]
    rows = []
    for line in lines[1:]:
        values = [value.strip().lstrip("`") for value in line.split(",")]
        if len(values) != len(header):
            break  # the summary (总交易单数, …) follows the rows
        row = dict(zip(header, values, strict=True))
        state = row.get("交易状态", "")
        amount = row.get("退款金额", "0") if state == "REFUND" else row.get("应结订单金额", "0")
        rows.append(BillRow(row.get("商户订单号", ""), row.get("微信订单号", ""), state, _fen(amount)))
    return rows
