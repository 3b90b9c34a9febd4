"""A chain onboarded with its approved SMS templates: each message goes by its own template (a reminder by its
moment's, and by whether the customer acknowledged), and the SMS customer reads the advisor, the price
estimate, the hold, the address and parking where the moment needs them."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy.onboarding import registered_sms_templates
from devstack import demo_templates
from devstack.demo_sms_templates import sms_templates
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.support.bookings import customer, request


@pytest.fixture
def onboarded(svc, chain):
    stores = [svc.ports.stores.get(chain, s) for s in ("pudong", "xuhui")]
    facts = {s.store_id: {"name": s.name, "address": s.address, "parking": s.parking, "phone": s.phone} for s in stores}
    registered = registered_sms_templates({"sms_templates": sms_templates(facts), "sms": {}}, stores)
    svc.ports.stores.put_chain(replace(svc.ports.stores.get_chain(chain), sms_templates=registered))
    return chain


def walk(svc, clock, day: str, hhmm: str) -> None:
    clock.set(at(day, hhmm))
    svc.checks.run("reminders")


def book(svc, chain, clock, start, *, acknowledge: bool = False):
    clock.set(at("2026-11-20", "10:00"))
    who = customer(svc, chain, "sms")
    booking, _ = svc.booking.book_online(who, request(start, customer={"name": "林涛", "phone": "13800138000",
                                                                          "honorific": "先生"}), "k")
    advisor = add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    svc.staff_ops.act(advisor, booking.booking_id, "confirm", staff_requests.staff_action({"advisor": "wang"}))
    if acknowledge:
        svc.booking.acknowledge_own(who, booking.booking_id)
    return booking


def test_the_sms_confirmation_says_advisor_price_hold_address_and_what_to_bring(svc, onboarded, clock):
    store = svc.ports.stores.get(onboarded, "pudong")
    booking = book(svc, onboarded, clock, at("2026-11-24", "14:00"))
    confirmation = sent(svc, "sms")[-1]
    assert confirmation.template_id == svc.ports.stores.get_chain(onboarded).sms_templates[
        "booking_confirmed@pudong"]["id"]
    text = confirmation.data
    assert text.startswith("林先生您好，")
    price = f"{booking.price_estimate // 100}.{booking.price_estimate % 100:02d}元"
    for said in ("11月24日 14:00", "wang顾问", price, store.address, "行驶证", "10分钟", store.phone):
        assert said in text, said


def test_the_three_sms_reminders_differ_and_say_what_their_moment_needs(svc, onboarded, clock):
    store = svc.ports.stores.get(onboarded, "pudong")
    book(svc, onboarded, clock, at("2026-11-24", "14:00"))
    before = len(sent(svc, "sms"))
    for hhmm in ("14:00",):
        walk(svc, clock, "2026-11-23", hhmm)
    for hhmm in ("11:00", "13:00"):
        walk(svc, clock, "2026-11-24", hhmm)
    day_before, three, one = [s.data for s in sent(svc, "sms")[before:]]
    assert len({day_before, three, one}) == 3
    assert "行驶证" in day_before and store.phone in day_before and "确认能否准时到店" in day_before
    assert store.address in three and store.parking in three and "还有约3小时" in three
    assert "wang顾问已为您做好准备" in one and "10分钟" in one


def test_an_acknowledged_sms_customer_is_thanked_not_asked(svc, onboarded, clock):
    book(svc, onboarded, clock, at("2026-11-24", "14:00"), acknowledge=True)
    before = len(sent(svc, "sms"))
    walk(svc, clock, "2026-11-23", "14:00")
    walk(svc, clock, "2026-11-24", "11:00")
    walk(svc, clock, "2026-11-24", "13:00")
    texts = [s.data for s in sent(svc, "sms")[before:]]
    assert len(texts) == 3
    for text in texts:
        assert "您已确认到店" in text and "确认能否准时到店" not in text


def test_a_merged_evening_reminder_says_what_the_3h_and_1h_would_have(svc, onboarded, clock):
    store = svc.ports.stores.get(onboarded, "pudong")
    book(svc, onboarded, clock, at("2026-11-24", "08:30"))
    before = len(sent(svc, "sms"))
    for hhmm in ("08:30", "20:59"):
        walk(svc, clock, "2026-11-23", hhmm)
    evening = sent(svc, "sms")[before:][-1].data
    for said in (store.address, store.parking, "wang顾问", "10分钟", "行驶证", "11月24日 08:30"):
        assert said in evening, said


def test_an_invitation_never_goes_as_a_wechat_template_message(svc, chain, clock):
    """Marketing: WeChat template and subscribe messages carry none; a consenting customer who follows the
    official account gets the invitation by SMS, ending with Tencent's opt-out."""
    from chalicelib.domain.messaging.outbox import OutboxRecord

    stored = svc.ports.stores.get_chain(chain)
    svc.ports.stores.put_chain(replace(stored, oa_appid="wxoa", oa_secret_ref="/appt/test/oa",
                                       oa_templates={"maintenance_due": "oa-maintenance_due"},
                                       keywords={"maintenance_due": dict(demo_templates.KEYWORDS["maintenance_due"])}))
    who = customer(svc, chain, "follows")
    svc.ports.customers.link_official_account(chain, who.subject, "oa-openid-1")
    svc.preferences.set_consent(who, {"marketing": True})
    record = OutboxRecord(f"{chain}#{who.subject}#maintenance_due#x", chain, who.subject, "maintenance_due",
                          {"customer_name": "张伟", "store_name": "浦东店", "plate": "沪A12345", "phone": "13800138000",
                           "due": "2027-07-19"})
    delivery = svc.notifier.send(record)
    assert delivery.channel == "sms", (delivery, sent(svc))
    assert not sent(svc, "template") and sent(svc, "sms")[-1].data.endswith("拒收请回复R")


def test_a_lapse_invitation_greets_by_surname_and_the_honorific_of_the_last_visit(svc, chain, clock, mgr):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "lapsing")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00"), customer={
        "name": "林涛", "phone": "13800138000", "honorific": "先生"}), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    svc.preferences.set_consent(who, {"marketing": True})
    clock.set(at("2027-02-24", "18:00"))
    assert svc.lapse.run()["invited"] == 1
    invitation = sent(svc, "sms")[-1].data
    assert invitation.startswith("林先生您好") and "林涛" not in invitation
