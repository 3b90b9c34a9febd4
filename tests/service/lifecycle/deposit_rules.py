"""A parts booking's deposit by WeChat Pay (docs/product-rules.md#deposit-payment, decision 0062), through the
stand-in: the customer orders it in the mini-program, pays it in WeChat (the notification may come twice), asks
how it stands; a cancellation (the customer's or the store's, booking_rules.py and floor_rules.py) asks its
refund, which WeChat Pay confirms; an order left unpaid 30 minutes is closed and the parts request ends (the
delayed close, world.py). After every step the money is held against what the stand-in says moved."""
from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import initialize, multiple, precondition, rule

from chalicelib.domain.booking.deposits import mismatches
from chalicelib.domain.booking.payment import DepositState

from .base import Base, acting, owners
from .booking_rules import BookingRules
from .model import Model
from .people_rules import PeopleRules
from .world import CHAIN, World

CLOSED_FOR_GOOD = ("cancelled", "no_show", "completed")
picks = st.integers(0, 3)


def _with_deposit(self: Base, *states: DepositState) -> list[str]:
    found = []
    for booking_id in sorted(self.model.bookings):
        payment = self.world.booking(booking_id).payment
        if payment is not None and payment.state in states:
            found.append(booking_id)
    return found


class DepositRules(BookingRules, PeopleRules):
    @initialize(target=Base.bookings, deposit=st.sampled_from((None, 120_000)))
    def a_deposit_due(self, deposit: int | None) -> Any:
        """Half the lives begin with a parts job whose deposit is due, its phone taken over by alice (so she pays
        it in the mini-program)."""
        if deposit is None:
            return multiple()
        booking = self.book_waiting_for_parts(phone="13900000005", plate="沪B10004", service="repair",
                                              estimate=240_000, deposit=deposit, expected_in=3)
        self.link_phone(who="alice", phone="13900000005", plate="沪B10004")
        return booking

    def _payable(self, booking_id: str) -> str | None:
        t, b = self.model.bookings[booking_id], self.world.booking(booking_id)
        if t.status in CLOSED_FOR_GOOD or not b.deposit_fen or t.start is not None or not t.parts:
            return "deposit_not_due"
        p = b.payment
        if p is None or (p.state is DepositState.ORDERED and self.world.now < p.due_by):
            return None
        return "deposit_not_payable"

    @rule(booking=Base.bookings, who=owners, pays=st.sampled_from((None, "once", "twice")))
    @acting
    def pay_deposit(self, booking: str, who: str, pays: str | None) -> None:
        """The customer taps to pay: the order (made once, the same one again while it may be paid); then
        perhaps pays it in WeChat at once, and WeChat Pay notifies (perhaps twice)."""
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        mine = t.customer_id == self.world.principal(who).subject
        expected = (None if mine else "booking_not_found") or self._payable(booking)
        answer = self.attempt(expected, lambda: self.svc.deposits.pay_own(self.world.principal(who), booking))
        if answer is not None:
            assert answer["deposit"]["state"] == "ordered", answer
            assert answer["deposit"]["amount_fen"] == self.world.booking(booking).deposit_fen
            if pays and self._unpaid_at_wechat(booking):
                self._pay(booking, twice=pays == "twice")

    @precondition(lambda self: bool(_with_deposit(self, DepositState.ORDERED)))
    @rule(pick=picks, twice=st.booleans())
    @acting
    def customer_pays(self, pick: int, twice: bool) -> None:
        """The customer pays in WeChat (before the order expires) and WeChat Pay notifies, perhaps twice."""
        live = [k for k in _with_deposit(self, DepositState.ORDERED) if self._unpaid_at_wechat(k)]
        if live:
            self._pay(live[pick % len(live)], twice=twice)

    def _unpaid_at_wechat(self, booking: str) -> bool:
        """An order WeChat Pay still takes: not paid or closed, not expired (its time_expire is the due time)."""
        payment = self.world.booking(booking).payment
        return payment is not None and self.world.now < payment.due_by \
            and self.world.ledger.orders[(self.world.merchant.mchid, payment.order_no)].state == "NOTPAY"

    def _pay(self, booking: str, *, twice: bool) -> None:
        ledger, mchid = self.world.ledger, self.world.merchant.mchid
        order = ledger.pay(mchid, _order(self.world, booking))
        body, headers = ledger.notification(mchid, "TRANSACTION.SUCCESS", ledger.query(mchid, order.out_trade_no))
        self.svc.deposits.notified(CHAIN, headers, body)
        after = self.world.booking(booking)
        assert after.payment is not None and after.payment.paid_fen == order.total, after.payment
        cancelled = self.model.bookings[booking].status == "cancelled"
        assert after.payment.state is (DepositState.REFUNDING if cancelled else DepositState.PAID), after.payment
        if twice:
            self.svc.deposits.notified(CHAIN, headers, body)
            assert self.world.booking(booking).version == after.version, "a second notification changed the booking"

    @precondition(lambda self: bool(_with_deposit(self, DepositState.PAID, DepositState.ORDERED)))
    @rule(pick=picks, by=st.sampled_from(("owner", "store")))
    def cancel_with_deposit(self, pick: int, by: str) -> None:
        """The customer (in the mini-program) or the store cancels a booking whose deposit is paid or ordered:
        the rules of the cancellations themselves, on one of these (the money properties follow its refund)."""
        found = _with_deposit(self, DepositState.PAID, DepositState.ORDERED)
        booking = found[pick % len(found)]
        if by == "store":
            self.staff_act(booking, "cancel", "mgr")  # type: ignore[attr-defined]
        else:
            self.cancel_own(booking, "owner")

    @precondition(lambda self: bool(_with_deposit(self, DepositState.REFUNDING)))
    @rule(pick=picks)
    @acting
    def refund_confirmed(self, pick: int) -> None:
        """WeChat Pay settles the refund a cancellation asked for and says so."""
        waiting = _with_deposit(self, DepositState.REFUNDING)
        booking = waiting[pick % len(waiting)]
        payment = self.world.booking(booking).payment
        assert payment is not None and payment.refund_no is not None
        ledger, mchid = self.world.ledger, self.world.merchant.mchid
        refund = ledger.settle(mchid, payment.refund_no)  # asked of WeChat Pay when the booking was cancelled
        body, headers = ledger.notification(mchid, "REFUND.SUCCESS", {
            "mchid": mchid, "out_trade_no": refund.out_trade_no, "out_refund_no": refund.out_refund_no,
            "refund_status": refund.status, "amount": {"refund": refund.refund}})
        self.svc.deposits.notified(CHAIN, headers, body)
        after = self.world.booking(booking).payment
        assert after is not None and after.state is DepositState.REFUNDED and after.refunded_fen == refund.refund

    @precondition(lambda self: bool(_with_deposit(self, *DepositState)))
    @rule(booking=Base.bookings, who=owners)
    @acting
    def deposit_query(self, booking: str, who: str) -> None:
        """The customer's deposit page asks WeChat Pay how it stands (past its 30 minutes, that closes it)."""
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        expected = None if t.customer_id == self.world.principal(who).subject else "booking_not_found"
        self.attempt(expected, lambda: self.svc.deposits.refresh_own(self.world.principal(who), booking))
        self.after_time()  # a close it made cancels the parts request


def _order(world: World, booking_id: str) -> str:
    payment = world.booking(booking_id).payment
    assert payment is not None
    return payment.order_no


def check_money(world: World, model: Model) -> None:
    """What each booking's deposit books is what the stand-in says moved: collected = kept + refunded (asked),
    a refund asked once and never more than collected; a cancelled booking's deposit goes back in full (the
    chain keeps none), nothing goes back of a live one; an order of a cancelled booking is closed at WeChat Pay."""
    ledger, mchid = world.ledger, world.merchant.mchid
    with ledger.lock:  # this world's merchant only (the stand-in serves every world of the run)
        settled = [r for (m, _), r in ledger.refunds.items() if m == mchid and r.status == "SUCCESS"]
    for t in model.bookings.values():
        p = world.booking(t.booking_id).payment
        if p is None:
            continue
        order = ledger.orders[(mchid, p.order_no)]
        there = (order.total if order.transaction_id else 0, sum(r.refund for r in settled if r.out_trade_no == p.order_no))
        assert mismatches(p, *there) == [], (t.booking_id, p, there)
        assert order.refunded == p.refund_fen, f"{t.booking_id}: {order.refunded} fen refunded at WeChat Pay, {p}"
        assert p.paid_fen == p.kept_fen + p.refund_fen
        if t.status == "cancelled":
            assert p.refund_fen == p.paid_fen, f"{t.booking_id} cancelled, its deposit {p}"
            assert p.state is not DepositState.ORDERED or order.state == "CLOSED", (t.booking_id, p, order.state)
        else:
            assert p.refund_fen == 0, f"{t.booking_id} is {t.status}, its deposit {p}"
