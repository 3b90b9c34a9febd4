from datetime import UTC, datetime, timedelta

import jwt
import pytest

from chalicelib.adapters.people.auth import TokenService
from chalicelib.adapters.people.passwords import hash_password, verify_password
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.people.principal import Principal

NOW = datetime(2026, 11, 23, tzinfo=UTC)
SECRET = "s" * 40


def test_round_trip_and_expiry_against_the_injected_clock():
    tokens = TokenService(SECRET, timedelta(hours=1))
    token = tokens.issue(Principal("c_1", "demo", "customer"), NOW)
    who = tokens.verify(f"Bearer {token}", NOW + timedelta(minutes=59))
    assert (who.subject, who.chain_id, who.role) == ("c_1", "demo", "customer")
    with pytest.raises(Unauthorized) as err:
        tokens.verify(f"Bearer {token}", NOW + timedelta(hours=1))
    assert err.value.code == "token_expired"


@pytest.mark.parametrize("header", [None, "", "Token abc", "Bearer ", "Bearer not.a.jwt"])
def test_missing_or_malformed(header):
    with pytest.raises(Unauthorized) as err:
        TokenService(SECRET, timedelta(hours=1)).verify(header, NOW)
    assert err.value.field == "Authorization"


def test_a_token_signed_with_another_secret_is_refused():
    forged = jwt.encode({"iss": "appt", "sub": "x", "chain": "demo", "role": "chain_admin", "iat": 0,
                         "exp": int((NOW + timedelta(days=1)).timestamp())}, "t" * 40, algorithm="HS256")
    with pytest.raises(Unauthorized):
        TokenService(SECRET, timedelta(hours=1)).verify(f"Bearer {forged}", NOW)


def test_short_secrets_are_refused():
    with pytest.raises(ValueError):
        TokenService("short", timedelta(hours=1))


def test_passwords():
    stored = hash_password("manager-pass", iterations=1000)
    assert verify_password("manager-pass", stored)
    assert not verify_password("manager-pasS", stored)
    assert not verify_password("x", "garbage")
