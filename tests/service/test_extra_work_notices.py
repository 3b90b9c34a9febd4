"""The customer's answer to extra work reaches staff where they are (docs/product-rules.md#wecom-for-staff): the
booking's advisor and the store's workshop members hear each answer at once in WeCom, never the member who recorded
a phone answer, once each."""
from __future__ import annotations

from chalicelib.domain.floor.extra_work import extra_input
from chalicelib.domain.people.staff import Role, StaffAccess
from tests.conftest import at
from tests.service.helpers import add_staff
from tests.service.test_extra_work import DAY, PADS, WIPERS, owner, under_way
from tests.service.test_staff_change_notices import floor, titles  # noqa: F401  (the WeCom fixture)


def test_each_answer_tells_the_advisor_and_the_workshop_once(svc, chain, clock, floor):  # noqa: F811
    wang = StaffAccess("wang", chain, Role.ADVISOR, frozenset({"pudong"}))
    chen = add_staff(svc, chain, "chen", Role.WORKSHOP, {"pudong"})
    svc.staff_wecom.link(floor, "chen", "ChenWs", None)
    booking = under_way(svc, clock, wang)
    clock.set(at(DAY, "10:30"))
    svc.extra_work.propose(chen, booking.booking_id, extra_input(PADS))  # the workshop found it
    svc.extra_work.propose(chen, booking.booking_id, extra_input(WIPERS))
    svc.ports.channels.sent.clear()
    clock.set(at(DAY, "10:40"))
    svc.extra_work.answer(owner(svc, booking), booking.booking_id, "x1", True)  # in the mini-program
    agreed = "客户同意增项：张伟 沪A12345"
    assert titles(svc, "WangAdv") == [agreed] and titles(svc, "ChenWs") == [agreed]
    [card] = [s for s in svc.ports.channels.sent if s.to == "ChenWs"]
    assert "更换前刹车片（680.00元）" in card.data["text"]
    svc.ports.channels.sent.clear()
    clock.set(at(DAY, "10:50"))
    svc.extra_work.phone_answer(wang, booking.booking_id, "x2", False, "车主电话表示下次再换", None)
    assert titles(svc, "ChenWs") == ["客户不同意增项：张伟 沪A12345"]
    assert titles(svc, "WangAdv") == []  # he took the answer himself
    assert titles(svc, "ZhangMgr") == []
