"""The parts desk's own task (checked parts not confirmed at T-1h, docs/product-rules.md#workshop-and-parts) reaches
the store's parts members in WeCom, once, not the booking's advisor; a store without a parts member tells its
managers."""
from __future__ import annotations

from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.service.test_staff_change_notices import cards, floor  # noqa: F401  (the WeCom fixture)
from tests.service.test_workshop_desk import DAY, book


def parts_cards(svc, to):
    return [c for c in cards(svc, to) if "备件" in c.data["title"]]


def WANG(chain):  # noqa: N802  (the advisor the WeCom fixture made)
    return StaffAccess("wang", chain, Role.ADVISOR, frozenset({"pudong"}))


def _checked_then_unconfirmed(svc, clock, advisor, parts):
    clock.set(at("2026-11-23", "09:00"))
    booking = book(svc, advisor)  # 10:00 tomorrow
    clock.set(at("2026-11-23", "16:00"))
    svc.workshop_desk.check(parts, booking.booking_id, "ready", None, None)
    svc.ports.channels.sent.clear()
    clock.set(at(DAY, "09:00"))  # T-1h: not confirmed
    svc.checks.run("reminders")
    svc.checks.run("reminders")  # twice: one task, one notice
    return booking


def test_the_parts_desks_task_reaches_its_members_not_the_advisor(svc, chain, clock, floor):  # noqa: F811
    zhou = add_staff(svc, chain, "zhou", Role.PARTS, {"pudong"})
    svc.staff_wecom.link(floor, "zhou", "ZhouParts", None)
    _checked_then_unconfirmed(svc, clock, WANG(chain), zhou)
    (card,) = cards(svc, "ZhouParts")
    assert "到店前一小时备件仍未确认到位" in card.data["title"], card.data
    assert parts_cards(svc, "WangAdv") == [] and parts_cards(svc, "ZhangMgr") == []


def test_without_a_parts_member_the_managers_hear_of_it(svc, chain, clock, floor):  # noqa: F811
    manager = StaffAccess("mgr", chain, Role.STORE_MANAGER, frozenset({"pudong"}))  # checks the parts himself
    _checked_then_unconfirmed(svc, clock, WANG(chain), manager)
    assert len(parts_cards(svc, "ZhangMgr")) == 1
    assert parts_cards(svc, "WangAdv") == []
