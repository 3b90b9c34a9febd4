"""The daily reconciliation of deposits (docs/product-rules.md#deposit-payment, decision 0062): each chain with a
WeChat Pay merchant, yesterday's trade bill; each order in it is first brought up to date (a notification that
never came is asked for), then held against the booking, and a disagreement opens a call task for the store
manager on that booking."""
from __future__ import annotations

from datetime import date, datetime, timedelta

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
from ..booking.changes import BookingChanges, Decide
from ..booking.deposits import Deposits

CHINA_DAY_OFFSET = timedelta(hours=8)


def _reconciled(now: datetime, day: date, collected: int, refunded: int) -> Decide:
    def decide(booking: Booking, store: Store) -> BookingChange | None:
        return reconcile(booking, store, now, day, collected, refunded)

    return decide


class DepositReconciliation:
    def __init__(self, stores: StoreCatalog, bookings: BookingStore, changes: BookingChanges, deposits: Deposits,
                 gateway: PaymentGateway | None, clock: Clock) -> None:
        self._stores, self._bookings, self._changes, self._deposits = stores, bookings, changes, deposits
        self._gateway, self._clock = gateway, clock

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
            booking_id = booking_id_of(order_no)
            try:
                booking = self._deposits.refresh(booking_id)
            except NotFound:
                counts["unknown"] += 1  # not a deposit of ours (the merchant's other sales)
                continue
            if booking.chain_id != chain_id:
                counts["unknown"] += 1
                continue
            after = self._changes.apply(booking_id, _reconciled(now, day, collected, refunded))
            counts["mismatches"] += int(after.version != booking.version)
        return counts
