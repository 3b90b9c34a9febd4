"""A chain's WeChat set up through the API: secrets go to the stage's secret store under the chain's path, are
checked on save and never read back; a chain whose secret is missing answers `chain_not_configured`, not a 500."""
from __future__ import annotations

import json
import uuid

from chalicelib.domain.tenancy.chain import Chain


def post(client, path, body, token=None):
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    return client.post(path, headers=headers, body=json.dumps(body))


def test_a_chain_whose_mini_program_secret_is_missing_refuses_logins_as_not_configured(client, svc):
    chain_id = "t" + uuid.uuid4().hex[:10]
    svc.ports.stores.put_chain(Chain(chain_id, "缺密钥集团", mp_appid="wxmissing", mp_secret_ref="/appt/test/no-such-secret"))
    r = post(client, "/mp/login", {"chain_id": chain_id, "code": "alice"})
    assert r.status_code == 503, r.json_body
    assert r.json_body["error"]["code"] == "chain_not_configured"
    assert "no-such-secret" not in json.dumps(r.json_body)  # the secret's name stays ours


SECRET = "0123456789abcdef" * 2
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SETUP = {"mp_appid": "wx" + "1" * 16, "mp_secret": SECRET, "oa_appid": "wx" + "2" * 16, "oa_secret": "f" * 32,
         "mp_push_token": "mpPushToken1", "mp_push_aes_key": AES_KEY, "mp_original_id": "gh_" + "a" * 12,
         "oa_push_token": "oaPushToken1", "oa_push_aes_key": AES_KEY[::-1], "oa_original_id": "gh_" + "b" * 12}


def _operator(client, svc) -> str:
    from tests.e2e.test_floor_api import add_operator
    from tests.e2e.test_staff_api import staff_login

    add_operator(svc)
    return staff_login(client, "platform", "operator", "operator-pass")


def _open_chain(client, operator: str, chain_id: str, **more) -> None:
    from tests.e2e.test_staff_api import call

    body = {"chain_id": chain_id, "name": "东方汽车", "mp_appid": "wx" + "1" * 16,
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}, **more}
    r = call(client, "POST", "/operator/chains", operator, body)
    assert r.status_code == 201, r.json_body


def test_the_operator_sets_a_chain_up_through_the_api_and_no_answer_carries_a_secret(client, svc):
    import boto3

    from tests.e2e.test_staff_api import call, staff_login

    operator = _operator(client, svc)
    chain_id = "t" + uuid.uuid4().hex[:10]
    _open_chain(client, operator, chain_id)
    r = post(client, "/mp/login", {"chain_id": chain_id, "code": "alice"})
    assert r.status_code == 503 and r.json_body["error"]["code"] == "chain_not_configured"  # no secret yet
    r = call(client, "PATCH", f"/operator/chains/{chain_id}/wechat", operator, SETUP)
    assert r.status_code == 200, r.json_body
    answered = json.dumps(r.json_body)
    assert not any(SETUP[name] in answered for name in SETUP if "secret" in name or "push" in name)
    assert r.json_body["secrets_set"] == {name: True for name in SETUP if "secret" in name or "push" in name}
    assert r.json_body["safe_mode"] == {"mp": True, "oa": True} and r.json_body["oa_original_id"] == "gh_" + "b" * 12
    stored = boto3.client("ssm").get_parameters_by_path(Path=f"/appt/local/chains/{chain_id}", WithDecryption=True)
    values = {p["Name"].rsplit("/", 1)[1]: (p["Type"], p["Value"]) for p in stored["Parameters"]}
    assert values["mp-secret"] == ("SecureString", SECRET) and values["oa-push-aes-key"][1] == AES_KEY[::-1]
    assert len(values) == 6
    assert post(client, "/mp/login", {"chain_id": chain_id, "code": "alice"}).status_code == 200
    chief = staff_login(client, chain_id, "chief", "chief-pass")
    assert call(client, "GET", "/admin/wechat", chief).json_body == r.json_body
    r = call(client, "PATCH", "/admin/wechat", chief, {"oa_push_token": "rotated2"})  # a chain admin: their own
    assert r.status_code == 200 and r.json_body["secrets_set"]["oa_push_token"]
    assert call(client, "PATCH", f"/operator/chains/{chain_id}/wechat", chief, SETUP).status_code == 403


def test_a_misshapen_setting_is_refused_by_name_without_its_value_and_nothing_is_written(client, svc):
    import boto3

    from tests.e2e.test_staff_api import call

    operator = _operator(client, svc)
    chain_id = "t" + uuid.uuid4().hex[:10]
    _open_chain(client, operator, chain_id)
    for field, value in (("mp_secret", "not-a-secret-value"), ("oa_push_aes_key", "short"),
                         ("mp_appid", "wxNOTHEX"), ("mp_original_id", "gh_x")):
        r = call(client, "PATCH", f"/operator/chains/{chain_id}/wechat", operator, {**SETUP, field: value})
        assert r.status_code == 400 and r.json_body["error"]["field"] == field, r.json_body
        assert value not in json.dumps(r.json_body)
    r = call(client, "PATCH", f"/operator/chains/{chain_id}/wechat", operator, {"mp_push_aes_key": AES_KEY})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "mp_push_token"  # safe mode needs its token
    stored = boto3.client("ssm").get_parameters_by_path(Path=f"/appt/local/chains/{chain_id}")
    assert stored["Parameters"] == []


def test_a_new_chain_names_only_a_readable_secret_under_the_chains_path(client, svc):
    from tests.e2e.test_staff_api import call

    operator = _operator(client, svc)
    base = {"chain_id": "t" + uuid.uuid4().hex[:10], "name": "东方汽车", "mp_appid": "wx" + "1" * 16,
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    for ref in ("anything at all", "/appt/test/mp-secret", "/appt/local/chains/nobody/mp-secret"):
        r = call(client, "POST", "/operator/chains", operator, {**base, "mp_secret_ref": ref})
        assert r.status_code == 400 and r.json_body["error"]["field"] == "mp_secret_ref", (ref, r.json_body)
    r = call(client, "POST", "/operator/chains", operator, {**base, "mp_secret": "too-short"})
    assert r.status_code == 400 and r.json_body["error"]["field"] == "mp_secret"
    assert call(client, "GET", f"/operator/chains/{base['chain_id']}/wechat", operator).status_code == 404
    _open_chain(client, operator, base["chain_id"], mp_secret=SECRET)
    assert post(client, "/mp/login", {"chain_id": base["chain_id"], "code": "bob"}).status_code == 200
