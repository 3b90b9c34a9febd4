"""The daily reconciliation of deposits (docs/product-rules.md#deposit-payment, decision 0062): each chain with a
WeChat Pay merchant, yesterday's trade bill; each order in it is first brought up to date (a notification that
never came is asked for), then held against the booking, and a disagreement opens a call task for the store
manager on that booking."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ...domain.booking import balance
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.deposits import booking_id_of
from ...domain.booking.payment import PaymentGateway
from ...domain.booking.ports import BookingStore
from ...domain.errors import NotConfigured, NotFound
from ...domain.ports import Clock
from ...domain.reporting.deposit_bill import bill_totals, reconcile
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.balance_payments import BalancePayments
from ..booking.changes import BookingChanges, Decide
from ..booking.deposits import Deposits

CHINA_DAY_OFFSET = timedelta(hours=8)


def _reconciled(now: datetime, day: date, collected: int, refunded: int, order_no: str) -> Decide:
    def decide(booking: Booking, store: Store) -> BookingChange | None:
        return reconcile(booking, store, now, day, collected, refunded, order_no)

    return decide


class DepositReconciliation:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, deposits: Deposits,
                 gateway: PaymentGateway | None, clock: Clock, balances: BalancePayments | None = None) -> None:
        self._stores, self._bookings, self._changes, self._deposits = stores, bookings, changes, deposits
        self._gateway, self._clock, self._balances = gateway, clock, balances

    def run(self, day: date | None = None) -> dict[str, int]:
        """Every paying chain's bill of `day` (default: yesterday in China)."""
        counts = {"chains": 0, "orders": 0, "mismatches": 0, "unknown": 0}
        if self._gateway is None:
            return counts
        day = day or (self._clock.now() + CHINA_DAY_OFFSET).date() - timedelta(days=1)
        for chain_id in sorted({store.chain_id for store in self._stores.everywhere()}):
            if not self._stores.get_chain(chain_id).wechatpay.get("mchid"):
                continue
            counts["chains"] += 1
            for key, value in self.chain(chain_id, day).items():
                counts[key] += value
        return counts

    def chain(self, chain_id: str, day: date) -> dict[str, int]:
        assert self._gateway is not None
        counts = {"orders": 0, "mismatches": 0, "unknown": 0}
        try:
            totals = bill_totals(self._gateway.trade_bill(chain_id, day))
        except NotConfigured:
            return counts
        now = self._clock.now()
        for order_no, (collected, refunded) in sorted(totals.items()):
            counts["orders"] += 1
            booking_id = balance.booking_id_of(order_no) or booking_id_of(order_no)
            try:
                booking = self._refreshed(booking_id, order_no)
            except NotFound:
                counts["unknown"] += 1  # not a deposit of ours (the merchant's other sales)
                continue
            if booking.chain_id != chain_id:
                counts["unknown"] += 1
                continue
            after = self._changes.apply(booking_id, _reconciled(now, day, collected, refunded, order_no))
            counts["mismatches"] += int(after.version != booking.version)
        return counts

    def _refreshed(self, booking_id: str, order_no: str) -> Booking:
        """The booking once WeChat Pay was asked about the order (a deposit's, or the balance's: decision 0077)."""
        if balance.booking_id_of(order_no) is None:
            return self._deposits.refresh(booking_id)
        return self._balances.refresh(booking_id) if self._balances is not None else self._bookings.get(booking_id)
