"""The session tokens' HS256 codec (adapters/people/hs256.py): the very tokens PyJWT wrote and reads, only
HS256 accepted, and no `cryptography` loaded by a container's first token."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

from chalicelib.adapters.people import hs256

KEY = "k" * 40
CLAIMS = {"iss": "appt", "sub": "c_1", "chain": "demo", "role": "customer", "stores": [], "ver": 0, "iat": 1,
          "exp": 2**40}


def test_tokens_are_byte_for_byte_pyjwts_and_verify_both_ways():
    ours = hs256.encode(CLAIMS, KEY, kid="k1")
    assert ours == jwt.encode(CLAIMS, KEY, algorithm="HS256", headers={"kid": "k1"})
    assert jwt.decode(ours, KEY, algorithms=["HS256"], options={"verify_exp": False}) == CLAIMS
    theirs = jwt.encode({**CLAIMS, "sub": "张"}, KEY, algorithm="HS256")  # no kid: a token of before the key ring
    assert hs256.decode(theirs, KEY)["sub"] == "张" and "kid" not in hs256.header(theirs)


def _segment(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _forged(header: dict, claims: object = CLAIMS, signature: str = "") -> str:
    return f"{_segment(header)}.{_segment(claims)}.{signature}"


@pytest.mark.parametrize("token", [
    jwt.encode(CLAIMS, "x" * 40, algorithm="HS256"),  # another key
    jwt.encode(CLAIMS, KEY, algorithm="HS512"),  # another algorithm, even with the right key
    _forged({"alg": "none", "typ": "JWT"}),  # unsigned
    _forged({"alg": "HS256"}, ["not", "an", "object"]),
    "only.two",
    "a.b.c.d",
    "",
    "@@@.e30.xx",
    "e30.全.xx",
])
def test_refuses_other_keys_other_algorithms_and_malformed_tokens(token):
    with pytest.raises(hs256.InvalidToken):
        hs256.decode(token, KEY)


def test_a_tampered_payload_is_refused():
    head, _, signature = hs256.encode(CLAIMS, KEY, kid="k1").split(".")
    with pytest.raises(hs256.InvalidToken):
        hs256.decode(f"{head}.{_segment({**CLAIMS, 'role': 'chain_admin'})}.{signature}", KEY)


def test_a_new_containers_first_token_loads_no_cryptography():
    """PyJWT imported `cryptography` (its RSA/EC algorithms): about as much CPU as the rest of a first booking."""
    script = ("import sys; from datetime import UTC, datetime, timedelta\n"
              "from chalicelib.adapters.people.auth import TokenService\n"
              "from chalicelib.domain.people.principal import Principal\n"
              "now = datetime(2026, 12, 7, tzinfo=UTC); tokens = TokenService('k' * 40, timedelta(hours=1))\n"
              "tokens.verify('Bearer ' + tokens.issue(Principal('c_1', 'demo', 'customer'), now), now)\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cryptography', 'jwt')))")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
