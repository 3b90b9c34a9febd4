"""Messages as customers get them from the real flows: quiet hours move and merge reminders, an acknowledged
customer is not asked again, staff start and complete send progress notices in the same change, invitations need
consent and an SMS opt-out stops them, and nothing invites a customer to what they have already booked."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import time

import pytest

from chalicelib.domain import staff_requests
from chalicelib.domain.errors import Forbidden, ValidationError
from chalicelib.domain.messaging import sms_reply
from tests.conftest import at
from tests.service.helpers import sent
from tests.support.bookings import customer, request


def walk(svc, clock, times) -> None:
    for day, hhmm in times:
        clock.set(at(day, hhmm))
        svc.checks.run("reminders")


def texts(svc) -> list[str]:
    return [s.data for s in sent(svc, "sms")]


def every_half_hour(day: str) -> list[tuple[str, str]]:
    return [(day, f"{h:02d}:{m:02d}") for h in range(24) for m in (0, 29, 30, 59)]


def test_an_early_appointment_gets_its_same_day_reminders_as_one_message_the_evening_before(svc, chain, clock):
    clock.set(at("2026-11-20", "10:00"))
    who = customer(svc, chain, "early")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "08:30")), "k")
    walk(svc, clock, [("2026-11-20", "12:00")])  # the checks also ran at its confirmation deadline (an SLA call)
    sent_at = []
    for day, hhmm in every_half_hour("2026-11-23") + [("2026-11-24", "08:00"), ("2026-11-24", "08:29")]:
        before = len(sent(svc))
        walk(svc, clock, [(day, hhmm)])
        sent_at += [hhmm] * (len(sent(svc)) - before)
    assert sent_at == ["08:30", "20:59"]  # T-24h on time; T-3h (05:30) and T-1h (07:30) merged at 20:59
    day_before, evening = texts(svc)
    assert "明天11月24日 08:30" in day_before and "请在小程序中确认" in day_before
    assert "明天11月24日 08:30" in evening and "停车：" in evening and "还有" not in evening
    kinds = [e.kind for e in svc.ports.bookings.get(booking.booking_id).events]
    assert {"reminder_1440", "reminder_180", "reminder_60"} <= set(kinds)


def test_the_customers_preferred_hours_travel_with_their_booking(svc, chain, clock):
    clock.set(at("2026-11-20", "10:00"))
    who = customer(svc, chain, "evenings")
    assert svc.preferences.set_contact_hours(who, {"contact_hours": ["18:00", "20:00"]})["contact_hours"] == ["18:00", "20:00"]
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00")), "k")
    assert booking.contact_window == (time(18, 0), time(20, 0))
    walk(svc, clock, [("2026-11-20", "12:00")])  # the checks also ran at its confirmation deadline (an SLA call)
    assert svc.ports.bookings.get(booking.booking_id).contact_window == (time(18, 0), time(20, 0))
    walk(svc, clock, [("2026-11-22", "19:58")])
    assert texts(svc) == []
    walk(svc, clock, [("2026-11-22", "19:59")])  # the T-24h (10:00 the day before), moved to the evening before that
    assert len(texts(svc)) == 1 and "您11月24日 10:00预约了" in texts(svc)[0]  # two days ahead: no 明天
    walk(svc, clock, [("2026-11-23", "10:00"), ("2026-11-23", "19:59"), ("2026-11-24", "09:00")])
    assert len(texts(svc)) == 2  # T-3h and T-1h merged into the evening before; nothing in the morning


@pytest.mark.parametrize("bad", [["25:00", "20:00"], ["18:00"], "18:00-20:00", ["18:00", "18:00"]])
def test_a_bad_contact_window_is_refused_naming_the_field(svc, chain, bad):
    who = customer(svc, chain, "bad")
    with pytest.raises(ValidationError) as refused:
        svc.preferences.set_contact_hours(who, {"contact_hours": bad})
    assert refused.value.field == "contact_hours"


def test_an_acknowledged_customer_is_not_asked_again(svc, chain, clock):
    clock.set(at("2026-11-20", "10:00"))
    who = customer(svc, chain, "ack")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "14:00")), "k")
    walk(svc, clock, [("2026-11-20", "12:00")])  # the checks also ran at its confirmation deadline (an SLA call)
    walk(svc, clock, [("2026-11-23", "14:00")])
    assert "请在小程序中确认能否准时到店" in texts(svc)[-1]
    clock.set(at("2026-11-23", "15:00"))
    svc.booking.acknowledge_own(who, booking.booking_id)
    walk(svc, clock, [("2026-11-24", "11:00"), ("2026-11-24", "13:00")])
    three, one = texts(svc)[1:]
    assert "还有约3小时" in three and "还有1小时" in one
    for text in (three, one):
        assert "您已确认到店" in text and "请在小程序中确认" not in text


def test_staff_start_and_complete_tell_the_customer_in_the_same_change(svc, chain, clock, mgr):
    clock.set(at("2026-11-20", "10:00"))
    who = customer(svc, chain, "progress")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00")), "k")
    svc.staff_ops.act(mgr, booking.booking_id, "confirm",
                      staff_requests.staff_action({"advisor": "mgr", "estimate": {"labour_hours": 2, "price": 656}}))
    confirmation = texts(svc)[-1]
    assert "您的服务顾问是mgr顾问" in confirmation and "预计费用656.00元" in confirmation and "10分钟" in confirmation
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    started, ready = texts(svc)[-2:]
    assert "已开始保养" in started
    assert "已完工" in ready and "本次费用合计656.00元" in ready
    events = svc.ports.bookings.get(booking.booking_id).events
    for kind, event in (("service_started", "in_service"), ("ready_for_pickup", "completed")):
        at_ = next(e.at for e in events if e.kind == event)
        assert svc.ports.outbox.get(f"{chain}#{booking.booking_id}#{kind}#{at_.isoformat()}").status == "sent"


@pytest.fixture
def replying_chain(svc, chain):
    stored = svc.ports.stores.get_chain(chain)
    svc.ports.stores.put_chain(replace(stored, sms={**stored.sms, "reply_secret_ref": "/appt/test/sms-reply"}))
    return chain


def test_invitations_need_consent_and_an_sms_opt_out_stops_them(svc, replying_chain, clock, mgr):
    chain = replying_chain
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "consent")
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00")), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    clock.set(at("2027-02-24", "18:00"))
    assert svc.lapse.run()["moot"] == 1  # three months on, but never agreed: no invitation
    assert svc.preferences.consent(who) == {"marketing": False}
    assert svc.preferences.set_consent(who, {"marketing": True}) == {"marketing": True}
    body = json.dumps([{"mobile": "13800138000", "text": "TD"}]).encode()
    with pytest.raises(Forbidden):
        svc.preferences.sms_replies(chain, body, "0" * 64)
    signature = sms_reply.signature(svc.ports.channels.reply_secret, body)
    assert svc.preferences.sms_replies(chain, body, signature) == {"replies": 1, "opted_out": 1}
    # the invitation of a consenting customer goes, but not by SMS to a number that replied TD
    from chalicelib.domain.messaging.outbox import OutboxRecord

    record = OutboxRecord(f"{chain}#{who.subject}#lapse_invitation#x", chain, who.subject, "lapse_invitation",
                          {"customer_name": "张伟", "store_name": "浦东店", "plate": "沪A12345", "phone": "13800138000"})
    assert svc.notifier.send(record).status == "failed"
    assert not [s for s in sent(svc) if s.template_id == "sms-lapse_invitation"]


def test_without_consent_an_invitation_is_withheld_not_sent(svc, chain, clock):
    from chalicelib.domain.messaging.outbox import OutboxRecord

    who = customer(svc, chain, "nocons")
    record = OutboxRecord(f"{chain}#{who.subject}#maintenance_due#x", chain, who.subject, "maintenance_due",
                          {"customer_name": "张伟", "store_name": "浦东店", "plate": "沪A12345", "phone": "13800138000"})
    assert svc.notifier.send(record).status == "withheld"
    svc.preferences.set_consent(who, {"marketing": True})
    again = replace(record, dedupe_key=record.dedupe_key + "2")
    assert svc.notifier.send(again).status == "sent"
    assert sent(svc)[-1].channel == "sms" and sent(svc)[-1].data.endswith("拒收请回复R")  # never a subscribe message


def test_no_first_service_invitation_for_a_first_service_booking(svc, chain, clock):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "firsts")
    svc.preferences.set_consent(who, {"marketing": True})
    body = request(at("2026-11-24", "10:00"), plate="沪AF12345", service_type="first_service",
                   vehicle={"plate": "沪AF12345", "model": "CX-50", "mileage": 300, "purchase_date": "2026-11-01"})
    svc.booking.book_online(who, body, "k")
    assert svc.ports.vehicles.due(at("2027-01-01", "18:00")) == []


def test_a_lapse_invitation_stops_once_the_customer_books(svc, chain, clock, mgr):
    clock.set(at("2026-11-23", "08:00"))
    who = customer(svc, chain, "rebooks")
    svc.preferences.set_consent(who, {"marketing": True})
    booking, _ = svc.booking.book_online(who, request(at("2026-11-24", "10:00")), "k")
    clock.set(at("2026-11-24", "09:55"))
    for action in ("check-in", "start", "complete"):
        svc.staff_ops.act(mgr, booking.booking_id, action)
    clock.set(at("2027-02-20", "10:00"))
    svc.booking.book_online(who, request(at("2027-02-26", "10:00")), "k2")  # booked again before the 3 months
    clock.set(at("2027-02-24", "18:00"))
    counts = svc.lapse.run()
    assert counts["moot"] == 1 and counts["invited"] == 0  # the stage moves on (proactive list), no invitation
    assert not [s for s in sent(svc) if s.template_id == "sms-lapse_invitation"]


def test_the_demo_script_shows_the_confirmation_and_three_reminders_at_their_moments():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from devstack.show_messages import show

    lines = show(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    stamps = [line.split("\n")[0] for line in lines if line.startswith("[")]
    assert [s.split(" ")[:3] for s in stamps] == [["[11-29", "10:30]", "sms"], ["[12-01", "10:00]", "sms"],
                                                  ["[12-01", "20:59]", "sms"], ["[12-02", "09:00]", "sms"]]
    # the 07:00 T-3h moved out of the quiet hours, merged with what the T-1h says
    confirmation, day_before, evening, hour = [line.split("\n", 1)[1] for line in lines if line.startswith("[")]
    assert len({day_before, evening, hour}) == 3 and len({s.split(" ")[3] for s in stamps[1:]}) == 3
    for said in ("服务顾问王磊", "预计费用710.00元", "10分钟", "行驶证"):  # an SMS customer reads advisor, price, hold
        assert said in confirmation, said
    assert "行驶证" in day_before and "门店地址" in evening and "停车" in evening and "王磊" in evening
    assert "王磊已为您做好准备" in hour and "10分钟" in hour


def test_the_demo_script_shows_every_kind_on_every_channel():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from chalicelib.domain.messaging.message_kinds import RULES
    from devstack.show_messages import every_kind

    lines = every_kind(datetime(2026, 12, 1, 14, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert [line.split(" ")[1] for line in lines if line.startswith("### ")] == list(RULES)
    assert sum(line.startswith("SMS ") for line in lines) == len(RULES)
    assert sum(line.startswith("SNS ") for line in lines) == len(RULES)
    assert not any("{" in line for line in lines)
