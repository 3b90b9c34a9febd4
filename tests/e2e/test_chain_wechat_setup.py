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
