"""The WeChat Pay stand-in's books and keys (devstack/wechatpay_standin.py serves them over HTTP).

What it keeps per merchant: the merchant's API certificate public key and serial (to verify our requests'
`WECHATPAY2-SHA256-RSA2048` Authorization), its APIv3 key (to encrypt notifications with AES-256-GCM), and its
orders and refunds. It signs answers and notifications with one test "WeChat Pay public key" pair and id
(public-key verification mode: no platform certificates). The ledger is what money moved: collected per order
and refunded per refund, so a test can hold the product's books against it.
"""
from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PUBLIC_KEY_ID = "PUB_KEY_ID_0000000000000000000000000000STANDIN"


def new_key_pair() -> tuple[str, str]:
    """(private key PEM, public key PEM) of a fresh RSA-2048 key: a merchant's API certificate in tests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def _now_text() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class Merchant:
    mchid: str
    serial_no: str
    public_key: Any  # the merchant API certificate's public key (verifies our requests)
    apiv3_key: str
    appids: set[str] = field(default_factory=set)  # app ids bound to the merchant; empty: any


@dataclass
class Order:
    mchid: str
    appid: str
    out_trade_no: str
    total: int
    openid: str
    notify_url: str
    description: str
    prepay_id: str
    state: str = "NOTPAY"  # NOTPAY, SUCCESS, CLOSED, REFUND
    transaction_id: str | None = None
    success_time: str | None = None
    refunded: int = 0


@dataclass
class Refund:
    mchid: str
    out_refund_no: str
    out_trade_no: str
    refund: int
    notify_url: str | None
    refund_id: str
    status: str = "PROCESSING"  # PROCESSING, SUCCESS


class PayError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Ledger:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._wechatpay_key = key
        self.public_key_pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        self.public_key_id = PUBLIC_KEY_ID
        self.merchants: dict[str, Merchant] = {}
        self.orders: dict[tuple[str, str], Order] = {}
        self.refunds: dict[tuple[str, str], Refund] = {}
        self.bills: dict[str, str] = {}  # token -> bill text

    # --- keys -----------------------------------------------------------------------------------------
    def register(self, mchid: str, serial_no: str, public_key_pem: str, apiv3_key: str,
                 appids: list[str] | None = None) -> None:
        if len(apiv3_key.encode()) != 32:
            raise ValueError("the APIv3 key is 32 bytes")
        public = serialization.load_pem_public_key(public_key_pem.encode())
        with self.lock:
            self.merchants[mchid] = Merchant(mchid, serial_no, public, apiv3_key, set(appids or ()))

    def sign(self, timestamp: str, nonce: str, body: str) -> str:
        message = f"{timestamp}\n{nonce}\n{body}\n".encode()
        return base64.b64encode(self._wechatpay_key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()

    def signed_headers(self, body: str) -> dict[str, str]:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        return {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Serial": self.public_key_id,
                "Wechatpay-Signature": self.sign(timestamp, nonce, body),
                "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}

    def verify(self, method: str, path: str, body: str, authorization: str | None) -> Merchant:
        """The merchant whose signature `authorization` is over this request, or PayError 401 SIGN_ERROR."""
        scheme, _, rest = (authorization or "").partition(" ")
        fields = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        fields = {k.strip(): v.strip().strip('"') for k, v in fields.items()}
        with self.lock:
            merchant = self.merchants.get(fields.get("mchid", ""))
        if scheme != "WECHATPAY2-SHA256-RSA2048" or merchant is None or fields.get("serial_no") != merchant.serial_no:
            raise PayError(401, "SIGN_ERROR", "unknown merchant or certificate serial")
        message = f"{method}\n{path}\n{fields.get('timestamp')}\n{fields.get('nonce_str')}\n{body}\n".encode()
        try:
            merchant.public_key.verify(base64.b64decode(fields.get("signature", "")), message, padding.PKCS1v15(),
                                       hashes.SHA256())
        except (InvalidSignature, ValueError) as exc:
            raise PayError(401, "SIGN_ERROR", "signature does not verify") from exc
        return merchant

    # --- orders ---------------------------------------------------------------------------------------
    def create(self, merchant: Merchant, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("mchid") != merchant.mchid:
            raise PayError(400, "PARAM_ERROR", "mchid does not match the signer")
        if merchant.appids and body.get("appid") not in merchant.appids:
            raise PayError(400, "APPID_MCHID_NOT_MATCH", "appid is not bound to the merchant")
        amount, payer = body.get("amount") or {}, body.get("payer") or {}
        total = amount.get("total")
        if not isinstance(total, int) or total <= 0 or not payer.get("openid") or not body.get("notify_url"):
            raise PayError(400, "PARAM_ERROR", "amount.total, payer.openid and notify_url are required")
        key = (merchant.mchid, str(body.get("out_trade_no")))
        with self.lock:
            found = self.orders.get(key)
            if found is not None:
                if found.total != total or found.openid != payer["openid"]:
                    raise PayError(403, "OUT_TRADE_NO_USED", "out_trade_no used with other parameters")
                if found.state == "CLOSED":
                    raise PayError(400, "ORDER_CLOSED", "the order is closed")
                return {"prepay_id": found.prepay_id}
            order = Order(merchant.mchid, str(body.get("appid")), key[1], total, payer["openid"], body["notify_url"],
                          str(body.get("description")), "wx" + secrets.token_hex(15))
            self.orders[key] = order
            return {"prepay_id": order.prepay_id}

    def order(self, mchid: str, out_trade_no: str) -> Order:
        with self.lock:
            found = self.orders.get((mchid, out_trade_no))
        if found is None:
            raise PayError(404, "ORDER_NOT_EXIST", "no such order")
        return found

    def query(self, mchid: str, out_trade_no: str) -> dict[str, Any]:
        o = self.order(mchid, out_trade_no)
        with self.lock:
            answer: dict[str, Any] = {"appid": o.appid, "mchid": o.mchid, "out_trade_no": o.out_trade_no,
                                      "trade_state": o.state, "trade_state_desc": o.state.lower(),
                                      "amount": {"total": o.total, "currency": "CNY"}, "payer": {"openid": o.openid}}
            if o.transaction_id:
                answer.update(transaction_id=o.transaction_id, success_time=o.success_time, trade_type="JSAPI",
                              amount={"total": o.total, "payer_total": o.total, "currency": "CNY",
                                      "payer_currency": "CNY"})
            return answer

    def close(self, mchid: str, out_trade_no: str) -> None:
        o = self.order(mchid, out_trade_no)
        with self.lock:
            if o.state in ("SUCCESS", "REFUND"):
                raise PayError(400, "ORDERPAID", "the order is paid")
            o.state = "CLOSED"

    def pay(self, mchid: str, out_trade_no: str) -> Order:
        """The customer pays (wx.requestPayment succeeded): once; a closed order cannot be paid."""
        o = self.order(mchid, out_trade_no)
        with self.lock:
            if o.state != "NOTPAY":
                raise PayError(400, "ORDER_" + o.state, f"the order is {o.state}")
            o.state, o.transaction_id, o.success_time = "SUCCESS", "4200" + secrets.token_hex(12), _now_text()
            return o

    # --- refunds --------------------------------------------------------------------------------------
    def refund(self, merchant: Merchant, body: dict[str, Any]) -> dict[str, Any]:
        o = self.order(merchant.mchid, str(body.get("out_trade_no")))
        amount = body.get("amount") or {}
        wanted = amount.get("refund")
        with self.lock:
            key = (merchant.mchid, str(body.get("out_refund_no")))
            found = self.refunds.get(key)
            if found is None:
                if o.state not in ("SUCCESS", "REFUND"):
                    raise PayError(400, "INVALID_REQUEST", "the order is not paid")
                if not isinstance(wanted, int) or wanted <= 0 or amount.get("total") != o.total \
                        or o.refunded + wanted > o.total:
                    raise PayError(400, "INVALID_REQUEST", "refund amount exceeds what is left")
                found = Refund(merchant.mchid, key[1], o.out_trade_no, wanted, body.get("notify_url"),
                               "5030" + secrets.token_hex(12))
                self.refunds[key] = found
                o.refunded += wanted
                o.state = "REFUND"
            elif found.refund != wanted or found.out_trade_no != o.out_trade_no:
                raise PayError(400, "INVALID_REQUEST", "out_refund_no used with other parameters")
            return self.refund_answer(found)

    def refund_answer(self, r: Refund) -> dict[str, Any]:
        return {"refund_id": r.refund_id, "out_refund_no": r.out_refund_no, "out_trade_no": r.out_trade_no,
                "status": r.status, "amount": {"refund": r.refund, "payer_refund": r.refund, "currency": "CNY"}}

    def find_refund(self, mchid: str, out_refund_no: str) -> Refund:
        with self.lock:
            found = self.refunds.get((mchid, out_refund_no))
        if found is None:
            raise PayError(404, "RESOURCE_NOT_EXISTS", "no such refund")
        return found

    def settle(self, mchid: str, out_refund_no: str) -> Refund:
        r = self.find_refund(mchid, out_refund_no)
        with self.lock:
            r.status = "SUCCESS"
        return r

    # --- notifications and bills ------------------------------------------------------------------------
    def notification(self, mchid: str, event_type: str, resource: dict[str, Any]) -> tuple[str, dict[str, str]]:
        """The body and signed headers of a notification, its resource encrypted with the merchant's APIv3 key."""
        merchant = self.merchants[mchid]
        nonce, associated = secrets.token_hex(6), "transaction" if event_type.startswith("TRANSACTION") else "refund"
        sealed = AESGCM(merchant.apiv3_key.encode()).encrypt(nonce.encode(), json.dumps(resource).encode(),
                                                             associated.encode())
        body = json.dumps({"id": secrets.token_hex(16), "create_time": _now_text(), "event_type": event_type,
                           "resource_type": "encrypt-resource", "summary": event_type.lower(),
                           "resource": {"original_type": associated, "algorithm": "AEAD_AES_256_GCM",
                                        "ciphertext": base64.b64encode(sealed).decode(),
                                        "associated_data": associated, "nonce": nonce}})
        return body, self.signed_headers(body)

    def bill(self, mchid: str) -> str:
        """A trade bill of every payment and settled refund of the merchant (the stand-in keeps no days), in the
        bill's layout: a header, rows with every value led by a backtick, then the summary; a token to download."""
        head = "交易时间,商户号,微信订单号,商户订单号,交易状态,应结订单金额,商户退款单号,退款金额"
        with self.lock:
            rows = [head]
            for o in self.orders.values():
                if o.mchid == mchid and o.transaction_id:
                    rows.append(f"`{o.success_time},`{o.mchid},`{o.transaction_id},`{o.out_trade_no},`SUCCESS,"
                                f"`{o.total / 100:.2f},`,`0.00")
            for r in self.refunds.values():
                if r.mchid == mchid and r.status == "SUCCESS":
                    o = self.orders[(mchid, r.out_trade_no)]
                    rows.append(f"`{o.success_time},`{o.mchid},`{o.transaction_id},`{o.out_trade_no},`REFUND,"
                                f"`0.00,`{r.out_refund_no},`{r.refund / 100:.2f}")
            rows += ["总交易单数,应结订单总金额,退款总金额", f"`{len(rows) - 1},`0.00,`0.00"]
            token = secrets.token_hex(8)
            self.bills[token] = "\n".join(rows) + "\n"
            return token

    def money(self) -> dict[str, dict[str, int]]:
        """What moved, per order: collected (paid by the customer) and refunded (settled refunds only)."""
        with self.lock:
            moved = {o.out_trade_no: {"collected": o.total if o.transaction_id else 0, "refunded": 0}
                     for o in self.orders.values()}
            for r in self.refunds.values():
                if r.status == "SUCCESS":
                    moved[r.out_trade_no]["refunded"] += r.refund
            return moved
