"""The balance (尾款) paid in the mini-program through the real WeChat Pay SDK against the stand-in, on the memory
ports (docs/product-rules.md#balance-payment): a job done today with its final bill set, its customer in the
mini-program (their openid), on a chain that takes the balance in the mini-program."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain import staff_requests
from chalicelib.domain.booking.booking import Booking
from chalicelib.domain.tenancy.chain import MINI_PROGRAM
from tests.conftest import at
from tests.support.bookings import PHONE_BOOKING

DAY = "2026-11-24"


def taking_balances(svc, chain_id: str) -> None:
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain_id), balance_payment=MINI_PROGRAM))


def final_bill(svc, who, phone: str = "13800138000", plate: str = "沪A12345", labour_fen: int = 40_000,
               parts_fen: int = 28_550) -> Booking:
    """A repair booked by phone for DAY 10:00, done by 12:00, its final labour and parts set (the clock left at
    12:00 of DAY)."""
    svc.clock.set(at(DAY, "08:00"))
    b = svc.staff_ops.book(who, "pudong", staff_requests.staff_booking_request({
        **PHONE_BOOKING, "customer": {**PHONE_BOOKING["customer"], "phone": phone},
        "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}}))
    svc.clock.set(at(DAY, "10:00"))
    for action in ("check-in", "start"):
        svc.staff_ops.act(who, b.booking_id, action, staff_requests.staff_action({}))
    svc.clock.set(at(DAY, "12:00"))
    svc.staff_ops.act(who, b.booking_id, "complete", staff_requests.staff_action({"mileage": 52100}))
    svc.bills.set_final(who, b.booking_id, labour_fen, parts_fen)
    state = svc.ports.customers._state  # the phone customer linked their mini-program (phone linking's business)
    with state.lock:
        state.customers[(b.chain_id, b.customer_id)]["openid"] = "o-" + b.customer_id
    return svc.ports.bookings.get(b.booking_id)
