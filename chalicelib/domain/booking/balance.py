"""Paying the bill's balance (尾款) in the mini-program, where the chain has it on (docs/product-rules.md#balance-
payment, decision 0077): once the bill is final with something left to pay, the customer orders it (the amount read
from the bill then) and pays it by WeChat Pay to the chain's merchant, as the deposit is paid (deposits.py); what
WeChat Pay answers is recorded as a booking change, so a payment is applied once whatever the number of
notifications and queries.

    (none) --order--> ordered --paid--> paid --store refunds--> refunding --confirmed--> refunded
                         |                  (the bill shows it;        (the bill asks the balance again: the
                         |                   its amounts are locked)    cashier takes it, not the mini-program)
                         +--expired, or staff change the bill: closed at WeChat Pay first--> closed --order--> …

An order number names its booking and its attempt (a closed order cannot be paid again, so a new one needs a new
number); it never looks like a deposit's (those are the booking id's hex). Pure; all integer fen.
"""
from __future__ import annotations

import base64
import re
from dataclasses import replace
from datetime import datetime, timedelta

from ..errors import Conflict
from ..tenancy.chain import MINI_PROGRAM
from ..tenancy.store import Store
from .bill import FINAL, Bill
from .booking import Booking, Event
from .change import BookingChange, decide
from .payment import Deposit, DepositState

PAY_WITHIN = timedelta(minutes=30)  # an order's time_expire: unpaid by then, WeChat Pay takes it no more
DESCRIPTION = "维修尾款"  # what the customer's WeChat Pay bill says
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")
_ORDER = re.compile(r"^B(\d{1,3})([-_])([0-9A-Za-z_-]+)$")


def order_no_of(booking_id: str, attempt: int) -> str:
    """The balance's `attempt`-th order number (at most 32 of [0-9A-Za-z_-]): B<attempt>- and the booking's 128-bit
    id in base64url; an id of another shape as it is after B<attempt>_."""
    suffix = booking_id.removeprefix("b_")
    if _HEX_ID.match(suffix):
        return f"B{attempt}-" + base64.urlsafe_b64encode(bytes.fromhex(suffix)).decode().rstrip("=")
    return f"B{attempt}_{suffix}"[:32]


def booking_id_of(order_no: str) -> str | None:
    """The booking a balance order is for; None when the number is not a balance order's (a deposit's)."""
    found = _ORDER.match(order_no)
    if found is None:
        return None
    if found.group(2) == "_":
        return "b_" + found.group(3)
    return "b_" + base64.urlsafe_b64decode(found.group(3) + "==").hex()


def _attempt(booking: Booking) -> int:
    found = _ORDER.match(booking.balance.order_no) if booking.balance else None
    return int(found.group(1)) + 1 if found else 1


def payable(booking: Booking, bill: Bill, mode: str, now: datetime) -> Deposit | None:
    """The live order to pay now, or None when one must be made. Refused: the chain settles at its cashier, the
    bill is not final, nothing is left to pay, or the balance is paid already. An order expired, or for another
    amount, is not live (the use case closes it at WeChat Pay first)."""
    if mode != MINI_PROGRAM:
        raise Conflict("this chain takes the balance at the store's cashier", field="balance_payment",
                       code="balance_payment_off")
    live = booking.balance
    if live is not None and live.state is DepositState.PAID:
        raise Conflict("the balance is paid", field="balance", code="balance_paid")
    if live is not None and live.state in (DepositState.REFUNDING, DepositState.REFUNDED):
        raise Conflict("the balance paid was refunded; settle at the store's cashier", field="balance",
                       code="balance_refunded")
    if bill.stage != FINAL:
        raise Conflict("the bill is not final yet", field="stage", code="bill_not_final")
    if bill.balance_fen <= 0:
        raise Conflict("nothing is left to pay", field="balance", code="nothing_to_pay")
    if live is not None and live.state is DepositState.ORDERED and now < live.due_by \
            and live.amount_fen == bill.balance_fen:
        return live
    return None


def stale_order(booking: Booking) -> Deposit | None:
    """An order still open that must be closed at WeChat Pay before another is made or the bill changes."""
    live = booking.balance
    return live if live is not None and live.state is DepositState.ORDERED else None


def _with(booking: Booking, store: Store, now: datetime, payment: Deposit, kind: str, by: str,
          note: str | None = None) -> BookingChange:
    after = replace(booking, balance=payment, events=booking.events + (Event(at=now, kind=kind, by=by, note=note),))
    return decide(booking, after, store, now)


def next_order_no(booking: Booking) -> str:
    return order_no_of(booking.booking_id, _attempt(booking))


def ordered(booking: Booking, store: Store, now: datetime, order_no: str, amount_fen: int, prepay_id: str,
            by: str) -> BookingChange | None:
    """Record the order WeChat Pay made; None when the booking moved meanwhile (another order, or paid): the order
    made is left to expire."""
    if stale_order(booking) is not None or next_order_no(booking) != order_no \
            or (booking.balance is not None and booking.balance.state is DepositState.PAID):
        return None
    payment = Deposit(DepositState.ORDERED, order_no, amount_fen, now, now + PAY_WITHIN, prepay_id=prepay_id)
    return _with(booking, store, now, payment, "balance_ordered", by, note=f"{order_no} {amount_fen}")


def paid(booking: Booking, store: Store, now: datetime, order_no: str, transaction_id: str,
         paid_fen: int) -> BookingChange | None:
    """WeChat Pay says the order is paid (a notification or a query): recorded once."""
    payment = booking.balance
    if payment is None or payment.order_no != order_no \
            or payment.state not in (DepositState.ORDERED, DepositState.CLOSED):
        return None  # paid already, or not this booking's current order: nothing to do
    payment = replace(payment, state=DepositState.PAID, transaction_id=transaction_id, paid_at=now, paid_fen=paid_fen)
    return _with(booking, store, now, payment, "balance_paid", "wechatpay", note=transaction_id)


def closed(booking: Booking, store: Store, now: datetime, order_no: str) -> BookingChange | None:
    """WeChat Pay closed the order, unpaid: recorded once."""
    payment = booking.balance
    if payment is None or payment.order_no != order_no or payment.state is not DepositState.ORDERED:
        return None
    return _with(booking, store, now, replace(payment, state=DepositState.CLOSED), "balance_closed", "system",
                 note=order_no)


def refund_no_of(order_no: str) -> str:
    return order_no[:30] + "-r"


def refund(booking: Booking, store: Store, now: datetime, by: str) -> BookingChange:
    """The store refunds the balance paid in the mini-program, in full (the bill is then settled at the cashier);
    tracked as the deposit's refund until WeChat Pay confirms it."""
    payment = booking.balance
    if payment is None or payment.state is not DepositState.PAID:
        raise Conflict("no balance paid in the mini-program to refund", field="balance", code="balance_not_paid")
    refunding = replace(payment, state=DepositState.REFUNDING, refund_no=refund_no_of(payment.order_no),
                        refund_fen=payment.paid_fen)
    return _with(booking, store, now, refunding, "balance_refund_asked", by)


def refunded(booking: Booking, store: Store, now: datetime, refund_no: str) -> BookingChange | None:
    """WeChat Pay confirms the balance's refund: recorded once."""
    payment = booking.balance
    if payment is None or payment.state is not DepositState.REFUNDING or payment.refund_no != refund_no:
        return None
    return _with(booking, store, now, replace(payment, state=DepositState.REFUNDED, refunded_fen=payment.refund_fen),
                 "balance_refunded", "wechatpay", note=refund_no)
