"""The invariant auditor's rule for deposits (docs/product-rules.md#deposit-payment): a booking's deposit books
hold when what WeChat Pay collected = what the chain keeps + what is being refunded + what was refunded, and
each state says what has moved: an order open or closed has collected nothing, a paid one has refunded nothing,
a refund under way has none confirmed yet, and once confirmed the refund is all that was asked (then
collected = kept + refunded)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..booking.booking import Booking
from ..booking.payment import Deposit, DepositState

_STATE_HOLDS: Mapping[DepositState, tuple[str, Callable[[Deposit], bool]]] = {
    DepositState.ORDERED: ("an open order has collected nothing",
                           lambda p: p.paid_fen == p.refund_fen == p.refunded_fen == 0),
    DepositState.CLOSED: ("a closed order has collected nothing",
                          lambda p: p.paid_fen == p.refund_fen == p.refunded_fen == 0),
    DepositState.PAID: ("a paid deposit has collected and refunded nothing",
                        lambda p: p.paid_fen > 0 and p.refund_fen == p.refunded_fen == 0),
    DepositState.REFUNDING: ("a refund under way is asked and not yet confirmed",
                             lambda p: p.refund_fen > 0 and p.refunded_fen == 0),
    DepositState.REFUNDED: ("a confirmed refund is all that was asked (collected = kept + refunded)",
                            lambda p: p.refunded_fen == p.refund_fen > 0),
}


def faults(payment: Deposit) -> list[str]:
    """What does not hold in one deposit's books (empty: they hold)."""
    found = []
    if not 0 <= payment.refunded_fen <= payment.refund_fen <= payment.paid_fen:
        found.append(f"refunds {payment.refund_fen} fen asked, {payment.refunded_fen} confirmed, "
                     f"of {payment.paid_fen} collected")
    rule, holds = _STATE_HOLDS[payment.state]
    if not holds(payment):
        found.append(f"{payment.state.value}: {rule} (collected {payment.paid_fen}, asked back "
                     f"{payment.refund_fen}, refunded {payment.refunded_fen} fen)")
    return found


def _booking_faults(booking: Booking) -> list[str]:
    """The deposit's faults, then the balance's (paid in the mini-program, decision 0077: the same books)."""
    found = faults(booking.payment) if booking.payment is not None else []
    return found + ([f"balance: {said}" for said in faults(booking.balance)] if booking.balance is not None else [])


def deposit_drift(bookings: Iterable[Booking]) -> dict[str, list[str]]:
    """Each booking whose deposit (or balance) books do not hold, with what does not."""
    found = {b.booking_id: _booking_faults(b) for b in bookings}
    return {booking_id: said for booking_id, said in sorted(found.items()) if said}
