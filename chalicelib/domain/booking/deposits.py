"""A parts deposit paid by WeChat Pay (docs/product-rules.md#deposit-payment, decision 0062): its states, and
each move as a booking change, so that it is applied once whatever the number of notifications, queries and
closes racing each other (each decides on the booking as read; a stale decision is decided again).

    (none) --order--> ordered --paid--> paid --refund--> refunding --confirmed--> refunded
                         |                                   ^
                         +--unpaid after 30 min--> closed    +-- paid on a cancelled booking: refunded in full

Pure: the WeChat Pay calls are the use case's (services/booking/deposits.py); these rules say what the booking
records of what WeChat Pay answered. Money is in fen; `paid_fen` is what WeChat Pay collected, `refunded_fen`
what it confirmed refunded, and the deposit's books hold when collected = kept + refunding + refunded.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ..errors import Conflict
from ..tenancy.store import Store
from .booking import Booking, Event
from .change import BookingChange, decide
from .lifecycle import Status
from .payment import Deposit, DepositState

PAY_WITHIN = timedelta(minutes=30)  # an unpaid deposit order is closed, and the parts request cancelled, after this
FULL_REFUND_BEFORE = timedelta(hours=24)  # a customer cancelling this long before the start gets it all back
UNPAID_NOTE = "deposit_unpaid"
UNPAID_MESSAGE = "deposit_unpaid"  # the customer hears their parts request ended (decisions.cancel_unpaid)


def order_no_of(booking_id: str) -> str:
    """The booking's one deposit order number (WeChat Pay allows 32 characters of [0-9A-Za-z_-*]): asking twice
    asks for the same order, so two concurrent requests cannot open two orders."""
    return booking_id.removeprefix("b_")[:32]


def booking_id_of(order_no: str) -> str:
    return "b_" + order_no


def refund_no_of(order_no: str) -> str:
    return order_no[:29] + "-r1"


def payable(booking: Booking, now: datetime) -> Deposit | None:
    """The order to pay now: the live one, or None when one must be made. Refused: no deposit due, the
    booking no longer waiting for its parts or cancelled, or the deposit paid or closed already."""
    if booking.status in (Status.CANCELLED, Status.NO_SHOW, Status.COMPLETED):
        raise Conflict("the booking is closed; no deposit is due", field="booking_id", code="deposit_not_due")
    if not booking.deposit_fen or booking.start is not None or not booking.parts_status:
        raise Conflict("this booking has no deposit to pay", field="booking_id", code="deposit_not_due")
    payment = booking.payment
    if payment is None:
        return None
    if payment.state is DepositState.ORDERED and now < payment.due_by:
        return payment
    raise Conflict(f"the deposit is {payment.state.value}", field="booking_id", code="deposit_not_payable")


def _with(booking: Booking, store: Store, now: datetime, payment: Deposit, kind: str, by: str,
          note: str | None = None) -> BookingChange:
    after = replace(booking, payment=payment, events=booking.events + (Event(at=now, kind=kind, by=by, note=note),))
    return decide(booking, after, store, now)


def ordered(booking: Booking, store: Store, now: datetime, prepay_id: str, by: str) -> BookingChange | None:
    """Record the order WeChat Pay made (None: one is recorded already, by a concurrent request)."""
    if payable(booking, now) is not None:
        return None
    assert booking.deposit_fen is not None
    payment = Deposit(DepositState.ORDERED, order_no_of(booking.booking_id), booking.deposit_fen, now,
                      now + PAY_WITHIN, prepay_id=prepay_id)
    return _with(booking, store, now, payment, "deposit_ordered", by)


def paid(booking: Booking, store: Store, now: datetime, transaction_id: str, paid_fen: int) -> BookingChange | None:
    """WeChat Pay says the order is paid (a notification or a query): recorded once. Money that arrives for a
    booking cancelled meanwhile goes straight back in full (refunding)."""
    payment = booking.payment
    if payment is None or payment.state not in (DepositState.ORDERED, DepositState.CLOSED):
        return None  # paid already (or never ordered by us): nothing to do
    payment = replace(payment, state=DepositState.PAID, transaction_id=transaction_id, paid_at=now, paid_fen=paid_fen)
    if booking.status is Status.CANCELLED:
        payment = replace(payment, state=DepositState.REFUNDING, refund_no=refund_no_of(payment.order_no),
                          refund_fen=paid_fen)
    return _with(booking, store, now, payment, "deposit_paid", "wechatpay", note=transaction_id)


def refund_for_cancel(booking: Booking, now: datetime, *, by_store: bool, retained_percent: int = 0) -> Deposit | None:
    """The deposit after a cancellation: a store's refunds it in full, a customer's in full 24 h or more before
    the start (or while the booking waits for parts), later less the chain's retained percent. None: unchanged
    (nothing paid)."""
    payment = booking.payment
    if payment is None or payment.state is not DepositState.PAID:
        return None
    start = booking.start
    full = by_store or start is None or start - now >= FULL_REFUND_BEFORE
    refund = payment.paid_fen if full else payment.paid_fen - payment.paid_fen * retained_percent // 100
    if refund <= 0:
        return None
    return replace(payment, state=DepositState.REFUNDING, refund_no=refund_no_of(payment.order_no), refund_fen=refund)


def refunded(booking: Booking, store: Store, now: datetime, refund_no: str) -> BookingChange | None:
    """WeChat Pay confirms the refund: recorded once."""
    payment = booking.payment
    if payment is None or payment.state is not DepositState.REFUNDING or payment.refund_no != refund_no:
        return None
    return _with(booking, store, now, replace(payment, state=DepositState.REFUNDED, refunded_fen=payment.refund_fen),
                 "deposit_refunded", "wechatpay", note=refund_no)


def closed_unpaid(booking: Booking, store: Store, now: datetime, cancel: BookingChange | None) -> BookingChange | None:
    """WeChat Pay closed the unpaid order: the deposit is closed and, with `cancel` (the parts request's
    cancellation, decided by the caller), the booking cancelled in the same change."""
    payment = booking.payment
    if payment is None or payment.state is not DepositState.ORDERED or now < payment.due_by:
        return None
    closed = replace(payment, state=DepositState.CLOSED)
    if cancel is None:
        return _with(booking, store, now, closed, "deposit_closed", "system")
    after = replace(cancel.after, payment=closed,
                    events=cancel.after.events + (Event(at=now, kind="deposit_closed", by="system"),))
    return replace(cancel, after=after)


def mismatches(payment: Deposit | None, collected_fen: int, refunded_fen: int) -> list[str]:
    """Where the booking's books disagree with what WeChat Pay says moved (its order and refunds, or the trade
    bill): what it collected, what it refunded; and never more refunded than collected."""
    ours = (payment.paid_fen, payment.refunded_fen) if payment else (0, 0)
    found = []
    if ours[0] != collected_fen:
        found.append(f"collected {collected_fen} fen, booked {ours[0]}")
    if ours[1] != refunded_fen:
        found.append(f"refunded {refunded_fen} fen, booked {ours[1]}")
    if payment is not None and not 0 <= payment.refunded_fen <= payment.refund_fen <= payment.paid_fen:
        found.append(f"refunds {payment.refund_fen} fen asked of {payment.paid_fen} collected")
    return found
