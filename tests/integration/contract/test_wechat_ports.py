"""The ports WeChat's push and phone linking use, on the fakes and on DynamoDB alike: customers found by unionid
and official-account openid, pushes claimed once, and the merge of a phone-only customer, conditioned."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from chalicelib.domain import staff_requests
from chalicelib.domain.booking import new_booking
from chalicelib.domain.people import linking
from chalicelib.domain.people.customer import phone_customer_id
from chalicelib.domain.tenancy.calendar import locate_slot
from chalicelib.services.booking.moves import slot_seen
from tests.conftest import at
from tests.integration.contract.test_booking_ports import book, customer
from tests.support.bookings import PHONE_BOOKING


def test_customers_are_found_by_unionid_and_official_account(ports, chain_id):
    now = ports.clock.now()
    alice = ports.customers.sign_in(chain_id, "openid-alice", "union-alice", now)
    assert ports.customers.by_unionid(chain_id, "union-alice").customer_id == alice
    assert ports.customers.by_unionid("another-chain", "union-alice") is None
    assert ports.customers.by_official_account(chain_id, "oa-alice") is None
    assert ports.customers.link_official_account(chain_id, alice, "oa-alice")
    assert ports.customers.get(chain_id, alice).oa_openid == "oa-alice"
    assert ports.customers.by_official_account(chain_id, "oa-alice").customer_id == alice
    assert ports.customers.link_official_account(chain_id, alice, None)
    assert ports.customers.get(chain_id, alice).oa_openid is None
    assert ports.customers.by_official_account(chain_id, "oa-alice") is None
    assert not ports.customers.link_official_account(chain_id, "c_nobody", "oa-x")
    assert ports.customers.find(chain_id, "c_nobody") is None
    ports.customers.verify_phone(chain_id, alice, "13900001111", now)
    me = ports.customers.get(chain_id, alice)
    assert (me.phone, me.phone_verified_at) == ("13900001111", now.isoformat())


def test_a_push_is_claimed_once_until_it_expires(ports, chain_id):
    now = ports.clock.now()
    key = f"{chain_id}#mp#1#nonce"
    assert ports.replays.first_time(key, now, now + timedelta(minutes=10))
    assert not ports.replays.first_time(key, now + timedelta(minutes=5), now + timedelta(minutes=15))
    assert ports.replays.first_time(key, now + timedelta(minutes=11), now + timedelta(minutes=21))  # expired
    ports.replays.forget(key)
    assert ports.replays.first_time(key, now, now + timedelta(minutes=10))


def staff_booking(ports, chain_id, start, booking_id):
    store = ports.stores.get(chain_id, "pudong")
    req = staff_requests.staff_booking_request({**PHONE_BOOKING, "start": start.isoformat()})
    slot = locate_slot(store, start, ports.clock.now())
    seen = slot_seen(ports.bookings, store, slot).tier
    change = new_booking.by_staff(req, store, slot, seen, ports.clock.now(), "wang", booking_id, (None, None))
    ports.uow.commit(change)
    return change.after


def test_the_merge_moves_every_item_once_and_refuses_a_stale_read(ports, chain_id):
    first = staff_booking(ports, chain_id, at("2026-11-24", "09:00"), "b-phone-1")
    second = staff_booking(ports, chain_id, at("2026-11-25", "09:00"), "b-phone-2")
    source_id = phone_customer_id(chain_id, PHONE_BOOKING["customer"]["phone"])
    alice = customer(ports, chain_id, "alice")
    bob = customer(ports, chain_id, "bob")
    book(ports, chain_id, alice, "10:00", key="own")
    source = ports.customers.get(chain_id, source_id)
    plan = linking.decide(ports.customers.get(chain_id, alice.subject), source, [first, second], (),
                          {"沪A12345"}).plan
    assert plan is not None and {b.booking_id for b in plan.bookings} == {"b-phone-1", "b-phone-2"}

    stale = replace(plan, bookings=(replace(first, version=first.version + 1), second))
    assert not ports.merger.merge(stale, ports.clock.now())  # nothing of a refused merge is written
    assert ports.bookings.get("b-phone-1").customer_id == source_id
    assert ports.customers.get(chain_id, source_id).merged_into is None

    assert ports.merger.merge(plan, ports.clock.now())
    mine = {b.booking_id for b in ports.bookings.for_customer(chain_id, alice.subject)}
    assert {"b-phone-1", "b-phone-2"} <= mine and len(mine) == 3
    assert ports.bookings.for_customer(chain_id, source_id) == []
    assert ports.bookings.get("b-phone-1").version == first.version + 1
    assert ports.customers.get(chain_id, source_id).merged_into == alice.subject
    assert ports.customers.get(chain_id, alice.subject).name == "张伟"
    assert not ports.merger.merge(replace(plan, target_id=bob.subject, bookings=()), ports.clock.now())
