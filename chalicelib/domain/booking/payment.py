"""A booking's deposit payment as recorded (its rules: deposits.py; docs/product-rules.md#deposit-payment)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


class DepositState(enum.Enum):
    ORDERED = "ordered"
    PAID = "paid"
    CLOSED = "closed"
    REFUNDING = "refunding"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class Deposit:
    state: DepositState
    order_no: str  # our out_trade_no: one per booking (order_no_of)
    amount_fen: int  # what the order asks
    ordered_at: datetime
    due_by: datetime  # unpaid by then: the order is closed and the parts request cancelled
    prepay_id: str | None = None
    transaction_id: str | None = None  # WeChat Pay's, once paid
    paid_at: datetime | None = None
    paid_fen: int = 0  # collected (WeChat Pay's payer total)
    refund_no: str | None = None  # our out_refund_no, once a refund is asked
    refund_fen: int = 0  # the refund asked
    refunded_fen: int = 0  # the refund WeChat Pay confirmed

    @property
    def kept_fen(self) -> int:
        """What the chain keeps once every refund asked is through."""
        return self.paid_fen - self.refund_fen

    def to_json(self) -> dict[str, object]:
        return {"state": self.state.value, "amount_fen": self.amount_fen, "due_by": self.due_by.isoformat(),
                "paid_fen": self.paid_fen, "refund_fen": self.refund_fen, "refunded_fen": self.refunded_fen}

    def receipt_json(self) -> dict[str, object]:
        """A balance payment as the customer and the console read it (domain/booking/balance.py): its state, what
        was asked, what was paid, when, and WeChat Pay's transaction id."""
        return {"state": self.state.value, "amount_fen": self.amount_fen, "due_by": self.due_by.isoformat(),
                "paid_fen": self.paid_fen, "paid_at": self.paid_at.isoformat() if self.paid_at else None,
                "transaction_id": self.transaction_id, "refund_fen": self.refund_fen,
                "refunded_fen": self.refunded_fen}


# --- the payment provider's port (adapters/booking/wechatpay.py; a fake in adapters/memory/payments.py) ----------

@dataclass(frozen=True)
class DepositOrder:
    """A JSAPI order to ask for: the chain's merchant takes `amount_fen` from the payer (their mini-program openid)."""

    chain_id: str
    order_no: str
    amount_fen: int
    openid: str
    description: str
    expires_at: datetime


@dataclass(frozen=True)
class Trade:
    """What the provider says of an order: its state (NOTPAY, SUCCESS, CLOSED, REFUND, …) and what it collected."""

    order_no: str
    state: str
    transaction_id: str | None = None
    paid_fen: int = 0

    @property
    def paid(self) -> bool:
        return self.transaction_id is not None and self.state in ("SUCCESS", "REFUND")


@dataclass(frozen=True)
class RefundStatus:
    refund_no: str
    order_no: str
    status: str  # PROCESSING, SUCCESS, CLOSED, ABNORMAL
    refund_fen: int


@dataclass(frozen=True)
class BillRow:
    """One row of a day's trade bill: a payment (SUCCESS, what was collected) or a refund (REFUND, what went back)."""

    order_no: str
    transaction_id: str
    state: str
    amount_fen: int


@dataclass(frozen=True)
class PaymentNotice:
    """A notification verified (the provider's signature) and decrypted: a payment's or a refund's."""

    trade: Trade | None = None
    refund: RefundStatus | None = None


class PaymentGateway(Protocol):
    """The chain's merchant at WeChat Pay. Raises NotConfigured for a chain without payments, UpstreamUnavailable
    when the provider does not answer, Unauthorized for a notification that does not verify."""

    def order(self, order: DepositOrder) -> str:
        """The prepay id of the order (the same order number again: the same order)."""
        ...

    def pay_params(self, chain_id: str, prepay_id: str) -> dict[str, str]:
        """What the mini-program passes to wx.requestPayment, signed with the merchant's key."""
        ...

    def query(self, chain_id: str, order_no: str) -> Trade: ...

    def close(self, chain_id: str, order_no: str) -> None:
        """Close the order; one paid meanwhile stays paid (the caller queries again)."""
        ...

    def refund(self, chain_id: str, order_no: str, refund_no: str, refund_fen: int, total_fen: int) -> RefundStatus: ...

    def query_refund(self, chain_id: str, refund_no: str) -> RefundStatus: ...

    def notice(self, chain_id: str, headers: dict[str, str], body: str) -> PaymentNotice: ...

    def trade_bill(self, chain_id: str, day: date) -> list[BillRow]:
        """The merchant's trade bill of a day (China time), downloaded and read."""
        ...
