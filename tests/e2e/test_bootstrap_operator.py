"""A stage's first platform operator from the command line: a one-time password printed once, which signs in
and opens a chain; a second run is refused; --reset gives a new password and the old one stops working."""
from __future__ import annotations

import io
import re

from chalicelib import bootstrap_operator
from tests.e2e.test_staff_api import call


def _password(printed: str) -> str:
    found = re.search(r"one-time password (\S+)", printed)
    assert found, printed
    return found.group(1)


def _login(client, username, password):
    return call(client, "POST", "/staff/login", body={"chain_id": "platform", "username": username, "password": password})


def test_the_first_operator_of_a_stage_is_made_from_the_command_line(client, svc):
    out = io.StringIO()
    assert bootstrap_operator.main(["root-op"], out=out) == 0
    first = _password(out.getvalue())
    assert len(first) >= 20
    signed_in = _login(client, "root-op", first)
    assert signed_in.status_code == 200 and signed_in.json_body["role"] == "operator"
    changed = call(client, "POST", "/staff/me/password", signed_in.json_body["token"],
                   {"old": first, "new": "root-op-own-2026"})  # required first (the test below)
    assert changed.status_code == 200
    body = {"chain_id": "first-chain", "name": "首个集团", "mp_appid": "wx" + "3" * 16, "mp_secret": "a" * 32,
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    assert call(client, "POST", "/operator/chains", changed.json_body["token"], body).status_code == 201

    again = io.StringIO()
    assert bootstrap_operator.main(["root-op"], out=again) == 2 and "exists already" in again.getvalue()
    reset = io.StringIO()
    assert bootstrap_operator.main(["root-op", "--reset"], out=reset) == 0
    second = _password(reset.getvalue())
    assert second != first
    assert _login(client, "root-op", first).status_code == 401
    assert _login(client, "root-op", second).status_code == 200
    stale = call(client, "GET", "/operator/chains/first-chain/wechat", changed.json_body["token"])
    assert stale.status_code == 401  # the reset ended the old session
    nobody = io.StringIO()
    assert bootstrap_operator.main(["nobody", "--reset"], out=nobody) == 2


def test_until_the_one_time_password_is_changed_every_route_but_the_change_answers_403(client, svc):
    out = io.StringIO()
    assert bootstrap_operator.main(["first-op"], out=out) == 0
    first = _password(out.getvalue())
    signed_in = _login(client, "first-op", first)
    assert signed_in.status_code == 200 and signed_in.json_body["password_change_required"] is True
    token = signed_in.json_body["token"]
    for method, path in (("GET", "/operator/chains/any-chain/wechat"), ("GET", "/staff/me/wecom"),
                         ("GET", "/staff/stores")):
        refused = call(client, method, path, token)
        assert refused.status_code == 403, (path, refused.json_body)
        assert refused.json_body["error"]["code"] == "password_change_required"
        assert refused.json_body["error"]["field"] == "password"
    changed = call(client, "POST", "/staff/me/password", token, {"old": first, "new": "operator-own-2026"})
    assert changed.status_code == 200
    fresh = changed.json_body["token"]
    assert call(client, "GET", "/operator/chains/any-chain/wechat", fresh).status_code == 404  # reached: no such chain
    again = _login(client, "first-op", "operator-own-2026")
    assert again.status_code == 200 and again.json_body["password_change_required"] is False
