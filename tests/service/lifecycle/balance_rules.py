"""The balance (尾款) paid in the mini-program (decision 0077), the machine's chain taking it there: once a job is
completed, its customer orders the final bill's balance (the same order again while it is open) and perhaps pays
it in WeChat at once (WeChat Pay notifies, perhaps twice); the bill then shows it paid, and staff may no longer
change its final amounts (bill_paid; job_rules.set_bill). After every step the balance's books are held against
what the stand-in says moved (check_balances)."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule

from chalicelib.domain.booking.bill import FINAL, Bill, bill_of
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.deposits import mismatches
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.tenancy.chain import MINI_PROGRAM

from .base import acting, owners
from .job_rules import JobRules
from .model import Model
from .world import CHAIN, World


def balance_refusal(booking: Booking, bill: Bill) -> str | None:
    """Why the customer may not order this balance now (None: they may)."""
    paid = booking.balance.state if booking.balance is not None else None
    if paid is DepositState.PAID:
        return "balance_paid"
    if paid in (DepositState.REFUNDING, DepositState.REFUNDED):
        return "balance_refunded"
    if bill.stage != FINAL:
        return "bill_not_final"
    return "nothing_to_pay" if bill.balance_fen <= 0 else None


class BalanceRules(JobRules):
    @initialize()
    def the_chain_takes_the_balance_in_the_mini_program(self) -> None:
        stores = self.svc.ports.stores
        stores.put_chain(replace(stores.get_chain(CHAIN), balance_payment=MINI_PROGRAM))

    def _completed(self) -> list[str]:
        return sorted(k for k in self.jobs if self.model.bookings[k].status == "completed")

    @precondition(lambda self: bool(self._completed()))
    @rule(pick=st.integers(0, 3), who=owners, pays=st.sampled_from((None, "once", "twice")))
    @acting
    def pay_balance(self, pick: int, who: str, pays: str | None) -> None:
        """The customer taps 支付尾款 under a completed job's bill: the order, then perhaps the payment."""
        done = self._completed()
        booking = done[pick % len(done)]
        t = self.model.bookings[booking]
        who = self.who(booking, who)
        before = self.world.booking(booking)
        bill = bill_of(before, self.world.store)
        expected = (None if t.customer_id == self.world.principal(who).subject else "booking_not_found") \
            or balance_refusal(before, bill)
        answer = self.attempt(expected, lambda: self.svc.balance_payments.pay_own(self.world.principal(who), booking))
        if answer is None:
            return
        assert answer["balance_payment"]["amount_fen"] == bill.balance_fen, (answer, bill)
        if pays:
            self._pay_balance(booking, twice=pays == "twice")

    def _pay_balance(self, booking: str, *, twice: bool) -> None:
        ledger, mchid = self.world.ledger, self.world.merchant.mchid
        live = self.world.booking(booking).balance
        assert live is not None and live.state is DepositState.ORDERED
        order = ledger.pay(mchid, live.order_no)
        body, headers = ledger.notification(mchid, "TRANSACTION.SUCCESS", ledger.query(mchid, order.out_trade_no))
        self.svc.deposits.notified(CHAIN, headers, body)  # one verified notify route for both payments
        after = self.world.booking(booking)
        assert after.balance is not None and after.balance.state is DepositState.PAID, after.balance
        assert after.balance.paid_fen == order.total and bill_of(after, self.world.store).balance_fen == 0
        if twice:
            self.svc.deposits.notified(CHAIN, headers, body)
            assert self.world.booking(booking).version == after.version, "a second notification changed the booking"

    def balance_seen(self) -> list[str]:
        """What the examples reached of balances (bench/lifecycle.py --coverage)."""
        found = (self.world.booking(k).balance for k in self.jobs)
        return [f"balance {b.state.value}" for b in found if b is not None]


def check_balances(world: World, model: Model) -> None:
    """Each balance's books are what the stand-in moved (collected = kept + refunded, nothing refunded here);
    a paid balance leaves the bill nothing to pay and was the final bill's balance; an order is the balance's
    only while the bill is final."""
    ledger, mchid = world.ledger, world.merchant.mchid
    for t in model.bookings.values():
        booking = world.booking(t.booking_id)
        p = booking.balance
        if p is None:
            continue
        assert t.status == "completed", f"{t.booking_id} is {t.status} and has a balance order {p}"
        order = ledger.orders[(mchid, p.order_no)]
        assert mismatches(p, order.total if order.transaction_id else 0, 0) == [], (t.booking_id, p, order)
        if p.state is DepositState.PAID:
            bill = bill_of(booking, world.store)
            assert bill.balance_fen == 0 and p.paid_fen == p.amount_fen, (t.booking_id, p, bill)
