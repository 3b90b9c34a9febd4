"""The contact parts of the ports, on the fakes and on DynamoDB alike: a customer's contact hours and marketing
consent, SMS opt-outs kept by phone, the booking's copy of the contact hours, a chain's template keywords, a
store's quiet hours and parking note, and a moot vehicle invitation claimed without a message."""
from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from chalicelib.domain.booking.change import VehicleChange, decide
from chalicelib.domain.errors import NotFound
from devstack.seed import demo_store
from tests.conftest import at
from tests.integration.contract.test_booking_ports import customer, online


def test_contact_hours_and_consent_are_kept_and_an_opt_out_outlives_consent(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    fresh = ports.customers.get(chain_id, alice.subject)
    assert (fresh.contact_hours, fresh.marketing, fresh.may_invite()) == (None, False, False)
    window = (time(9, 0), time(20, 0))
    assert ports.customers.set_contact_hours(chain_id, alice.subject, window).contact_hours == window
    assert ports.customers.get(chain_id, alice.subject).contact_hours == window
    assert ports.customers.set_contact_hours(chain_id, alice.subject, None).contact_hours is None
    assert ports.customers.set_marketing(chain_id, alice.subject, True, ports.clock.now()).may_invite()
    assert not ports.customers.set_marketing(chain_id, alice.subject, False, ports.clock.now()).marketing
    with pytest.raises(NotFound):
        ports.customers.set_marketing(chain_id, "c_nobody", True, ports.clock.now())
    assert not ports.customers.phone_opted_out(chain_id, "13800138000")
    ports.customers.opt_out_phone(chain_id, "13800138000", ports.clock.now())
    ports.customers.opt_out_phone(chain_id, "13800138000", ports.clock.now())  # twice is once
    assert ports.customers.phone_opted_out(chain_id, "13800138000")
    assert not ports.customers.phone_opted_out(chain_id, "13900139000")


def test_a_booking_keeps_the_contact_hours_it_was_made_with(ports, chain_id):
    alice = customer(ports, chain_id, "alice")
    change = online(ports, chain_id, alice, "09:00")
    booking = replace(change.after, contact_window=(time(18, 0), time(20, 30)))
    ports.uow.commit(replace(change, after=booking))
    assert ports.bookings.get(booking.booking_id).contact_window == (time(18, 0), time(20, 30))


def test_chain_keywords_and_store_contact_settings_round_trip(ports, chain_id):
    chain = ports.stores.get_chain(chain_id)
    keywords = {"reminder": {"thing1": "service", "time2": "time", "thing3": "address"}}
    ports.stores.put_chain(replace(chain, keywords=keywords))
    ports.stores.put(demo_store("quiet", "静店", chain_id=chain_id, quiet_hours=(time(22, 0), time(7, 0)), parking="路边"))
    ports.stores.put(demo_store("never", "无静时", chain_id=chain_id, quiet_hours=None))
    if hasattr(ports.stores, "_cache"):
        ports.stores._cache.clear()
    assert ports.stores.get_chain(chain_id).keywords == keywords
    quiet = ports.stores.get(chain_id, "quiet")
    assert (quiet.quiet_hours, quiet.parking) == ((time(22, 0), time(7, 0)), "路边")
    assert ports.stores.get(chain_id, "never").quiet_hours is None


def test_a_moot_vehicle_invitation_is_claimed_without_a_message(ports, chain_id):
    store = ports.stores.get(chain_id, "pudong")
    alice = customer(ports, chain_id, "alice")
    change = online(ports, chain_id, alice, "09:00")
    ports.uow.commit(change)
    booking = change.after
    ports.uow.commit(decide(booking, booking, store, ports.clock.now(), vehicle=VehicleChange(
        booking.plate, next_due="2027-05-24", due=("maintenance_due", at("2027-05-17", "10:00")))))
    ports.clock.set(at("2027-05-17", "10:30"))
    due = [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id]
    assert len(due) == 1
    assert ports.vehicles.invite(due[0], None, ports.clock.now())
    assert not ports.vehicles.invite(due[0], None, ports.clock.now())
    assert [d for d in ports.vehicles.due(ports.clock.now()) if d.chain_id == chain_id] == []


def test_a_contact_preference_with_days_and_rush_hours_is_kept_by_the_customer_the_booking_and_its_task(
        ports, chain_id):
    """docs/product-rules.md#contact-preference"""
    from chalicelib.domain.contact_preference import Preference
    from chalicelib.domain.floor.task_rules import booking_task
    preference = Preference(hours=(time(9, 0), time(20, 0)), days="rest_days", avoid=((time(17, 0), time(18, 30)),))
    alice = customer(ports, chain_id, "alice")
    assert ports.customers.set_contact_hours(chain_id, alice.subject, preference).contact_hours == preference
    assert ports.customers.get(chain_id, alice.subject).contact_hours == preference
    change = online(ports, chain_id, alice, "09:00")
    booking = replace(change.after, contact_window=preference)
    ports.uow.commit(replace(change, after=booking))
    assert ports.bookings.get(booking.booking_id).contact_window == preference
    task = booking_task(booking, ports.stores.get(chain_id, "pudong"), "near_lost", at("2026-11-23", "10:00"))
    assert task.call_from == at("2026-11-28", "09:00") and task.contact_preference == "09:00-20:00|rest_days|17:00-18:30"
    ports.tasks.create(task)
    stored = ports.tasks.get(chain_id, "pudong", task.task_id)
    assert (stored.call_from, stored.contact_preference) == (task.call_from, task.contact_preference)
