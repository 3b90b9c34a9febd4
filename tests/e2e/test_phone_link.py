"""POST /mp/phone through the WeChat stand-in's getuserphonenumber: the verified phone takes over the bookings
staff made for it only with a matching plate, and never from another WeChat customer."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.adapters.dynamo.models import BookingModel, CustomerModel, VehicleModel, WeChatPushModel
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.people.principal import Principal
from chalicelib.domain.people.staff import Role
from tests.e2e.test_staff_api import add_staff, book, staff_login

PHONE = "13800138000"  # the phone booking's number (tests/support/bookings.py)


def mp(client, method, path, token, body=None, lang=None):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    if lang:
        headers["Accept-Language"] = lang
    kwargs = {"headers": headers, **({"body": json.dumps(body)} if body is not None else {})}
    return getattr(client, method)(path, **kwargs)


def login(client, chain, code):
    r = client.post("/mp/login", headers={"Content-Type": "application/json"},
                    body=json.dumps({"chain_id": chain, "code": code}))
    return r.json_body["token"], r.json_body["customer_id"]


def phone_booking(client, chain):
    add_staff(chain, "wang", Role.ADVISOR, {"pudong"})
    return book(client, staff_login(client, chain, "wang"))["booking_id"]


def test_a_phone_booking_appears_in_the_mini_program_after_linking(client, chain, calls):
    booking_id = phone_booking(client, chain)
    token, customer_id = login(client, chain, "alice")
    assert mp(client, "get", "/mp/bookings", token).json_body["bookings"] == []
    linked = mp(client, "post", "/mp/phone", token, {"code": f"phone-{PHONE}", "plate": "沪a·12345"})
    assert linked.status_code == 200, linked.json_body
    assert linked.json_body == {"phone": "138****8000", "verified": True, "linked": True, "outcome": "merged",
                                "moved": {"bookings": 1, "vehicles": 1}}
    listed = mp(client, "get", "/mp/bookings", token).json_body["bookings"]
    assert [b["booking_id"] for b in listed] == [booking_id]
    assert mp(client, "get", f"/mp/bookings/{booking_id}", token).status_code == 200
    assert VehicleModel.get(chain, "沪A12345").customer_id == customer_id
    me = CustomerModel.get(chain, customer_id)
    assert (me.phone, me.name) == (PHONE, "张伟") and me.phone_verified_at
    # linking again moves nothing more and changes nothing
    again = mp(client, "post", "/mp/phone", token, {"code": f"phone-{PHONE}"}).json_body
    assert again["outcome"] == "merged" and again["moved"] == {"bookings": 0, "vehicles": 0}
    assert [b["booking_id"] for b in mp(client, "get", "/mp/bookings", token).json_body["bookings"]] == [booking_id]
    # the next phone booking for that number goes straight to the mini-program customer
    later = book(client, staff_login(client, chain, "wang"), start="2026-11-26T10:00:00+08:00")["booking_id"]
    assert {b["booking_id"] for b in mp(client, "get", "/mp/bookings", token).json_body["bookings"]} == {booking_id, later}


def test_the_phone_alone_is_not_enough(client, chain):
    booking_id = phone_booking(client, chain)
    token, customer_id = login(client, chain, "alice")
    for body in ({"code": f"phone-{PHONE}"}, {"code": f"phone-{PHONE}", "plate": "沪B99999"}):
        answer = mp(client, "post", "/mp/phone", token, body).json_body
        assert (answer["linked"], answer["outcome"], answer["moved"]) == (False, "plate_mismatch",
                                                                          {"bookings": 0, "vehicles": 0})
    assert mp(client, "get", "/mp/bookings", token).json_body["bookings"] == []
    assert BookingModel.get(booking_id).customer_id != customer_id
    assert CustomerModel.get(chain, customer_id).phone == PHONE  # verified all the same


def test_two_wechat_customers_are_never_merged(client, chain):
    booking_id = phone_booking(client, chain)
    alice, alice_id = login(client, chain, "alice")
    bob, _ = login(client, chain, "bob")
    assert mp(client, "post", "/mp/phone", alice, {"code": f"phone-{PHONE}", "plate": "沪A12345"}).json_body["linked"]
    taken = mp(client, "post", "/mp/phone", bob, {"code": f"phone-{PHONE}", "plate": "沪A12345"}).json_body
    assert (taken["linked"], taken["outcome"]) == (False, "other_wechat_customer")
    assert mp(client, "get", "/mp/bookings", bob).json_body["bookings"] == []
    assert BookingModel.get(booking_id).customer_id == alice_id


def test_two_customers_linking_at_once_never_split_the_bookings(client, chain, svc):
    first = phone_booking(client, chain)
    second = book(client, staff_login(client, chain, "wang"), start="2026-11-25T10:00:00+08:00")["booking_id"]
    people = [login(client, chain, code)[1] for code in ("alice", "bob", "carol")]
    # the mini-program's access token first (another number, nothing to link): the race is the merge's, not the
    # token's (a busy machine could keep the other threads waiting past the token lease)
    warm_up, _ = login(client, chain, "dave")
    assert mp(client, "post", "/mp/phone", warm_up, {"code": "phone-13900000000"}).json_body["outcome"] == "no_phone_customer"

    def link(customer_id):
        return svc.phone_link.link(Principal(customer_id, chain, "customer"), f"phone-{PHONE}", "沪A12345").outcome

    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(link, people))
    assert sorted(outcomes) == ["merged", "other_wechat_customer", "other_wechat_customer"]
    winner = people[outcomes.index("merged")]
    assert {BookingModel.get(first).customer_id, BookingModel.get(second).customer_id} == {winner}
    assert VehicleModel.get(chain, "沪A12345").customer_id == winner


def test_a_bad_code_is_refused_in_chinese_naming_the_field(client, chain):
    token, _ = login(client, chain, "alice")
    refused = mp(client, "post", "/mp/phone", token, {"code": "invalid-code"})
    assert refused.status_code == 400
    assert (refused.json_body["error"]["code"], refused.json_body["error"]["field"]) == ("invalid_code", "code")
    assert re.search(r"[\u4e00-\u9fff]", refused.json_body["error"]["message"])
    bad_plate = mp(client, "post", "/mp/phone", token, {"code": f"phone-{PHONE}", "plate": "abc"}, lang="en")
    assert bad_plate.status_code == 400 and bad_plate.json_body["error"]["field"] == "plate"
    assert bad_plate.json_body["error"]["message"].startswith("not a valid")


def test_erasing_a_linked_customer_erases_the_phone_customer_they_took_over(client, chain, svc):
    phone_booking(client, chain)
    token, customer_id = login(client, chain, "alice")
    assert mp(client, "post", "/mp/phone", token, {"code": f"phone-{PHONE}", "plate": "沪A12345"}).json_body["linked"]
    source_id = phone_customer_id(chain, PHONE)
    assert CustomerModel.get(chain, source_id).merged_into == customer_id
    svc.ports.customers.link_official_account(chain, customer_id, "oa-alice")  # she follows the official account
    erased = mp(client, "delete", "/mp/me", token)
    assert erased.status_code == 200 and erased.json_body["erased"]["customer"] == 2
    for gone in (customer_id, source_id):
        with pytest.raises(CustomerModel.DoesNotExist):
            CustomerModel.get(chain, gone)
    assert svc.ports.customers.by_official_account(chain, "oa-alice") is None
    with pytest.raises(WeChatPushModel.DoesNotExist):
        WeChatPushModel.get(f"follower#{chain}#oa-alice")  # the follower's record went too


def test_linking_costs_a_few_requests_and_one_transaction(client, chain, calls):
    phone_booking(client, chain)
    wang = staff_login(client, chain, "wang")
    for day in ("2026-11-25", "2026-11-26"):
        book(client, wang, start=f"{day}T10:00:00+08:00")
    token, _ = login(client, chain, "alice")
    mp(client, "get", "/mp/bookings", token)  # the token's key and the chain are cached from here on
    calls.clear()
    answer = mp(client, "post", "/mp/phone", token, {"code": f"phone-{PHONE}", "plate": "沪A12345"}).json_body
    assert answer["moved"] == {"bookings": 3, "vehicles": 1}
    # the WeChat access token's first fetch (wechat-tokens) is the shared token's cost, not linking's
    dynamo = [op for op, table, _ in calls.tables if not table.endswith("wechat-tokens")]
    assert dynamo.count("TransactWriteItems") == 1 and "Scan" not in dynamo
    assert len(dynamo) <= 10, calls.tables  # reads of the two customers, their bookings (Query), the vehicle; one write
    assert all(scanned == count for _, count, scanned in calls.queries)  # no item read and thrown away
