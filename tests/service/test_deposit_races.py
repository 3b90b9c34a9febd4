"""Money never moves twice (docs/product-rules.md#deposit-payment): notifications (repeated, late), queries,
closes, store and customer cancellations and refund confirmations in any order, some deciding on a read that
went stale meanwhile, through the real SDK against the stand-in. Afterwards the auditor holds each booking's
books against what the stand-in says moved (collected, refunded), and per day: collected = kept + refunded."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chalicelib.adapters.clock import FixedClock
from chalicelib.domain import staff_requests
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.booking.deposits import mismatches, order_no_of
from chalicelib.domain.booking.lifecycle import Status
from chalicelib.domain.booking.payment import DepositState
from chalicelib.domain.errors import DomainError
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy.chain import Chain
from devstack.seed import demo_store
from devstack.wechatpay_ledger import PayError
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.conftest import T0
from tests.service.helpers import add_staff
from tests.support.deposits import merchant, parts_booking, pay, paying_services, settle

CHAIN = "race-chain"
OPS = ("pay", "deliver", "deliver_again", "query", "close", "store_cancel", "customer_cancel", "settle")


@pytest.fixture(scope="module")
def standin():
    server = WeChatPayStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def account(standin):
    return merchant(standin, "wx" + CHAIN)


class StaleReads:
    """The booking store, but the next read of a booking may answer an older copy (a decision on a stale read)."""

    def __init__(self, inner) -> None:
        self.inner, self.stale = inner, {}

    def get(self, booking_id: str) -> Booking:
        older = self.stale.pop(booking_id, None)
        return older if older is not None else self.inner.get(booking_id)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


@dataclass
class World:
    svc: object
    clock: FixedClock
    staff: object
    bookings: list[Booking]
    pending: list[dict] = field(default_factory=list)  # notifications on their way
    delivered: list[dict] = field(default_factory=list)
    cancelled: set[str] = field(default_factory=set)  # bookings a person cancelled
    last_read: dict[str, Booking] = field(default_factory=dict)  # each booking as read before the last op


def world(standin, account) -> World:
    clock = FixedClock(T0)
    svc = paying_services(clock, standin, account)
    svc.ports.stores.put_chain(Chain(CHAIN, "竞态集团", mp_appid="wx" + CHAIN, mp_secret_ref="/appt/test/mp-secret"))
    svc.ports.stores.put(demo_store("pudong", "浦东店", chain_id=CHAIN, capacity_per_slot=3, walk_in_reserve=0.0,
                                    labour_hours={}))
    staff = add_staff(svc, CHAIN, "wang", Role.ADVISOR, {"pudong"})
    made = [parts_booking(svc, staff, phone=f"1380013800{n}", plate=f"沪A1234{n}") for n in range(2)]
    for b in made:
        svc.deposits.pay(b.booking_id, lambda _: None, "customer")
    svc.deposits._bookings = svc.booking._changes._bookings = StaleReads(svc.ports.bookings)
    return World(svc, clock, staff, made)


def _pay(w: World, standin, account, b: Booking, n: int) -> None:
    w.pending.append(pay(standin, account, order_no_of(b.booking_id)))


def _deliver(w: World, standin, account, b: Booking, n: int) -> None:
    if w.pending:
        note = w.pending.pop(n % len(w.pending))
        w.delivered.append(note)
        w.svc.deposits.notified(CHAIN, note["headers"], note["body"])


def _deliver_again(w: World, standin, account, b: Booking, n: int) -> None:
    if w.delivered:
        note = w.delivered[n % len(w.delivered)]
        w.svc.deposits.notified(CHAIN, note["headers"], note["body"])


def _close(w: World, standin, account, b: Booking, n: int) -> None:
    w.clock.advance(minutes=31)
    w.svc.deposits.close_unpaid(b.booking_id)


def _store_cancel(w: World, standin, account, b: Booking, n: int) -> None:
    w.svc.staff_ops.act(w.staff, b.booking_id, "cancel", staff_requests.staff_action({"note": "配件停产"}))
    w.cancelled.add(b.booking_id)


def _customer_cancel(w: World, standin, account, b: Booking, n: int) -> None:
    w.svc.booking.cancel_own(Principal(b.customer_id, CHAIN, "customer"), b.booking_id)
    w.cancelled.add(b.booking_id)


def _settle(w: World, standin, account, b: Booking, n: int) -> None:
    order_no = order_no_of(b.booking_id)
    for (mchid, refund_no), refund in list(standin.ledger.refunds.items()):
        if mchid == account.mchid and refund.out_trade_no == order_no and refund.status == "PROCESSING":
            w.pending.append(settle(standin, account, refund_no))


STEPS = {"pay": _pay, "deliver": _deliver, "deliver_again": _deliver_again,
         "query": lambda w, standin, account, b, n: w.svc.deposits.refresh(b.booking_id), "close": _close,
         "store_cancel": _store_cancel, "customer_cancel": _customer_cancel, "settle": _settle}


def step(w: World, standin, account, op: str, n: int) -> None:
    STEPS[op](w, standin, account, w.bookings[n % len(w.bookings)], n)


def settle_everything(w: World, standin, account) -> None:
    """Whatever is still on its way arrives, every refund goes through, and each deposit is asked about once."""
    for _ in range(3):
        while w.pending:
            note = w.pending.pop()
            w.svc.deposits.notified(CHAIN, note["headers"], note["body"])
        for b in w.bookings:
            w.svc.deposits.refresh(b.booking_id)
            step(w, standin, account, "settle", w.bookings.index(b))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 5), st.booleans()), min_size=1, max_size=14))
@example([("pay", 0, False), ("close", 0, False)])  # paid in the last moment, its notification still on its way
@example([("pay", 0, False), ("store_cancel", 0, False), ("deliver", 0, False)])  # paid for a cancelled booking
@example([("pay", 0, False), ("deliver", 0, False), ("deliver_again", 0, False), ("query", 0, True),
          ("store_cancel", 0, True), ("settle", 0, False), ("deliver", 0, False), ("deliver_again", 1, False)])
@example([("pay", 1, False), ("query", 1, False), ("deliver", 1, True), ("customer_cancel", 1, False),
          ("close", 1, True)])
def test_money_never_moves_twice_and_the_books_match_wechat_pay(standin, account, ops):
    w = world(standin, account)
    reads = w.svc.deposits._bookings
    for op, n, stale in ops:
        b = w.bookings[n % len(w.bookings)]
        before = w.svc.ports.bookings.get(b.booking_id)
        if stale:  # the op decides first on the copy read before the previous op's commit
            reads.stale[b.booking_id] = w.last_read.get(b.booking_id, before)
        w.last_read = {x.booking_id: w.svc.ports.bookings.get(x.booking_id) for x in w.bookings}
        with contextlib.suppress(DomainError, PayError):  # refused as the rules say (cancel twice, pay a closed
            step(w, standin, account, op, n)              # order, …): no money moves
        reads.stale.clear()
    settle_everything(w, standin, account)

    moved = standin.ledger.money()
    kept_total = collected_total = refunded_total = 0
    for b in w.bookings:
        after = w.svc.ports.bookings.get(b.booking_id)
        money = moved.get(order_no_of(b.booking_id), {"collected": 0, "refunded": 0})
        assert mismatches(after.payment, money["collected"], money["refunded"]) == [], (after.payment, money)
        payment = after.payment
        refunds = [r for r in standin.ledger.refunds.values() if r.out_trade_no == payment.order_no]
        assert len(refunds) <= 1  # one refund per deposit, never a second
        if payment.state is DepositState.CLOSED:
            assert (after.status, money["collected"]) == (Status.CANCELLED, 0)
        if after.status is Status.CANCELLED and money["collected"]:
            assert payment.state is DepositState.REFUNDED and money["refunded"] == money["collected"]
        if after.status is not Status.CANCELLED:
            assert money["refunded"] == 0
        if money["collected"] and b.booking_id not in w.cancelled:  # paid in time: the parts request stands
            assert after.status is Status.PENDING, after.events
        kept_total += payment.kept_fen
        collected_total += money["collected"]
        refunded_total += money["refunded"]
    assert collected_total == kept_total + refunded_total  # the day's books
