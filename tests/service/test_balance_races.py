"""Money never moves twice for the balance either (docs/product-rules.md#balance-payment, decision 0077): orders,
payments, notifications (repeated, late), queries, expiry, staff changing the final bill, the store's refund and
WeChat Pay confirming it, in any order, some
deciding on a read that went stale meanwhile, through the real SDK against the stand-in. Afterwards what the
stand-in collected over all of a booking's balance orders is what the booking records, once, and it is the final
bill's balance; the auditor's books hold."""
from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chalicelib.adapters.clock import FixedClock
from chalicelib.domain.booking import balance
from chalicelib.domain.booking.bill import BALANCE_PAID, bill_of
from chalicelib.domain.booking.deposits import mismatches
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.errors import DomainError
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from chalicelib.domain.reporting.deposit_books import deposit_drift
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from devstack.wechatpay_ledger import PayError
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.conftest import T0
from tests.service.helpers import add_staff
from tests.service.test_deposit_races import StaleReads
from tests.support.balances import final_bill, taking_balances
from tests.support.deposits import merchant, pay, paying_services, settle

CHAIN = "race-chain"
OPS = ("order", "pay", "deliver", "deliver_again", "query", "expire", "change_bill", "refund", "settle")


@pytest.fixture(scope="module")
def standin():
    server = WeChatPayStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def account(standin):
    return merchant(standin, "wx" + CHAIN)


class World:
    def __init__(self, standin, account) -> None:
        self.standin, self.account = standin, account
        self.clock = FixedClock(T0)
        self.svc = svc = paying_services(self.clock, standin, account)
        svc.ports.stores.put_chain(Chain(CHAIN, "竞态集团", mp_appid="wx" + CHAIN, mp_secret_ref="/appt/test/mp-secret"))
        svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=CHAIN, capacity_per_slot=3, walk_in_reserve=0.0,
                                        labour_hours={}))
        taking_balances(svc, CHAIN)
        self.staff = add_staff(svc, CHAIN, "wang", Role.ADVISOR, {"pudong"})
        self.manager = add_staff(svc, CHAIN, "mgr", Role.STORE_MANAGER, {"pudong"})
        self.bookings = [final_bill(svc, self.staff, phone=f"1380013800{n}", plate=f"沪A1234{n}").booking_id
                         for n in range(2)]
        self.reads = StaleReads(svc.ports.bookings)
        svc.balance_payments._bookings = svc.bills._bookings = svc.booking._changes._bookings = self.reads
        self.pending: list[dict] = []
        self.delivered: list[dict] = []

    def customer(self, booking_id: str) -> Principal:
        return Principal(self.svc.ports.bookings.get(booking_id).customer_id, CHAIN, "customer")

    def step(self, op: str, booking_id: str, n: int) -> None:
        svc = self.svc
        if op == "order":
            svc.balance_payments.pay_own(self.customer(booking_id), booking_id)
        elif op == "pay":
            self.pay(booking_id)
        elif op in ("deliver", "deliver_again"):
            notes = self.pending if op == "deliver" else self.delivered
            if notes:
                note = notes.pop(n % len(notes)) if op == "deliver" else notes[n % len(notes)]
                self.delivered.append(note)
                svc.deposits.notified(CHAIN, note["headers"], note["body"])
        elif op == "query":
            svc.balance_payments.refresh(booking_id)
        elif op == "expire":
            self.clock.advance(minutes=31)
        elif op == "refund":
            svc.bills.refund_balance(self.manager, booking_id)
        elif op == "settle":
            self.settle_refunds(booking_id)
        else:  # staff set final amounts (labour 400, 500 or 600 yuan)
            svc.bills.set_final(self.staff, booking_id, 40_000 + 10_000 * (n // 2 % 3), 28_550)

    def pay(self, booking_id: str) -> None:
        """The customer pays the open order (ordering it first when there is none); WeChat Pay's notification is on
        its way."""
        if balance.stale_order(self.svc.ports.bookings.get(booking_id)) is None:
            self.svc.balance_payments.pay_own(self.customer(booking_id), booking_id)
        live = self.svc.ports.bookings.get(booking_id).balance
        if live is not None:
            self.pending.append(pay(self.standin, self.account, live.order_no))

    def settle_refunds(self, booking_id: str) -> None:
        """WeChat Pay puts the booking's balance refunds through; their notifications are on their way."""
        for (mchid, refund_no), refund in list(self.standin.ledger.refunds.items()):
            if mchid == self.account.mchid and balance.booking_id_of(refund.out_trade_no) == booking_id \
                    and refund.status == "PROCESSING":
                self.pending.append(settle(self.standin, self.account, refund_no))

    def settle(self) -> None:
        for _ in range(3):
            while self.pending:
                note = self.pending.pop()
                self.svc.deposits.notified(CHAIN, note["headers"], note["body"])
            for booking_id in self.bookings:
                self.svc.balance_payments.refresh(booking_id)
                self.settle_refunds(booking_id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 5), st.booleans()), min_size=1, max_size=14))
@example([("order", 0, False), ("pay", 0, False), ("change_bill", 1, False), ("deliver", 0, False)])
@example([("order", 0, False), ("pay", 0, False), ("expire", 0, False), ("order", 0, False), ("deliver", 0, False)])
@example([("order", 0, False), ("pay", 0, False), ("deliver", 0, False), ("deliver_again", 0, False),
          ("query", 0, True), ("change_bill", 1, True), ("order", 0, True)])
@example([("order", 0, False), ("change_bill", 1, False), ("order", 0, True), ("pay", 0, False), ("query", 0, False)])
@example([("pay", 1, False), ("deliver", 1, False), ("change_bill", 3, False)])  # paid: the bill stays as paid
@example([("order", 0, False), ("pay", 0, False), ("deliver", 0, False), ("refund", 0, False), ("refund", 0, True),
          ("settle", 0, False), ("deliver", 0, False), ("deliver_again", 0, False), ("order", 0, False)])
def test_the_balance_is_collected_once_and_equals_the_final_bill(standin, account, ops):
    w = World(standin, account)
    for op, n, stale in ops:
        booking_id = w.bookings[n % len(w.bookings)]
        before = w.svc.ports.bookings.get(booking_id)
        if stale:  # the op decides first on the copy read before the previous op
            w.reads.stale[booking_id] = getattr(w, "last", {}).get(booking_id, before)
        w.last = {b: w.svc.ports.bookings.get(b) for b in w.bookings}
        with contextlib.suppress(DomainError, PayError):  # refused as the rules say: no money moves
            w.step(op, booking_id, n)
        w.reads.stale.clear()
    w.settle()

    moved = standin.ledger.money()
    store = w.svc.ports.stores.get(CHAIN, "pudong")
    for booking_id in w.bookings:
        after = w.svc.ports.bookings.get(booking_id)
        orders = {no: m for no, m in moved.items() if balance.booking_id_of(no) == booking_id}
        collected = [(no, m["collected"]) for no, m in orders.items() if m["collected"]]
        assert len(collected) <= 1, collected  # one order ever paid: money moved once
        paid = after.balance if after.balance and after.balance.state is DepositState.PAID else None
        record = after.balance
        if collected:
            order_no, got = collected[0]
            assert record is not None and record.order_no == order_no
            assert mismatches(record, got, orders[order_no]["refunded"]) == [], (record, orders[order_no])
            assert len([r for r in standin.ledger.refunds.values() if r.out_trade_no == order_no]) <= 1
            if paid is not None:
                bill = bill_of(after, store)
                assert bill.lines[-1].kind == BALANCE_PAID and bill.balance_fen == 0  # what the final bill asked
            else:  # refunded in full, and confirmed once everything settled
                assert record.state is DepositState.REFUNDED and orders[order_no]["refunded"] == got
        else:
            assert record is None or record.state in (DepositState.ORDERED, DepositState.CLOSED)
        assert deposit_drift([after]) == {}
