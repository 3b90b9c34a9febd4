"""Deposits paid by WeChat Pay (docs/product-rules.md#deposit-payment, decision 0062): the customer's order,
the provider's notifications, the query on demand, the close of an order unpaid after 30 minutes, and the
refunds a cancellation asks for, followed until WeChat Pay confirms them.

Each WeChat Pay answer is recorded as a booking change (domain/booking/deposits.py) through the unit of work,
conditioned on the booking's version: notifications, queries, closes and cancellations racing each other are
applied once, whichever comes first, and the others find nothing to do.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ...domain.booking import balance, decisions, deposits
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.lifecycle import TRANSITIONS, Status
from ...domain.booking.payment import DepositOrder, DepositState, PaymentGateway, RefundStatus, Trade
from ...domain.booking.ports import BookingStore
from ...domain.errors import Conflict, NotConfigured, NotFound, Unauthorized, UpstreamUnavailable
from ...domain.people.principal import Principal
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from .changes import BookingChanges

DESCRIPTION = "备件订金"  # what the customer's WeChat Pay bill says
CLOSE_DELAY_MAX = 900  # seconds: the longest delivery delay of an SQS item; the close item comes back until due
Guard = Callable[[Booking], None]


class BalanceNotices(Protocol):
    """What WeChat Pay says of a balance order (services/booking/balance_payments.py, decision 0077)."""

    def trade(self, chain_id: str, trade: Trade) -> Booking: ...

    def refund_status(self, chain_id: str, status: RefundStatus) -> Booking: ...


class NoPayments:
    """The gateway of a stage without WeChat Pay (every deployed stage but prod-cn): it takes nothing."""

    def __getattr__(self, name: str) -> Any:
        raise NotConfigured("this service takes no WeChat Pay payments", field="payment", code="payments_unavailable")


class DepositFollowThrough:
    """Told of every committed booking change: a refund the change asked for is sent to WeChat Pay (the same
    refund number again is the same refund), and the order of a booking cancelled before it was paid is closed.
    A call that fails is made again by the next query (Deposits.refresh) or the close of the unpaid order."""

    def __init__(self, gateway: PaymentGateway | None) -> None:
        self._gateway = gateway

    def committed(self, change: BookingChange) -> None:
        self._balance_refund(change)
        before = change.before.payment if change.before is not None else None
        after = change.after.payment
        if self._gateway is None or after is None:
            return
        try:
            if after.state is DepositState.REFUNDING and (before is None or before.state is not DepositState.REFUNDING):
                _ask_refund(self._gateway, change.after)
            elif after.state is DepositState.ORDERED and change.after.status is Status.CANCELLED \
                    and (change.before is None or change.before.status is not Status.CANCELLED):
                self._gateway.close(change.after.chain_id, after.order_no)
        except (UpstreamUnavailable, Conflict):
            return  # followed up by the query on demand and the close of the unpaid order

    def _balance_refund(self, change: BookingChange) -> None:
        """The balance's refund a change asked for (decision 0077), sent as the deposit's is."""
        before = change.before.balance if change.before is not None else None
        after = change.after.balance
        if self._gateway is None or after is None or after.state is not DepositState.REFUNDING \
                or (before is not None and before.state is DepositState.REFUNDING):
            return
        try:
            _ask_balance_refund(self._gateway, change.after)
        except (UpstreamUnavailable, Conflict):
            return  # followed up by the query on demand (BalancePayments.refresh)


def _ask_balance_refund(gateway: PaymentGateway, booking: Booking) -> RefundStatus:
    payment = booking.balance
    assert payment is not None and payment.refund_no is not None
    return gateway.refund(booking.chain_id, payment.order_no, payment.refund_no, payment.refund_fen, payment.paid_fen)


def close_and_ask(gateway: PaymentGateway, chain_id: str, order_no: str) -> Trade | None:
    """Close an order at WeChat Pay, then ask it: the trade when it was paid meanwhile (a payment at the last
    moment counts), None once it is closed; any other state is WeChat Pay not done yet (try again later)."""
    gateway.close(chain_id, order_no)
    trade = gateway.query(chain_id, order_no)
    if trade.paid:
        return trade
    if trade.state not in ("CLOSED", "NOT_EXIST"):
        raise UpstreamUnavailable(f"the order is {trade.state} after its close", field="payment")
    return None


def retained_percent(stores: StoreCatalog, chain_id: str) -> int:
    """The share of a paid deposit the chain keeps when a customer cancels late (its WeChat Pay settings; 0)."""
    raw = stores.get_chain(chain_id).wechatpay.get("retained_percent", "0")
    return min(max(int(raw), 0), 100) if str(raw).isdigit() else 0


def _owned_by(who: Principal) -> Guard:
    """A customer's own booking; anyone else's is reported as missing, not forbidden."""

    def guard(booking: Booking) -> None:
        if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")

    return guard


def _ask_refund(gateway: PaymentGateway, booking: Booking) -> RefundStatus:
    payment = booking.payment
    assert payment is not None and payment.refund_no is not None
    return gateway.refund(booking.chain_id, payment.order_no, payment.refund_no, payment.refund_fen, payment.paid_fen)


class Deposits:
    def __init__(self, bookings: BookingStore, changes: BookingChanges, gateway: PaymentGateway | None, clock: Clock,
                 *, openid_of: Callable[[str, str], str | None],
                 close_later: Callable[[str, int], None] | None = None,
                 balance: BalanceNotices | None = None) -> None:
        self._bookings, self._changes, self._clock = bookings, changes, clock
        self._balance = balance  # a balance order's payment (services/booking/balance_payments.py, decision 0077)
        self._gateway: PaymentGateway = gateway if gateway is not None else NoPayments()
        self._openid_of = openid_of
        # the close of an order left unpaid: (booking id, seconds from now) on the checks queue, delayed
        self._close_later = close_later

    def pay_own(self, who: Principal, booking_id: str) -> dict[str, Any]:
        """The customer's deposit (POST /mp/bookings/{id}/deposit)."""
        return self.pay(booking_id, _owned_by(who), f"customer:{who.subject}")

    def refresh_own(self, who: Principal, booking_id: str) -> dict[str, Any]:
        """The customer's deposit as WeChat Pay has it now (GET /mp/bookings/{id}/deposit)."""
        payment = self.refresh(booking_id, _owned_by(who)).payment
        return {"deposit": payment.to_json() if payment else None}

    def pay(self, booking_id: str, guard: Guard, by: str) -> dict[str, Any]:
        """The deposit's order (made once, then the same) and what wx.requestPayment needs to pay it."""
        booking = self._bookings.get(booking_id)
        guard(booking)
        now = self._clock.now()
        live = deposits.payable(booking, now)
        if live is None:
            openid = self._openid_of(booking.chain_id, booking.customer_id)
            if not openid:
                raise Conflict("pay in the mini-program you booked with", field="customer", code="no_openid")
            assert booking.deposit_fen is not None
            prepay_id = self._gateway.order(DepositOrder(booking.chain_id, deposits.order_no_of(booking_id),
                                                         booking.deposit_fen, openid, DESCRIPTION,
                                                         now + deposits.PAY_WITHIN))
            booking = self._changes.apply(booking_id, lambda b, s: deposits.ordered(b, s, now, prepay_id, by), guard)
            live = booking.payment
            if self._close_later is not None and live is not None:
                self._close_later(booking_id, CLOSE_DELAY_MAX)
        assert live is not None and live.prepay_id is not None
        return {"deposit": live.to_json(), "payment": self._gateway.pay_params(booking.chain_id, live.prepay_id)}

    def notified(self, chain_id: str, headers: dict[str, str], body: str) -> None:
        """A WeChat Pay notification for the chain: verified and decrypted by the gateway, then applied once."""
        try:
            notice = self._gateway.notice(chain_id, headers, body)
        except NotConfigured as exc:  # no merchant to verify it with: it is not authenticated
            raise Unauthorized("the notification does not verify", field="signature") from exc
        if notice.trade is not None:
            self._trade(chain_id, notice.trade)
        if notice.refund is not None:
            self._refund(chain_id, notice.refund)

    def refresh(self, booking_id: str, guard: Guard | None = None) -> Booking:
        """Ask WeChat Pay now (the customer's page after paying, or a follow-up): a paid order, or a confirmed
        refund, is recorded; a refund WeChat Pay never received is asked again."""
        booking = self._bookings.get(booking_id)
        if guard is not None:
            guard(booking)
        payment = booking.payment
        if payment is None:
            return booking
        if payment.state is DepositState.ORDERED and self._clock.now() >= payment.due_by:
            return self.close_unpaid(booking_id)  # its close may not have run yet: it runs now
        if payment.state is DepositState.ORDERED:
            return self._trade(booking.chain_id, self._gateway.query(booking.chain_id, payment.order_no))
        if payment.state is DepositState.REFUNDING and payment.refund_no is not None:
            try:
                status = self._gateway.query_refund(booking.chain_id, payment.refund_no)
            except Conflict:  # not found there: the refund never reached WeChat Pay
                status = _ask_refund(self._gateway, booking)
            return self._refund(booking.chain_id, status)
        return booking

    def close_unpaid(self, booking_id: str) -> Booking:
        """30 minutes after the order, unpaid: WeChat Pay closes it, then says whether it was paid meanwhile;
        paid, it is recorded as paid; else the deposit is closed and the parts request cancelled."""
        booking = self._bookings.get(booking_id)
        payment, now = booking.payment, self._clock.now()
        if payment is None or payment.state is not DepositState.ORDERED or now < payment.due_by:
            return booking
        trade = close_and_ask(self._gateway, booking.chain_id, payment.order_no)
        if trade is not None:
            return self._trade(booking.chain_id, trade)

        def decide(b: Booking, store: Store) -> BookingChange | None:
            cancel = None
            if b.status in TRANSITIONS["cancel"][0]:  # still cancellable: the parts request ends
                cancel = decisions.cancel_unpaid(b, store, now)
            return deposits.closed_unpaid(b, store, now, cancel)

        return self._changes.apply(booking_id, decide)

    def _owned(self, chain_id: str) -> Guard:
        def guard(b: Booking) -> None:
            if b.chain_id != chain_id:
                raise NotFound("no such booking", field="out_trade_no")

        return guard

    def _trade(self, chain_id: str, trade: Trade) -> Booking:
        if self._balance is not None and balance.booking_id_of(trade.order_no) is not None:
            return self._balance.trade(chain_id, trade)
        booking_id, now = deposits.booking_id_of(trade.order_no), self._clock.now()
        if not trade.paid:
            return self._bookings.get(booking_id)
        assert trade.transaction_id is not None
        transaction_id, paid_fen = trade.transaction_id, trade.paid_fen
        return self._changes.apply(booking_id, lambda b, s: deposits.paid(b, s, now, transaction_id, paid_fen),
                                   self._owned(chain_id))

    def _refund(self, chain_id: str, status: RefundStatus) -> Booking:
        if self._balance is not None and balance.booking_id_of(status.order_no) is not None:
            return self._balance.refund_status(chain_id, status)
        booking_id, now = deposits.booking_id_of(status.order_no), self._clock.now()
        if status.status != "SUCCESS":
            return self._bookings.get(booking_id)
        return self._changes.apply(booking_id, lambda b, s: deposits.refunded(b, s, now, status.refund_no),
                                   self._owned(chain_id))


class UnpaidDeposits:
    """The fanned job "deposits" (services/runs/fanout.py): each item closes one booking's unpaid order once it is
    due. Nothing is dispatched on a schedule (no index to read): the item is queued, delayed, when the order is
    made, and queued again, delayed, while the order is not due yet. A customer's query past the due moment
    closes it too (Deposits.refresh)."""

    def __init__(self, deposits: Deposits, bookings: BookingStore, clock: Clock,
                 close_later: Callable[[str, int], None]) -> None:
        self._deposits, self._bookings, self._clock, self._close_later = deposits, bookings, clock, close_later

    def due_items(self) -> Iterator[list[dict[str, str]]]:
        return iter(())

    def enqueued(self, items: list[dict[str, str]]) -> None:
        return None

    def work(self, item: dict[str, str]) -> str:
        booking = self._bookings.get(item["booking"])
        payment = booking.payment
        if payment is None or payment.state is not DepositState.ORDERED:
            return "settled"
        wait = int((payment.due_by - self._clock.now()).total_seconds())
        if wait > 0:
            self._close_later(booking.booking_id, min(wait + 1, CLOSE_DELAY_MAX))
            return "not_due"
        after = self._deposits.close_unpaid(booking.booking_id).payment
        return after.state.value if after is not None else "settled"
