"""A parts deposit paid by WeChat Pay over HTTP, on DynamoDB (the embedded moto server) and the WeChat Pay
stand-in through the real SDK (decision 0062): the customer who booked by phone links it in the mini-program,
orders the deposit, pays; WeChat Pay's signed, encrypted notification comes to /wechatpay/notify/{chain} (a
forged one is refused and changes nothing); the store cancels and the refund is followed until confirmed."""
from __future__ import annotations

import json
from dataclasses import replace

import boto3
import pytest

from chalicelib.domain.booking.deposits import order_no_of
from chalicelib.domain.people.staff import Role
from devstack.wechatpay_standin import WeChatPayStandIn
from tests.e2e.test_response_schemas import Answers, _document
from tests.e2e.test_staff_api import PHONE_BOOKING, act, add_staff, book, call, staff_login
from tests.support.deposits import PARTS, merchant, settle
from tests.support.deposits import pay as customer_pays


@pytest.fixture(scope="module")
def standin():
    server = WeChatPayStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def svc(tables, clock, standin):
    """The real container on the moto server, paying through the stand-in."""
    from chalicelib import container
    from chalicelib.adapters.secrets import SsmSecrets
    from tests.conftest import CHEAP_ARGON2

    config = replace(tables, wechatpay_gateway=standin.url, wechatpay_notify_base="https://api.example.test")
    services = container.build(config, clock=clock, secrets=SsmSecrets(boto3.client("ssm")))
    services = container.use_cases(config, replace(services.ports, passwords=CHEAP_ARGON2))
    container.override(services)
    yield services
    container.override(None)


@pytest.fixture
def account(svc, chain, standin):
    """The chain's merchant: its ids on the chain, its two secrets in the stage's store under the chain's path."""
    chain_record = svc.ports.stores.get_chain(chain)
    account = merchant(standin, chain_record.mp_appid)
    ssm, path = boto3.client("ssm"), f"/appt/test/chains/{chain}"
    for name, value in (("wechatpay-private-key", account.private_key), ("wechatpay-apiv3-key", account.apiv3_key)):
        ssm.put_parameter(Name=f"{path}/{name}", Value=value, Type="SecureString", Overwrite=True)
    svc.ports.stores.put_chain(replace(chain_record, wechatpay={
        "mchid": account.mchid, "serial_no": account.serial_no, "public_key": account.public_key,
        "public_key_id": account.public_key_id, "private_key_ref": f"{path}/wechatpay-private-key",
        "apiv3_key_ref": f"{path}/wechatpay-apiv3-key"}))
    return account


def notify(client, chain: str, sent: dict):
    return client.post(f"/wechatpay/notify/{chain}", headers={"Content-Type": "application/json", **sent["headers"]},
                       body=sent["body"])


def test_a_deposit_is_paid_in_the_mini_program_and_a_store_cancellation_refunds_it(client, chain, svc, standin,
                                                                                   account):
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    wang = staff_login(client, chain, "wang")
    phone, plate = "13600001234", "沪D24680"
    booked = book(client, wang, start=None, waiting_for_parts=True, service_type="repair", parts=PARTS,
                  customer={**PHONE_BOOKING["customer"], "phone": phone}, vehicle={**PHONE_BOOKING["vehicle"],
                                                                                    "plate": plate})
    bid = booked["booking_id"]
    me = {"Content-Type": "application/json", "Authorization": "Bearer " + call(
        client, "POST", "/mp/login", body={"chain_id": chain, "code": "zhou"}).json_body["token"]}
    linked = client.post("/mp/phone", headers=me, body=json.dumps({"code": f"phone-{phone}", "plate": plate}))
    assert linked.json_body["outcome"] == "merged", linked.json_body

    api = Answers(client, _document())
    ordered = api.call("POST", f"/mp/bookings/{bid}/deposit", "/mp/bookings/{booking_id}/deposit", me)
    assert (ordered["deposit"]["state"], ordered["deposit"]["amount_fen"]) == ("ordered", 61_800)
    assert ordered["payment"]["appId"] == svc.ports.stores.get_chain(chain).mp_appid
    order_no = order_no_of(bid)
    assert api.call("GET", f"/mp/bookings/{bid}/deposit", "/mp/bookings/{booking_id}/deposit", me)["deposit"][
        "state"] == "ordered"

    sent = customer_pays(standin, account, order_no)
    forged = {"headers": sent["headers"], "body": sent["body"].replace('"id": "', '"id": "x')}
    refused = notify(client, chain, forged)
    assert refused.status_code == 401 and refused.json_body["error"]["code"] == "unauthorized"
    assert client.get(f"/mp/bookings/{bid}", headers=me).json_body["deposit"]["state"] == "ordered"
    assert notify(client, chain, sent).status_code == 204
    assert notify(client, chain, sent).status_code == 204  # WeChat Pay retries: applied once
    seen = client.get(f"/mp/bookings/{bid}", headers=me).json_body
    assert (seen["deposit"]["state"], seen["deposit"]["paid_fen"]) == ("paid", 61_800)
    assert [e["kind"] for e in seen["events"]].count("deposit_paid") == 1

    cancelled = act(client, wang, bid, "cancel", {"note": "配件停产"})
    assert cancelled.status_code == 200, cancelled.json_body
    assert (cancelled.json_body["deposit"]["state"], cancelled.json_body["deposit"]["refund_fen"]) == ("refunding",
                                                                                                      61_800)
    refund_no = svc.ports.bookings.get(bid).payment.refund_no
    assert notify(client, chain, settle(standin, account, refund_no)).status_code == 204
    done = api.call("GET", f"/mp/bookings/{bid}/deposit", "/mp/bookings/{booking_id}/deposit", me)["deposit"]
    assert (done["state"], done["refunded_fen"]) == ("refunded", 61_800)
    assert standin.ledger.money()[order_no] == {"collected": 61_800, "refunded": 61_800}


def test_a_chain_without_a_merchant_takes_no_deposit(client, chain, svc):
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    wang = staff_login(client, chain, "wang")
    bid = book(client, wang, start=None, waiting_for_parts=True, service_type="repair", parts=PARTS,
               customer={**PHONE_BOOKING["customer"], "phone": "13600005678"})["booking_id"]
    me = {"Content-Type": "application/json", "Authorization": "Bearer " + call(
        client, "POST", "/mp/login", body={"chain_id": chain, "code": "qian"}).json_body["token"]}
    client.post("/mp/phone", headers=me, body=json.dumps({"code": "phone-13600005678", "plate": "沪A12345"}))
    r = client.post(f"/mp/bookings/{bid}/deposit", headers=me, body="")
    assert (r.status_code, r.json_body["error"]["code"]) == (503, "chain_not_configured")


def test_a_notification_to_a_chain_without_a_merchant_is_not_authenticated(client, chain):
    r = client.post(f"/wechatpay/notify/{chain}", headers={"Content-Type": "application/json"}, body="{}")
    assert (r.status_code, r.json_body["error"]["code"]) == (401, "unauthorized")


def test_the_stand_in_posts_its_notifications_to_the_live_api(server, tables, clock, chain, svc, standin, account):
    """As in `make run`: the order names this server's notify URL, and the stand-in posts the signed, encrypted
    notifications to it over HTTP (headers as a real server receives them)."""
    import requests

    from chalicelib import container
    from chalicelib.adapters.secrets import SsmSecrets
    from tests.conftest import CHEAP_ARGON2

    config = replace(tables, wechatpay_gateway=standin.url, wechatpay_notify_base=server)
    live = container.build(config, clock=clock, secrets=SsmSecrets(boto3.client("ssm")))
    container.override(container.use_cases(config, replace(live.ports, passwords=CHEAP_ARGON2)))
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})

    def send(method: str, path: str, token: str | None = None, body: dict | None = None) -> requests.Response:
        headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        return requests.request(method, f"{server}{path}", headers=headers, data=json.dumps(body or {}), timeout=30)

    wang = send("POST", "/staff/login", body={"chain_id": chain, "username": "wang", "password": "wang-pass"}).json()
    booked = send("POST", "/staff/stores/pudong/bookings", wang["token"], {
        **PHONE_BOOKING, "start": None, "waiting_for_parts": True, "service_type": "repair", "parts": PARTS,
        "customer": {**PHONE_BOOKING["customer"], "phone": "13600007777"}}).json()
    me = send("POST", "/mp/login", body={"chain_id": chain, "code": "sun"}).json()["token"]
    assert send("POST", "/mp/phone", me, {"code": "phone-13600007777", "plate": PHONE_BOOKING["vehicle"]["plate"]}
                ).json()["outcome"] == "merged"
    bid = booked["booking_id"]
    assert send("POST", f"/mp/bookings/{bid}/deposit", me).status_code == 200
    assert standin.ledger.order(account.mchid, order_no_of(bid)).notify_url == f"{server}/wechatpay/notify/{chain}"

    paid = requests.post(f"{standin.url}/__pay", json={"mchid": account.mchid, "out_trade_no": order_no_of(bid)},
                         timeout=30).json()
    assert paid == {"delivered": 204}
    assert send("GET", f"/mp/bookings/{bid}", me).json()["deposit"]["state"] == "paid"
    again = requests.post(f"{standin.url}/__notify", json={"mchid": account.mchid, "out_trade_no": order_no_of(bid)},
                          timeout=30).json()
    assert again == {"delivered": 204}
    assert send("POST", f"/staff/bookings/{bid}/cancel", wang["token"], {"note": "配件停产"}).status_code == 200
    refund_no = live.ports.bookings.get(bid).payment.refund_no
    settled = requests.post(f"{standin.url}/__settle_refund", json={"mchid": account.mchid, "out_refund_no": refund_no},
                            timeout=30).json()
    assert settled == {"delivered": 204}
    deposit = send("GET", f"/mp/bookings/{bid}/deposit", me).json()["deposit"]
    assert (deposit["state"], deposit["paid_fen"], deposit["refunded_fen"]) == ("refunded", 61_800, 61_800)
