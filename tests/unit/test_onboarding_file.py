"""The onboarding file read and checked: every refusal names the path of the field; WeChat bindings that lose
the official-account fallback are warned about; the shipped demo file is valid and matches the local run's demo."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.people.staff import Role
from chalicelib.domain.tenancy import onboarding
from chalicelib.domain.tenancy.chain import Chain

DEMO = json.loads((Path(__file__).parents[2] / "devstack" / "onboarding" / "demo.json").read_text(encoding="utf-8"))


def with_(path: str, value):
    """The demo file with one value set (path like "stores.0.hours.mon")."""
    doc = copy.deepcopy(DEMO)
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return doc


def test_the_demo_file_reads_as_the_local_runs_demo_chain():
    from devstack.seed import DEMO_PLACES, DEMO_PLAN, DEMO_STORES, demo_store

    found = onboarding.read(DEMO)
    assert found.chain_id == "demo" and [s.store_id for s in found.stores] == list(DEMO_STORES)
    for store in found.stores:
        city, district, location = DEMO_PLACES[store.store_id]
        assert store == demo_store(store.store_id, DEMO_STORES[store.store_id], city=city, district=district,
                                   location=location, plan=DEMO_PLAN)
    assert {m.username: m.role for m in found.staff} == {"manager": Role.STORE_MANAGER, "admin": Role.CHAIN_ADMIN,
                                                         "wang": Role.ADVISOR, "li": Role.ADVISOR,
                                                         "chen": Role.WORKSHOP, "qian": Role.PARTS}
    from devstack.seed import demo_sms_templates

    assert found.chain["sms_templates"] == demo_sms_templates()  # the approved SMS templates, every kind's
    from devstack.demo_templates import KEYWORDS_OF_NOTICES

    assert found.chain["keywords"] == KEYWORDS_OF_NOTICES  # the WeChat mappings, each checked for its content


@pytest.mark.parametrize("path, value, field", [
    ("stores.1.hours.mon", ["18:00", "09:00"], "stores[1].hours.mon"),
    ("stores.0.capacity_per_slot", 0, "stores[0].capacity_per_slot"),
    ("stores.0.location", {"lat": 200, "lng": 121}, "stores[0].location.lat"),
    ("stores.0.store_id", "Bad Id", "stores[0].store_id"),
    ("stores.0.bays", 3, "stores[0].bays"),
    ("chain.templates", {"birthday": "t1"}, "chain.templates.birthday"),
    ("chain.chain_id", "platform", "chain.chain_id"),
    ("chain.colour", "red", "chain.colour"),
    ("staff.2.role", "boss", "staff[2].role"),
    ("staff.2.store_ids", ["demo-nowhere"], "staff[2].store_ids"),
    ("staff.3.days_off", ["someday"], "staff[3].days_off"),
    ("staff.3.username", "wang", "staff[3]"),
    ("stores", {"demo-pudong": {}}, "stores"),
])
def test_every_refusal_names_the_path_of_its_field(path, value, field):
    with pytest.raises(ValidationError) as refused:
        onboarding.read(with_(path, value))
    assert refused.value.field == field, refused.value.message


def test_staff_may_name_stores_the_chain_already_has():
    doc = with_("staff.2.store_ids", ["demo-minhang"])
    assert onboarding.read(doc, {"demo-minhang"}).staff[2].store_ids == {"demo-minhang"}


def test_the_store_plan_and_price_list_pass_through_to_the_store_configuration():
    found = onboarding.read(with_("stores.0.plan", [{"id": "sun-idle", "name": "周日闲时", "days": ["sun"],
                                                     "tier": "recommended", "discount": 0.1}]))
    assert [seg.segment_id for seg in found.stores[0].plan] == ["sun-idle"] and found.warnings == []
    assert found.stores[0].price_list["maintenance"].hourly_rate == 18000  # fen
    with pytest.raises(ValidationError) as refused:
        onboarding.read(with_("stores.1.price_list", {"maintenance": {"labour_hours": -1}}))
    assert refused.value.field.startswith("stores[1].price_list")


def test_a_new_chain_needs_its_mini_program_and_an_update_keeps_what_the_file_leaves_out():
    with pytest.raises(ValidationError) as refused:
        onboarding.chain_of({"chain_id": "new", "name": "新集团"}, None)
    assert refused.value.field == "chain.mp_appid"
    stored = Chain("demo", "旧名", "wx1", "/ref", oa_appid="wxoa", sms={"sign": "旧"})
    updated = onboarding.chain_of({"chain_id": "demo", "name": "新名"}, stored)
    assert (updated.name, updated.oa_appid, updated.sms) == ("新名", "wxoa", {"sign": "旧"})


def test_warns_when_the_official_account_fallback_cannot_work():
    chain = Chain("demo", "演示", "wx1", "/ref")
    assert "no official account" in onboarding.wechat_warnings(chain, None)[0]
    with_oa = Chain("demo", "演示", "wx1", "/ref", oa_appid="wxoa")
    assert "no unionid" in onboarding.wechat_warnings(with_oa, None)[0]
    assert onboarding.wechat_warnings(with_oa, "wxopen") == []
