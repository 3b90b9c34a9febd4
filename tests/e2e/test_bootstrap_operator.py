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
    body = {"chain_id": "first-chain", "name": "首个集团", "mp_appid": "wx" + "3" * 16, "mp_secret": "a" * 32,
            "admin": {"username": "chief", "password": "chief-pass", "display_name": "总管"}}
    assert call(client, "POST", "/operator/chains", signed_in.json_body["token"], body).status_code == 201

    again = io.StringIO()
    assert bootstrap_operator.main(["root-op"], out=again) == 2 and "exists already" in again.getvalue()
    reset = io.StringIO()
    assert bootstrap_operator.main(["root-op", "--reset"], out=reset) == 0
    second = _password(reset.getvalue())
    assert second != first
    assert _login(client, "root-op", first).status_code == 401
    assert _login(client, "root-op", second).status_code == 200
    stale = call(client, "GET", "/operator/chains/first-chain/wechat", signed_in.json_body["token"])
    assert stale.status_code == 401  # the reset ended the old session
    nobody = io.StringIO()
    assert bootstrap_operator.main(["nobody", "--reset"], out=nobody) == 2
