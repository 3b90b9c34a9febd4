"""WeCom for staff (decision 0037) on the memory ports: a chain's WeCom app set up (the secret stored under the
chain's path, never answered back), staff linking their WeCom account and choosing their notices, and staff
messages going to WeCom first for a member who linked it, then the official-account template, then SMS."""
from collections import deque
from datetime import date

import pytest

from chalicelib.domain.errors import Forbidden, NotFound, ValidationError
from chalicelib.domain.messaging.delivery import DeliveryError
from chalicelib.domain.people.staff import Role
from tests.conftest import at
from tests.service.helpers import add_staff, sent
from tests.service.test_report_delivery import LINK, managers  # noqa: F401 - the fixture

SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"
APP = {"corp_id": "ww0123456789abcdef", "agent_id": "1000002", "secret": SECRET}


@pytest.fixture
def admin(svc, chain):
    return add_staff(svc, chain, "chief", Role.CHAIN_ADMIN, set())


@pytest.fixture
def linked(managers, chain, admin):  # noqa: F811 - the imported fixture, asked for
    """`managers` with the chain's WeCom app set and `mgr` linked to WeCom user "ZhangMgr"."""
    managers.wecom_setup.configure(admin, chain, APP)
    managers.staff_wecom.link(admin, "mgr", "ZhangMgr", None)
    return managers


def test_the_app_is_set_with_its_secret_under_the_chains_path_and_never_answered(svc, chain, admin):
    shown = svc.wecom_setup.configure(admin, chain, APP)
    assert shown == {"chain_id": chain, "corp_id": APP["corp_id"], "agent_id": "1000002", "secret_set": True}
    assert SECRET not in str(shown) and SECRET not in str(svc.wecom_setup.describe(admin, chain))
    ref = svc.ports.stores.get_chain(chain).wecom["secret_ref"]
    assert ref.startswith(f"/appt/local/chains/{chain}/wecom-secret") and svc.ports.secrets.get(ref) == SECRET
    again = svc.wecom_setup.configure(admin, chain, {"agent_id": "1000003"})  # the rest stays
    assert again["agent_id"] == "1000003" and svc.ports.stores.get_chain(chain).wecom["secret_ref"] == ref


@pytest.mark.parametrize(("given", "field"), [
    ({"corp_id": "ww01", "agent_id": "1000002", "secret": SECRET}, "corp_id"),
    ({**APP, "agent_id": "abc"}, "agent_id"),
    ({**APP, "secret": "short"}, "secret"),
    ({**APP, "token": "x"}, "token"),
    ({"agent_id": "1000002"}, "corp_id"),  # a chain without an app is given all three
])
def test_a_misshapen_or_incomplete_app_is_refused_by_name(svc, chain, admin, given, field):
    with pytest.raises(ValidationError) as refused:
        svc.wecom_setup.configure(admin, chain, given)
    assert refused.value.field == field and SECRET not in refused.value.message
    assert svc.ports.stores.get_chain(chain).wecom == {}


def test_only_the_operator_or_the_chains_own_admin_sets_it(svc, chain, mgr, admin):
    with pytest.raises(Forbidden):
        svc.wecom_setup.configure(mgr, chain, APP)
    other = add_staff(svc, "other-chain", "boss", Role.CHAIN_ADMIN, set())
    with pytest.raises(NotFound):
        svc.wecom_setup.configure(other, chain, APP)


def test_staff_link_their_wecom_and_choose_their_notices(svc, chain, admin, mgr):
    member = svc.staff_wecom.link(admin, "mgr", "ZhangMgr", ["arrivals"])
    assert (member.wecom_userid, member.notices) == ("ZhangMgr", frozenset({"arrivals"}))
    own = svc.staff_wecom.link_own(mgr, "zhang.mgr@east", None)  # null notices: every one
    assert (own.wecom_userid, own.notices) == ("zhang.mgr@east", None)
    with pytest.raises(ValidationError) as bad:
        svc.staff_wecom.link_own(mgr, "张 经理", None)
    assert bad.value.field == "userid"
    with pytest.raises(ValidationError) as unknown:
        svc.staff_wecom.link_own(mgr, "ZhangMgr", ["arrivals", "gossip"])
    assert unknown.value.field == "notices"
    with pytest.raises(Forbidden):
        svc.staff_wecom.link(mgr, "mgr", "x", None)  # only the chain admin links another's account
    assert svc.staff_wecom.link_own(mgr, None, None).wecom_userid is None  # unlinked


def test_a_linked_member_gets_the_reports_in_wecom_first(linked, chain, clock, mgr):
    svc = linked
    clock.set(at("2026-11-23", "20:05"))
    assert svc.daily_report.run()["delivered"] == 4
    wecom = sent(svc, "wecom")
    assert [s.to for s in wecom] == ["ZhangMgr", "ZhangMgr"]
    assert wecom[0].data["title"] == "浦东店11月23日预约日报"
    assert wecom[0].data["link"] == LINK.format(kind="daily_report", day="2026-11-23")
    assert sent(svc, "template") == []  # the official account is not used for a member reached in WeCom
    assert [s.to for s in sent(svc, "sms")] == ["13900139000"] * 2  # the deputy has not linked WeCom
    (stored,) = svc.staff_desk.daily_reports(mgr, "pudong", date(2026, 11, 23), date(2026, 11, 23))
    assert stored["deliveries"]["digest:mgr"]["channel"] == "wecom"


def test_a_user_wecom_does_not_know_falls_back_to_the_template_then_sms(linked, chain, clock):
    svc = linked
    svc.ports.channels.fail["wecom"] = deque([DeliveryError("refused", 60111, "userid not found")] * 2)
    svc.ports.channels.fail["template"] = deque([DeliveryError("refused", 43101, "user refuse")])
    svc.ports.staff.set_contact(chain, "mgr", phone="13800138000", oa_openid="oa-mgr")
    clock.set(at("2026-11-23", "20:05"))
    svc.daily_report.run()
    mgr_sent = [(s.channel, s.to) for s in sent(svc) if s.to in ("oa-mgr", "13800138000", "ZhangMgr")]
    assert mgr_sent == [("sms", "13800138000"), ("template", "oa-mgr")]  # report: template refused too; digest


def test_a_member_who_does_not_want_the_digest_gets_the_report_only(linked, chain, clock, admin):
    svc = linked
    svc.staff_wecom.link(admin, "mgr", "ZhangMgr", ["arrivals", "tasks"])
    clock.set(at("2026-11-23", "20:05"))
    svc.daily_report.run()
    assert [s.data["title"] for s in sent(svc, "wecom")] == ["浦东店11月23日预约日报"]


def test_the_onboarding_file_sets_the_wecom_app_from_the_environment_and_never_prints_the_secret(svc):
    from tests.service.test_onboarding import DEMO, ENVIRON, cli

    doc = {**DEMO, "chain": {**DEMO["chain"], "wecom": {"corp_id": APP["corp_id"], "agent_id": 1000002,
                                                        "secret_env": "DEMO_WECOM_SECRET"}}}
    environ = {**ENVIRON, "DEMO_WECOM_SECRET": SECRET}
    status, lines = cli(svc, doc, dry_run=True, environ=environ)
    assert status == 0 and "would set WeCom agent_id, corp_id, secret" in lines and SECRET not in "\n".join(lines)
    status, lines = cli(svc, doc, environ=environ)
    assert status == 0 and "set WeCom agent_id, corp_id, secret" in lines
    wecom = svc.ports.stores.get_chain("demo").wecom
    assert (wecom["corp_id"], wecom["agent_id"]) == (APP["corp_id"], "1000002")
    assert svc.ports.secrets.get(wecom["secret_ref"]) == SECRET
    assert cli(svc, doc, environ=environ)[1][-1] == "no changes"
    assert cli(svc, doc, environ=ENVIRON)[1] == [
        "error: chain.wecom.secret_env: the environment variable DEMO_WECOM_SECRET is not set"]
    bad = {**doc, "chain": {**doc["chain"], "wecom": {**doc["chain"]["wecom"], "corp_id": "corp"}}}
    assert cli(svc, bad, environ=environ)[1][0].startswith("error: chain.wecom.corp_id must be ww and 16 hex")


def test_a_new_online_booking_reaches_its_advisor_in_wecom_only_if_linked_and_wanted(svc, chain, clock, admin):
    from tests.support.bookings import customer, request

    clock.set(at("2026-11-23", "09:00"))
    svc.wecom_setup.configure(admin, chain, APP)
    add_staff(svc, chain, "wang", Role.ADVISOR, {"pudong"})
    svc.ports.staff.set_contact(chain, "wang", phone="13600136000", oa_openid=None)
    booking, _ = svc.booking.book_online(customer(svc, chain, "amy"), request(at("2026-11-24", "09:00")), "k1")
    assert booking.advisor_id == "wang"
    assert [s for s in sent(svc) if s.to in ("13600136000", "WangAdv")] == []  # not linked: no SMS per booking
    svc.staff_wecom.link(admin, "wang", "WangAdv", None)
    clock.set(at("2026-11-23", "09:02"))  # the advisor desk's roster is read again after a minute
    second, _ = svc.booking.book_online(customer(svc, chain, "ben"), request(at("2026-11-24", "10:00"),
                                                                            plate="沪A54321"), "k2")
    (card,) = sent(svc, "wecom")
    assert card.to == "WangAdv" and "沪A54321" in card.data["title"] and "11月24日 10:00" in card.data["text"]
    assert "view=plan" in card.data["link"] and "day=2026-11-24" in card.data["link"]
    svc.ports.channels.fail["wecom"].append(DeliveryError("refused", 60111, "userid not found"))
    svc.booking.book_online(customer(svc, chain, "dan"), request(at("2026-11-24", "10:30"), plate="沪A11223"), "k4")
    assert [s for s in sent(svc) if s.to == "13600136000"] == []  # WeCom only: no SMS stands in for it
    svc.staff_wecom.link(admin, "wang", "WangAdv", ["arrivals"])
    clock.set(at("2026-11-23", "09:04"))
    svc.booking.book_online(customer(svc, chain, "cat"), request(at("2026-11-24", "11:00"), plate="沪A99887"), "k3")
    assert len(sent(svc, "wecom")) == 1  # bookings not wanted
