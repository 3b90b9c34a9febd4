"""Deposits through the real WeChat Pay SDK against the stand-in (devstack/wechatpay_standin.py), on the memory
ports: a merchant of its own per test, a parts booking whose deposit is due, and its customer in the mini-program."""
from __future__ import annotations

import secrets

from chalicelib import container
from chalicelib.adapters.booking.wechatpay import MerchantAccount, WeChatPayGateway
from chalicelib.config import Settings
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.parts import parts_input
from chalicelib.domain.errors import NotFound, UpstreamUnavailable
from devstack.wechatpay_ledger import new_key_pair
from tests.support.bookings import PHONE_BOOKING

PARTS = {"expected": "2026-11-30", "estimate_fen": 123_457, "deposit_fen": 61_800}


def merchant(standin, appid: str) -> MerchantAccount:
    private, public = new_key_pair()
    mchid, serial, apiv3 = str(1_900_000_000 + secrets.randbelow(99_999_999)), secrets.token_hex(20).upper(), \
        secrets.token_hex(16)
    standin.ledger.register(mchid, serial, public, apiv3, [appid])
    return MerchantAccount(mchid, appid, serial, private, apiv3, standin.ledger.public_key_pem,
                           standin.ledger.public_key_id)


class Reachable:
    """The gateway, or WeChat Pay unreachable while `down` (every call: UpstreamUnavailable)."""

    def __init__(self, gateway: WeChatPayGateway) -> None:
        self.gateway, self.down = gateway, False

    def __getattr__(self, name: str):
        if self.down:
            raise UpstreamUnavailable("WeChat Pay did not answer", field="payment")
        return getattr(self.gateway, name)


def paying_services(clock, standin, account: MerchantAccount):
    """The use cases on memory ports, paying through the SDK and the stand-in; `svc.ports.payments.down`."""
    ports = container.memory_ports(clock)
    ports.payments = Reachable(WeChatPayGateway(lambda chain_id: account, gateway=standin.url,
                                                notify_base="http://127.0.0.1:9", deployed=False, clock=clock))
    return container.use_cases(Settings.from_env({}), ports)


def parts_booking(svc, who, phone: str = "13800138000", plate: str = "沪A12345", **parts) -> Booking:
    """A phone booking waiting for costly parts; its customer also uses the mini-program (their openid)."""
    body = {**PHONE_BOOKING, "start": None, "waiting_for_parts": True, "parts": {**PARTS, **parts},
            "customer": {**PHONE_BOOKING["customer"], "phone": phone},
            "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}
    booking = svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request(body), parts_input(body, waiting=True))
    state = svc.ports.customers._state  # the phone customer linked their mini-program (phone linking's business)
    with state.lock:
        state.customers[(booking.chain_id, booking.customer_id)]["openid"] = "o-" + booking.customer_id
    return booking


def owner(booking: Booking):
    def guard(b: Booking) -> None:
        if b.customer_id != booking.customer_id:
            raise NotFound("no such booking", field="booking_id")

    return guard


def notify(svc, standin, chain_id: str, answer: dict) -> None:
    """Post what the stand-in would have posted (its body and signed headers) to the use case."""
    svc.deposits.notified(chain_id, answer["headers"], answer["body"])


def pay(standin, account: MerchantAccount, order_no: str) -> dict:
    """The customer pays in WeChat; the notification is handed back rather than posted."""
    order = standin.ledger.pay(account.mchid, order_no)
    body, headers = standin.ledger.notification(account.mchid, "TRANSACTION.SUCCESS",
                                                standin.ledger.query(account.mchid, order.out_trade_no))
    return {"body": body, "headers": headers}


def settle(standin, account: MerchantAccount, refund_no: str) -> dict:
    refund = standin.ledger.settle(account.mchid, refund_no)
    body, headers = standin.ledger.notification(account.mchid, "REFUND.SUCCESS", {
        "mchid": account.mchid, "out_trade_no": refund.out_trade_no, "out_refund_no": refund.out_refund_no,
        "refund_status": refund.status, "amount": {"refund": refund.refund}})
    return {"body": body, "headers": headers}
