"""The bill (结算单) of a booking (docs/product-rules.md#the-bill): the front desk and the booking's own customer
read it; the front desk sets the final labour and parts, one transaction conditioned on the version read."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ...domain.booking.balance import refund, stale_order
from ...domain.booking.bill import Bill, bill_of, set_final
from ...domain.booking.bill_page import bill_page
from ...domain.booking.booking import Booking
from ...domain.booking.change import BookingChange
from ...domain.booking.invoice import InvoiceRequest, request_invoice
from ...domain.booking.ports import BookingStore
from ...domain.errors import NotFound
from ...domain.people.principal import Principal
from ...domain.people.staff import StaffAccess
from ...domain.ports import Clock
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..booking.changes import BookingChanges
from .staff_ops import StaffOps


class Bills:
    def __init__(self, bookings: BookingStore, stores: StoreCatalog, changes: BookingChanges, clock: Clock,
                 close_open: Callable[[str], Booking] | None = None) -> None:
        self._bookings, self._stores, self._changes, self._clock = bookings, stores, changes, clock
        # the balance's open order closed at WeChat Pay before the final amounts change (decision 0077)
        self._close_open = close_open

    def of(self, booking: Booking) -> Bill:
        """The bill of a booking read (a replayed write answers it), with where the chain takes its balance."""
        bill = bill_of(booking, self._stores.get(booking.chain_id, booking.store_id))
        return replace(bill, balance_mode=self._stores.get_chain(booking.chain_id).balance_payment)

    def for_staff(self, who: StaffAccess, booking_id: str) -> Bill:
        booking = self._bookings.get(booking_id)
        StaffOps.visible_to(who)(booking)
        return self.of(booking)

    def page_for_staff(self, who: StaffAccess, booking_id: str) -> str:
        """The printable bill (an A4 HTML page) of a booking the staff member may see."""
        booking = self._bookings.get(booking_id)
        StaffOps.visible_to(who)(booking)
        store = self._stores.get(booking.chain_id, booking.store_id)
        return bill_page(booking, store, bill_of(booking, store), self._clock.now())

    def for_customer(self, who: Principal, booking_id: str) -> Bill:
        """The customer's own booking; anyone else's is reported as missing."""
        booking = self._bookings.get(booking_id)
        _own(who)(booking)
        return self.of(booking)

    def request_invoice(self, who: Principal, booking_id: str, request: InvoiceRequest) -> Bill:
        """The customer's invoice request on their own booking, kept for the store; the bill that now shows it."""

        def decide(booking: Booking, store: Store) -> BookingChange | None:
            return request_invoice(booking, store, self._clock.now(), f"customer:{who.subject}", request)

        return self.of(self._changes.apply(booking_id, decide, _own(who)))

    def set_final(self, who: StaffAccess, booking_id: str, labour_fen: int, parts_fen: int) -> Bill:
        """The final labour (at the list rate) and parts; the bill as the change left it."""

        def decide(booking: Booking, store: Store) -> BookingChange | None:
            return set_final(booking, store, self._clock.now(), who.actor, labour_fen, parts_fen)

        booking = self._bookings.get(booking_id)
        StaffOps.visible_to(who)(booking)
        if self._close_open is not None and stale_order(booking) is not None:
            self._close_open(booking_id)  # paid meanwhile: recorded, and set_final refuses (bill_paid)
        return self.of(self._changes.apply(booking_id, decide, StaffOps.visible_to(who)))

    def refund_balance(self, who: StaffAccess, booking_id: str) -> Bill:
        """The store refunds the balance paid in the mini-program, in full (decision 0077): WeChat Pay is asked once
        the change is committed, and the refund followed until it confirms it."""
        decide = _refund_balance(self._clock.now(), who.actor)
        return self.of(self._changes.apply(booking_id, decide, StaffOps.visible_to(who)))


def _refund_balance(now: datetime, by: str) -> Callable[[Booking, Store], BookingChange | None]:
    return lambda booking, store: refund(booking, store, now, by)


def _own(who: Principal) -> Callable[[Booking], None]:
    """Refuses anyone else's booking as missing."""

    def guard(booking: Booking) -> None:
        if booking.chain_id != who.chain_id or booking.customer_id != who.subject:
            raise NotFound("no such booking", field="booking_id", code="booking_not_found")

    return guard
