"""The bill (结算单) of a booking (docs/product-rules.md#the-bill): the front desk reads it (JSON or CSV) and sets
the final labour and parts; the booking's own customer reads it in the mini-program (/mp)."""
from __future__ import annotations

from chalice import Response

from ..container import services
from ..domain import money
from ..domain.booking.bill_csv import bill_csv
from ..domain.booking.invoice import invoice_input
from ..domain.floor.job_progress import ANSWER_ROLES
from . import access
from .audience import Audience
from .blueprint import ApiBlueprint
from .console import SECURITY_HEADERS
from .encoding import csv_response, json_body
from .staff_intents import once

bill = ApiBlueprint(__name__)
FRONT_DESK = ANSWER_ROLES  # advisors, store managers and chain admins (not the workshop or parts desks)


@bill.route("/staff/bookings/{booking_id}/bill", methods=["GET"], audience=Audience.STAFF, roles=FRONT_DESK)
def staff_bill(booking_id: str) -> dict:
    """The booking's bill, item by item: an estimate until the job is completed, then final."""
    who = access.staff(bill.current_request)
    return services().bills.for_staff(who, booking_id).to_json()


@bill.route("/staff/bookings/{booking_id}/bill.csv", methods=["GET"], audience=Audience.STAFF, roles=FRONT_DESK)
def staff_bill_csv(booking_id: str) -> Response:
    """The bill as CSV (UTF-8 with a BOM, Chinese headers)."""
    who = access.staff(bill.current_request)
    return csv_response(bill_csv(services().bills.for_staff(who, booking_id)), f"bill-{booking_id}.csv")


@bill.route("/staff/bookings/{booking_id}/bill.html", methods=["GET"], audience=Audience.STAFF, roles=FRONT_DESK)
def staff_bill_page(booking_id: str) -> Response:
    """The bill as a printable A4 page (结算单, Chinese), for the customer to sign."""
    who = access.staff(bill.current_request)
    page = services().bills.page_for_staff(who, booking_id)
    return Response(body=page, status_code=200, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", **SECURITY_HEADERS})


@bill.route("/staff/bookings/{booking_id}/bill", methods=["PUT"], body="BillFinal", audience=Audience.STAFF,
            roles=FRONT_DESK)
def set_final_bill(booking_id: str) -> dict:
    """The final labour (at the list rate, before the segment discount) and parts, in yuan."""
    request = bill.current_request
    who = access.staff(request)
    body = json_body(request)
    labour = money.fen_from_yuan(body.get("labour"), "labour")
    parts = money.fen_from_yuan(body.get("parts"), "parts")
    return once(request, who, ("bill", booking_id),
                lambda: services().bills.set_final(who, booking_id, labour, parts), services().bills.of)[0].to_json()


@bill.route("/mp/bookings/{booking_id}/bill", methods=["GET"], audience=Audience.CUSTOMER)
def my_bill(booking_id: str) -> dict:
    """The customer's own booking's bill."""
    who = access.customer(bill.current_request)
    return services().bills.for_customer(who, booking_id).to_json()


@bill.route("/mp/bookings/{booking_id}/invoice", methods=["PUT"], body="InvoiceRequest", audience=Audience.CUSTOMER)
def request_invoice(booking_id: str) -> dict:
    """The customer asks for an invoice (抬头, 税号) once they have come; passed on to the store. The bill showing it."""
    request = bill.current_request
    who = access.customer(request)
    return services().bills.request_invoice(who, booking_id, invoice_input(json_body(request))).to_json()


@bill.route("/mp/bookings/{booking_id}/balance", methods=["POST"], audience=Audience.CUSTOMER)
def pay_balance(booking_id: str) -> dict:
    """The final bill's balance ordered at WeChat Pay (the same open order again) and the parameters of
    wx.requestPayment, where the chain takes the balance in the mini-program."""
    who = access.customer(bill.current_request)
    return services().balance_payments.pay_own(who, booking_id)


@bill.route("/mp/bookings/{booking_id}/balance", methods=["GET"], audience=Audience.CUSTOMER)
def balance_payment(booking_id: str) -> dict:
    """The balance's payment, WeChat Pay asked now (after wx.requestPayment returns)."""
    who = access.customer(bill.current_request)
    return services().balance_payments.refresh_own(who, booking_id)


@bill.route("/staff/bookings/{booking_id}/balance/refund", methods=["POST"], audience=Audience.STAFF,
            roles=("chain_admin", "store_manager"))
def refund_balance(booking_id: str) -> dict:
    """The store refunds the balance paid in the mini-program, in full (the bill is then settled at the cashier)."""
    request = bill.current_request
    who = access.staff(request)
    return once(request, who, ("balance-refund", booking_id),
                lambda: services().bills.refund_balance(who, booking_id), services().bills.of)[0].to_json()
