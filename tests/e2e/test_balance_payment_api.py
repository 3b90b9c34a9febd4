"""The bill's balance (尾款) paid in the mini-program over HTTP, on DynamoDB (the embedded moto server) and the WeChat
Pay stand-in through the real SDK (docs/product-rules.md#balance-payment, decision 0077): where the chain has it
on, the customer orders the final bill's balance, pays, WeChat Pay's signed notification is applied once, the bill
shows it paid (JSON and CSV) and the final amounts are locked; where it is off, the cashier takes it."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from chalicelib.domain.tenancy.chain import MINI_PROGRAM
from tests.conftest import at
from tests.e2e import test_deposit_api as deposit_api
from tests.e2e.test_job_progress_api import DAY, customer_booking
from tests.e2e.test_response_schemas import Answers, _document
from tests.e2e.test_staff_api import act, call
from tests.support.deposits import pay as customer_pays

PATH = "/mp/bookings/{booking_id}/balance"
standin, svc, account, notify = deposit_api.standin, deposit_api.svc, deposit_api.account, deposit_api.notify


@pytest.fixture
def paying(svc, people, account):
    """The chain takes the balance in the mini-program."""
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(people), balance_payment=MINI_PROGRAM))
    return people


def _final(client, people, clock, labour: str = "400.00", parts: str = "285.50"):
    alice, wang, booking_id = customer_booking(client, people, clock)
    clock.set(at(DAY, "12:00"))
    assert act(client, wang, booking_id, "complete").status_code == 200
    set_bill = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": labour, "parts": parts})
    assert set_bill.status_code == 200, set_bill.json_body
    return alice, wang, booking_id, set_bill.json_body


def _refused(response, status: int, code: str, field: str) -> None:
    assert response.status_code == status, response.json_body
    error = response.json_body["error"]
    assert (error["code"], error["field"]) == (code, field), error


def test_the_balance_is_paid_in_the_mini_program_once_and_the_bill_shows_it(client, paying, clock, svc, standin,
                                                                            account):
    alice, wang, booking_id, final = _final(client, paying, clock)
    assert (final["stage"], final["balance_mode"], final["balance_payment"]) == ("final", "mini_program", None)
    owed = final["balance_fen"]
    assert owed > 0

    api, me = Answers(client, _document()), {"Content-Type": "application/json", "Authorization": f"Bearer {alice}"}
    ordered = api.call("POST", f"/mp/bookings/{booking_id}/balance", PATH, me)
    assert (ordered["balance_payment"]["state"], ordered["balance_payment"]["amount_fen"]) == ("ordered", owed)
    assert ordered["payment"]["appId"] == svc.ports.stores.get_chain(paying).mp_appid
    again = api.call("POST", f"/mp/bookings/{booking_id}/balance", PATH, me)
    assert again["payment"]["package"] == ordered["payment"]["package"]  # the same order, not a second
    booking = svc.ports.bookings.get(booking_id)
    order_no = booking.balance.order_no
    assert order_no != booking_id.removeprefix("b_") and len(order_no) <= 32  # never the deposit's number

    moving = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": "1.00", "parts": 0})
    assert moving.status_code == 200  # the open order is closed at WeChat Pay first, then the bill changes
    assert standin.ledger.order(account.mchid, order_no).state == "CLOSED"
    back = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": "400.00", "parts": "285.50"})
    assert back.json_body["balance_fen"] == owed
    ordered = api.call("POST", f"/mp/bookings/{booking_id}/balance", PATH, me)
    order_no = svc.ports.bookings.get(booking_id).balance.order_no
    assert ordered["balance_payment"]["amount_fen"] == owed

    sent = customer_pays(standin, account, order_no)
    assert notify(client, paying, sent).status_code == 204
    assert notify(client, paying, sent).status_code == 204  # WeChat Pay retries: applied once
    seen = api.call("GET", f"/mp/bookings/{booking_id}/balance", PATH, me)["balance_payment"]
    assert (seen["state"], seen["paid_fen"]) == ("paid", owed) and seen["transaction_id"] and seen["paid_at"]
    bill = call(client, "GET", f"/mp/bookings/{booking_id}/bill", alice).json_body
    assert bill["lines"][-1]["kind"] == "balance_paid" and bill["lines"][-1]["fen"] == -owed
    assert (bill["balance_fen"], bill["charged_fen"]) == (0, final["charged_fen"])
    assert [e.kind for e in svc.ports.bookings.get(booking_id).events].count("balance_paid") == 1
    assert standin.ledger.money()[order_no] == {"collected": owed, "refunded": 0}

    csv = client.get(f"/staff/bookings/{booking_id}/bill.csv", headers={"Authorization": f"Bearer {wang}"})
    text = csv.body.decode("utf-8") if isinstance(csv.body, bytes) else csv.body
    assert f"已付尾款,{seen['transaction_id']},-{final['balance']}" in text

    _refused(call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice), 409, "balance_paid", "balance")
    _refused(call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": "1.00", "parts": 0}),
             409, "bill_paid", "bill")


def test_a_balance_is_refused_before_the_bill_is_final_and_when_nothing_is_left(client, paying, clock):
    alice, wang, booking_id = customer_booking(client, paying, clock)
    _refused(call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice), 409, "bill_not_final", "stage")
    clock.set(at(DAY, "12:00"))
    assert act(client, wang, booking_id, "complete").status_code == 200
    assert call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": 0, "parts": 0}).status_code == 200
    _refused(call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice), 409, "nothing_to_pay", "balance")


def test_a_chain_that_settles_at_its_cashier_takes_no_balance_in_the_mini_program(client, people, clock, svc,
                                                                                  account):
    alice, _, booking_id, final = _final(client, people, clock)
    assert final["balance_mode"] == "cashier"
    _refused(call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice), 409, "balance_payment_off",
             "balance_payment")
    mallory = client.post("/mp/login", headers={"Content-Type": "application/json"},
                          body=json.dumps({"chain_id": people, "code": "mallory"})).json_body["token"]
    assert call(client, "POST", f"/mp/bookings/{booking_id}/balance", mallory).status_code == 404


def test_the_chain_admin_turns_the_balance_in_the_mini_program_on(client, people, svc):
    from tests.e2e.test_staff_api import staff_login

    chief = staff_login(client, people, "boss")
    _refused(call(client, "PUT", "/admin/balance-payment", chief, {"balance_payment": "cash"}), 400, "invalid",
             "balance_payment")
    assert svc.ports.stores.get_chain(people).balance_payment == "cashier"  # the default
    on = call(client, "PUT", "/admin/balance-payment", chief, {"balance_payment": "mini_program"})
    assert (on.status_code, on.json_body) == (200, {"balance_payment": "mini_program"})
    assert svc.ports.stores.get_chain(people).balance_payment == "mini_program"


def test_the_store_refunds_a_balance_paid_in_the_mini_program_and_the_cashier_takes_it(client, paying, clock, svc,
                                                                                       standin, account):
    from tests.e2e.test_staff_api import staff_login
    from tests.support.deposits import settle

    alice, wang, booking_id, final = _final(client, paying, clock)
    owed = final["balance_fen"]
    assert call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice).status_code == 200
    order_no = svc.ports.bookings.get(booking_id).balance.order_no
    assert notify(client, paying, customer_pays(standin, account, order_no)).status_code == 204
    path = f"/staff/bookings/{booking_id}/balance/refund"
    _refused(call(client, "POST", path, wang), 403, "role_not_allowed", "Authorization")  # an advisor asks the manager
    mgr = staff_login(client, paying, "mgr")
    asked = call(client, "POST", path, mgr)
    assert asked.status_code == 200, asked.json_body
    assert asked.json_body["balance_payment"]["state"] == "refunding" and asked.json_body["balance_fen"] == owed
    refund_no = svc.ports.bookings.get(booking_id).balance.refund_no
    assert standin.ledger.refunds[(account.mchid, refund_no)].refund == owed  # asked of WeChat Pay, in full
    _refused(call(client, "POST", path, mgr), 409, "balance_not_paid", "balance")
    assert notify(client, paying, settle(standin, account, refund_no)).status_code == 204
    done = call(client, "GET", f"/mp/bookings/{booking_id}/balance", alice).json_body["balance_payment"]
    assert (done["state"], done["paid_fen"], done["refunded_fen"]) == ("refunded", owed, owed)
    assert standin.ledger.money()[order_no] == {"collected": owed, "refunded": owed}
    _refused(call(client, "POST", f"/mp/bookings/{booking_id}/balance", alice), 409, "balance_refunded", "balance")
    again = call(client, "PUT", f"/staff/bookings/{booking_id}/bill", wang, {"labour": "380.00", "parts": "285.50"})
    assert again.status_code == 200 and again.json_body["balance_fen"] < owed  # corrected; settled at the cashier
