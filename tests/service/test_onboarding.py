"""Opening chains through the use cases on the fakes: the operator creates a chain with its first admin; the
onboarding file creates a chain, a second run changes nothing, a dry run writes nothing, a bad file writes
nothing and names the field."""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

from chalicelib.domain.errors import Conflict, Forbidden
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.onboarding import run

DEMO = json.loads((Path(__file__).parents[2] / "devstack" / "onboarding" / "demo.json").read_text(encoding="utf-8"))
ENVIRON = {"DEMO_MANAGER_PASSWORD": "manager-pass", "DEMO_ADMIN_PASSWORD": "admin-pass",
           "DEMO_WANG_PASSWORD": "wang-pass", "DEMO_LI_PASSWORD": "li-password", "DEMO_CHEN_PASSWORD": "chen-pass",
           "DEMO_QIAN_PASSWORD": "qian-pass"}
OPERATOR = StaffAccess("operator", "platform", Role.OPERATOR, frozenset())


def cli(svc, doc, *, dry_run=False, environ=ENVIRON) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = run(doc, svc.onboarding, dry_run=dry_run, environ=environ, out=out)
    return status, out.getvalue().splitlines()


def test_the_demo_file_creates_the_chain_and_a_second_run_changes_nothing(svc):
    status, lines = cli(svc, DEMO)
    assert status == 0
    assert [line for line in lines if not line.startswith("warning")] == [
        "create chain demo", "create store demo-pudong", "create store demo-xuhui", "create staff manager (store_manager)",
        "create staff admin (chain_admin)", "create staff wang (advisor)", "create staff li (advisor)",
        "create staff chen (workshop)", "create staff qian (parts)"]
    assert not any(line.startswith("warning") for line in lines)  # the demo declares its official account, bound
    assert [s.store_id for s in svc.ports.stores.of_chain("demo")] == ["demo-pudong", "demo-xuhui"]
    token, member = svc.staff_access.login("demo", "wang", "wang-pass")
    assert member.role is Role.ADVISOR and member.store_ids == {"demo-pudong"}
    assert cli(svc, DEMO, environ={}) == (0, ["no changes"])  # passwords are needed only to create


def test_onboarding_warns_of_a_kind_the_file_has_no_sms_template_for(svc):
    """A chain onboarded before a message kind existed: its file has no template for it, so SMS cannot carry it."""
    doc = copy.deepcopy(DEMO)
    del doc["chain"]["sms_templates"]["pickup_notice"]
    assert cli(svc, doc, dry_run=True)[1][0].startswith("would create")  # its generic template id still carries it
    del doc["chain"]["sms"]["template.pickup_notice"]
    status, lines = cli(svc, doc, dry_run=True)
    assert status == 0
    assert [line for line in lines if line.startswith("warning")] == [
        "warning: chain.sms_templates: no SMS template for pickup_notice: a customer only SMS reaches will not hear "
        "these (add each approved template, or sms.template.<kind>)"]


def test_a_dry_run_lists_the_changes_and_writes_nothing(svc):
    cli(svc, DEMO)
    doc = copy.deepcopy(DEMO)
    doc["stores"][0]["capacity_per_slot"] = 5
    doc["staff"][2]["days_off"] = ["sun"]
    status, lines = cli(svc, doc, dry_run=True)
    assert status == 0 and lines == ["would update store demo-pudong: capacity_per_slot 4 -> 5",
                                     "would update staff wang: days_off frozenset() -> frozenset({'sun'})"]
    assert svc.ports.stores.get("demo", "demo-pudong").capacity_per_slot == 4
    assert cli(svc, doc)[1] == [line.removeprefix("would ") for line in lines]
    assert svc.ports.stores.get("demo", "demo-pudong").capacity_per_slot == 5
    assert svc.ports.staff.get("demo", "wang").days_off == {"sun"}
    assert cli(svc, doc)[1] == ["no changes"]


def test_a_change_of_role_or_stores_ends_the_accounts_sessions_but_a_day_off_does_not(svc):
    cli(svc, DEMO)
    before = svc.ports.staff.get("demo", "wang").token_version
    doc = copy.deepcopy(DEMO)
    doc["staff"][2]["days_off"] = ["2026-12-01"]
    cli(svc, doc)
    assert svc.ports.staff.get("demo", "wang").token_version == before
    doc["staff"][2]["store_ids"] = ["demo-pudong", "demo-xuhui"]
    cli(svc, doc)
    assert svc.ports.staff.get("demo", "wang").token_version == before + 1


@pytest.mark.parametrize("patch, message", [
    (lambda d: d["stores"][1]["hours"].update(sun=["18:00", "08:00"]), "error: stores[1].hours.sun"),
    (lambda d: d["staff"].append({"username": "new", "display_name": "新人", "role": "advisor",
                                  "store_ids": ["demo-xuhui"]}), "error: staff[6].password"),
    (lambda d: d["staff"][0].update(password_env="UNSET_VARIABLE"), "error: staff[0].password"),
    (lambda d: d["staff"][1].update(password="short"), "error: staff[1].password"),
])
def test_a_bad_file_writes_nothing_and_names_the_field(svc, patch, message):
    doc = copy.deepcopy(DEMO)
    patch(doc)
    status, lines = cli(svc, doc)
    assert status == 2 and lines[0].startswith(message), lines
    assert svc.ports.stores.of_chain("demo") == [] and svc.ports.staff.of_chain("demo") == []


def test_the_operator_creates_a_chain_with_its_first_admin_once(svc):
    given = {"chain_id": "east", "name": "东方汽车", "mp_appid": "wxeast", "mp_secret_ref": "/appt/prod/east/mp"}
    admin = {"username": "chief", "password": "chief-pass", "display_name": "总管"}
    chain, member = svc.onboarding.create_chain(OPERATOR, given, admin)
    assert (chain.chain_id, member.role, member.store_ids) == ("east", Role.CHAIN_ADMIN, frozenset())
    _, signed_in = svc.staff_access.login("east", "chief", "chief-pass")
    assert signed_in.username == "chief"
    with pytest.raises(Conflict) as twice:
        svc.onboarding.create_chain(OPERATOR, given, admin)
    assert twice.value.code == "chain_exists"
    with pytest.raises(Conflict):
        svc.onboarding.create_chain(OPERATOR, {**given, "chain_id": "platform"}, admin)
    chain_admin = StaffAccess("chief", "east", Role.CHAIN_ADMIN, frozenset())
    with pytest.raises(Forbidden):
        svc.onboarding.create_chain(chain_admin, {**given, "chain_id": "west"}, admin)


WECHAT_ENV = {"EAST_MP_SECRET": "ab" * 16, "EAST_OA_TOKEN": "eastOaToken", "EAST_OA_AES": "Z" * 43}


def test_the_file_sets_the_chains_wechat_from_the_environment_and_never_prints_a_secret(svc):
    doc = copy.deepcopy(DEMO)
    twice = copy.deepcopy(doc)
    twice["chain"]["wechat"] = {"oa_appid": "wx" + "c" * 16}  # the demo file gives its oa_appid beside: refused
    assert cli(svc, twice)[1] == ["error: chain.wechat.oa_appid: chain.oa_appid and chain.wechat.oa_appid both set it: "
                                  "give it once"]
    for given_beside in ("mp_secret_ref", "oa_appid", "oa_secret_ref"):
        del doc["chain"][given_beside]
    doc["chain"]["wechat"] = {"mp_secret_env": "EAST_MP_SECRET", "oa_appid": "wx" + "c" * 16,
                              "oa_push_token_env": "EAST_OA_TOKEN", "oa_push_aes_key_env": "EAST_OA_AES",
                              "oa_original_id": "gh_" + "d" * 12}
    environ = {**ENVIRON, **WECHAT_ENV}
    status, lines = cli(svc, doc, dry_run=True, environ=environ)
    assert status == 0 and "would set WeChat mp_secret, oa_appid, oa_original_id, oa_push_aes_key, oa_push_token" in lines
    assert not any(value in "\n".join(lines) for value in WECHAT_ENV.values())
    status, lines = cli(svc, doc, environ=environ)
    assert status == 0 and "set WeChat mp_secret, oa_appid, oa_original_id, oa_push_aes_key, oa_push_token" in lines
    chain = svc.ports.stores.get_chain("demo")
    assert chain.mp_secret_ref.startswith("/appt/local/chains/demo/mp-secret:")
    assert svc.ports.secrets.get(chain.push["oa.aes_key_ref"]) == "Z" * 43 and chain.push["oa.original_id"] == "gh_" + "d" * 12
    assert cli(svc, doc, environ=environ)[1][-1] == "no changes"  # the stored secrets are the file's: nothing to do
    status, lines = cli(svc, doc, environ={**environ, "EAST_OA_TOKEN": "rotatedToken"})
    assert lines[-1] == "set WeChat oa_push_token"
    status, lines = cli(svc, doc, environ=ENVIRON)
    assert status == 2 and lines == ["error: chain.wechat.mp_secret_env: the environment variable EAST_MP_SECRET is not set"]
    bad = copy.deepcopy(doc)
    bad["chain"]["wechat"]["oa_original_id"] = "nope"
    assert cli(svc, bad, environ=environ)[1] == ["error: chain.wechat.oa_original_id must be gh_ and 12 hex characters "
                                                 "(the app's original id)"]
