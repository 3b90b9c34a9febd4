"""Paying the bill's balance (尾款) in the mini-program where the chain has it on (docs/product-rules.md#balance-
payment, decision 0077): the customer's order (the amount read from the final bill), WeChat Pay's notifications
(through the deposit's verified notify route), the query on demand, and the close of an open order before another
is made or staff change the bill. Each WeChat Pay answer is one booking change (domain/booking/balance.py)
conditioned on the version read, so a payment is applied once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ...domain.booking import balance
from ...domain.booking.bill import bill_of
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.payment import DepositOrder, DepositState, PaymentGateway, RefundStatus, Trade
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotFound
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.chain import balance_payment_of
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from .changes import BookingChanges
from .deposits import Guard, NoPayments, close_and_ask


def _owned_by(who: Principal) -> Guard:
    def guard(booking: Booking) -> None:
        if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")

    return guard


def _of_chain(chain_id: str) -> Guard:
    def guard(booking: Booking) -> None:
        if booking.chain_id != chain_id:
            raise NotFound("no such booking", field="out_trade_no")

    return guard


class BalancePayments:
    def __init__(self, bookings: BookingStore, stores: StoreCatalog, changes: BookingChanges,
                 gateway: PaymentGateway | None, clock: Clock, *, openid_of: Callable[[str, str], str | None]) -> None:
        self._bookings, self._stores, self._changes, self._clock = bookings, stores, changes, clock
        self._gateway: PaymentGateway = gateway if gateway is not None else NoPayments()
        self._openid_of = openid_of

    def mode(self, chain_id: str) -> str:
        return self._stores.get_chain(chain_id).balance_payment

    def set_mode(self, chain_id: str, mode: str) -> dict[str, str]:
        """The chain admin's choice (PUT /admin/balance-payment): at the cashier, or in the mini-program."""
        chain = self._stores.get_chain(chain_id)
        if chain.balance_payment != balance_payment_of(mode):
            self._stores.put_chain(replace(chain, balance_payment=mode))
        return {"balance_payment": mode}

    def pay_own(self, who: Principal, booking_id: str) -> dict[str, Any]:
        """The customer's balance (POST /mp/bookings/{id}/balance): the order (the same one again while it is
        open) and what wx.requestPayment needs to pay it."""
        guard = _owned_by(who)
        booking = self._bookings.get(booking_id)
        guard(booking)
        store = self._stores.get(booking.chain_id, booking.store_id)
        now, mode = self._clock.now(), self.mode(booking.chain_id)
        live = balance.payable(booking, bill_of(booking, store), mode, now)
        if live is None:
            booking = self._order(self.close_open(booking_id), store, mode, f"customer:{who.subject}", guard)
            live = booking.balance
        assert live is not None and live.prepay_id is not None
        return {"balance_payment": live.receipt_json(),
                "payment": self._gateway.pay_params(booking.chain_id, live.prepay_id)}

    def _order(self, booking: Booking, store: Store, mode: str, by: str, guard: Guard) -> Booking:
        now = self._clock.now()
        amount = bill_of(booking, store).balance_fen
        if balance.payable(booking, bill_of(booking, store), mode, now) is not None:
            return booking  # a concurrent request made it meanwhile
        openid = self._openid_of(booking.chain_id, booking.customer_id)
        if not openid:
            raise Conflict("pay in the mini-program you booked with", field="customer", code="no_openid")
        order_no = balance.next_order_no(booking)
        prepay_id = self._gateway.order(DepositOrder(booking.chain_id, order_no, amount, openid, balance.DESCRIPTION,
                                                     now + balance.PAY_WITHIN))

        def decide(b: Booking, s: Store) -> BookingChange | None:
            if bill_of(b, s).balance_fen != amount:
                raise Conflict("the bill changed; look at it again", field="balance", code="bill_changed")
            return balance.ordered(b, s, now, order_no, amount, prepay_id, by)

        after = self._changes.apply(booking.booking_id, decide, guard)
        if balance.payable(after, bill_of(after, store), mode, now) is None:
            raise Conflict("the balance's order moved meanwhile; try again", field="balance", code="bill_changed")
        return after

    def refresh_own(self, who: Principal, booking_id: str) -> dict[str, Any]:
        """The customer's balance payment as WeChat Pay has it now (GET /mp/bookings/{id}/balance)."""
        booking = self._bookings.get(booking_id)
        _owned_by(who)(booking)
        payment = self.refresh(booking_id).balance
        return {"balance_payment": payment.receipt_json() if payment else None}

    def refresh(self, booking_id: str) -> Booking:
        """Ask WeChat Pay about the open order now: paid, it is recorded (expired, it is closed); a refund under way,
        confirmed, is recorded (one WeChat Pay never received is asked again)."""
        booking = self._bookings.get(booking_id)
        live = balance.stale_order(booking)
        if live is None:
            return self._refund_followed(booking)
        if self._clock.now() >= live.due_by:
            return self.close_open(booking_id)
        return self.trade(booking.chain_id, self._gateway.query(booking.chain_id, live.order_no))

    def close_open(self, booking_id: str) -> Booking:
        """Close the open order at WeChat Pay, then ask it: paid meanwhile, the payment is recorded; else the order
        is recorded closed. The booking as it is then."""
        booking = self._bookings.get(booking_id)
        live = balance.stale_order(booking)
        if live is None:
            return booking
        trade = close_and_ask(self._gateway, booking.chain_id, live.order_no)
        if trade is not None:
            return self.trade(booking.chain_id, trade)
        now, order_no = self._clock.now(), live.order_no
        return self._changes.apply(booking_id, lambda b, s: balance.closed(b, s, now, order_no))

    def _refund_followed(self, booking: Booking) -> Booking:
        payment = booking.balance
        if payment is None or payment.state is not DepositState.REFUNDING or payment.refund_no is None:
            return booking
        try:
            status = self._gateway.query_refund(booking.chain_id, payment.refund_no)
        except Conflict:  # not found there: the refund never reached WeChat Pay
            status = self._gateway.refund(booking.chain_id, payment.order_no, payment.refund_no, payment.refund_fen,
                                          payment.paid_fen)
        return self.refund_status(booking.chain_id, status)

    def refund_status(self, chain_id: str, status: RefundStatus) -> Booking:
        """What WeChat Pay says of the balance's refund (its notification or a query): a confirmed one, once."""
        booking_id = balance.booking_id_of(status.order_no)
        if booking_id is None:
            raise NotFound("not a balance order", field="out_trade_no")
        if status.status != "SUCCESS":
            return self._bookings.get(booking_id)
        now, refund_no = self._clock.now(), status.refund_no
        return self._changes.apply(booking_id, lambda b, s: balance.refunded(b, s, now, refund_no), _of_chain(chain_id))

    def trade(self, chain_id: str, trade: Trade) -> Booking:
        """What WeChat Pay says of a balance order (its notification or a query): a payment is recorded once."""
        booking_id = balance.booking_id_of(trade.order_no)
        if booking_id is None:
            raise NotFound("not a balance order", field="out_trade_no")
        if not trade.paid:
            return self._bookings.get(booking_id)
        assert trade.transaction_id is not None
        now, transaction_id, paid_fen, order_no = self._clock.now(), trade.transaction_id, trade.paid_fen, trade.order_no
        return self._changes.apply(
            booking_id, lambda b, s: balance.paid(b, s, now, order_no, transaction_id, paid_fen), _of_chain(chain_id))
