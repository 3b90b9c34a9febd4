"""Campaigns on the use cases (docs/product-rules.md#campaigns): a chain admin defines one for the cars due
this month, previews its audience, schedules it (an event two weeks ahead at least); at its time the
fanned-out run queues one message per customer who agreed to marketing, held for their contact hours, once;
the staff read the store's cars due this month."""
from __future__ import annotations

from datetime import datetime, time

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Forbidden, NotFound, ValidationError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import PHONE_BOOKING

SEASON = {"campaign_id": "winter-check", "name": "冬季检查", "service_type": "maintenance", "store_ids": ["pudong"],
          "starts": "2026-12-01", "ends": "2026-12-31", "wording": "seasonal", "audience": "due_this_month"}


@pytest.fixture
def admin(svc, chain):
    return add_staff(svc, chain, "boss", Role.CHAIN_ADMIN, set())


def _serviced(svc, chain, mgr, store: str, day: str, plate: str, phone: str, *, consent: bool) -> str:
    """A maintenance job done on `day`: the car's next maintenance falls due six months on."""
    who = mgr if store == "pudong" else add_staff(svc, chain, f"m-{plate}", Role.STORE_MANAGER, {store})
    svc.clock.set(at(day, "08:00"))
    b = svc.staff_ops.book(who, store, staff_requests.staff_booking_request({
        **PHONE_BOOKING, "start": f"{day}T10:00:00+08:00", "service_type": "maintenance",
        "customer": {"name": f"客户{plate[-2:]}", "phone": phone, "honorific": "先生"},
        "vehicle": {**PHONE_BOOKING["vehicle"], "plate": plate}, "estimate": {"price": 400}}))
    svc.clock.set(at(day, "10:00"))
    for action in ("check-in", "start", "complete"):
        step = staff_requests.staff_action({"mileage": 30000} if action == "complete" else {})
        svc.staff_ops.act(who, b.booking_id, action, step)
    customer_id = svc.ports.bookings.get(b.booking_id).customer_id
    if consent:
        svc.ports.customers.set_marketing(chain, customer_id, True, svc.clock.now())
    return customer_id


@pytest.fixture
def cars(svc, chain, mgr):
    """Due in December at pudong: 沪A10001 (agreed to marketing), 沪A10002 (did not); at xuhui: 沪A10003; due
    in January at pudong: 沪A10004."""
    return {
        "agreed": _serviced(svc, chain, mgr, "pudong", "2026-06-10", "沪A10001", "13800000001", consent=True),
        "silent": _serviced(svc, chain, mgr, "pudong", "2026-06-12", "沪A10002", "13800000002", consent=False),
        "elsewhere": _serviced(svc, chain, mgr, "xuhui", "2026-06-15", "沪A10003", "13800000003", consent=True),
        "later": _serviced(svc, chain, mgr, "pudong", "2026-07-02", "沪A10004", "13800000004", consent=True),
    }


def test_the_admin_defines_previews_and_schedules_it(svc, chain, clock, admin, mgr, cars):
    clock.set(at("2026-11-20", "10:00"))
    with pytest.raises(Forbidden):
        svc.campaigns.define(mgr, SEASON)
    with pytest.raises(ValidationError) as bad:
        svc.campaigns.define(admin, {**SEASON, "store_ids": ["nowhere"]})
    assert bad.value.field == "store_ids"
    assert svc.campaigns.define(admin, SEASON).status == "draft"
    assert svc.campaigns.preview(admin, "winter-check") == {
        "campaign_id": "winter-check", "audience": 2, "with_consent": 1, "by_store": {"pudong": 2}}
    with pytest.raises(ValidationError):
        svc.campaigns.schedule(admin, "winter-check", at("2026-11-19", "10:00"))  # in the past
    assert svc.campaigns.schedule(admin, "winter-check", at("2026-12-01", "10:00")).status == "scheduled"


def test_an_event_is_announced_two_weeks_ahead(svc, chain, clock, admin, cars):
    clock.set(at("2026-11-20", "10:00"))
    svc.campaigns.define(admin, {**SEASON, "campaign_id": "open-day", "wording": "event", "starts": "2026-12-12",
                                 "ends": "2026-12-12"})
    with pytest.raises(ValidationError) as late:
        svc.campaigns.schedule(admin, "open-day", at("2026-11-29", "10:00"))
    assert late.value.field == "send_at"
    assert svc.campaigns.schedule(admin, "open-day", at("2026-11-28", "10:00")).status == "scheduled"


def test_it_goes_once_to_those_who_agreed_in_their_contact_hours(svc, chain, clock, admin, cars):
    svc.ports.customers.set_contact_hours(chain, cars["agreed"], (time(19, 0), time(20, 30)))
    clock.set(at("2026-11-20", "10:00"))
    svc.campaigns.define(admin, SEASON)
    svc.campaigns.schedule(admin, "winter-check", at("2026-12-01", "10:00"))
    clock.set(at("2026-12-01", "09:45"))
    assert svc.fanout.run("campaigns").get("queued", 0) == 0  # not yet
    before = len(sent(svc))
    clock.set(at("2026-12-01", "10:00"))
    counts = svc.fanout.run("campaigns")
    assert (counts.get("queued"), counts.get("no_consent")) == (1, 1)
    key = f"{chain}#{cars['agreed']}#campaign_seasonal#winter-check"
    held = svc.ports.outbox.get(key)
    assert datetime.fromisoformat(held.held_until) == at("2026-12-01", "19:00")  # her hours, not the run's
    assert len(sent(svc)) == before
    assert svc.fanout.run("campaigns").get("queued", 0) == 0  # gone out: never twice
    clock.set(at("2026-12-01", "19:00"))
    svc.notifier.run_due()
    [message] = [s.data for s in sent(svc)[before:]]
    assert message.startswith("客先生/女士您好") and "季节活动12月1日开始" in message and message.endswith("拒收请回复R")
    assert [c.status for c in svc.campaigns.of_chain(admin)] == ["sent"]


def test_the_staff_read_the_cars_due_this_month(svc, chain, clock, mgr, cars):
    clock.set(at("2026-12-05", "09:00"))
    found = svc.campaigns.due_cars(mgr, "pudong")
    assert (found["from"], found["to"]) == ("2026-12-01", "2026-12-31")
    assert [(c["plate"], c["kind"], c["due"], c["customer"]["name"]) for c in found["cars"]] == [
        ("沪A10001", "maintenance", "2026-12-10", "客户01"), ("沪A10002", "maintenance", "2026-12-12", "客户02")]
    with pytest.raises(NotFound):  # not her store
        svc.campaigns.due_cars(mgr, "xuhui")
