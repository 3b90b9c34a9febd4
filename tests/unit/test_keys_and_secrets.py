"""Token signing keys with ids (two valid through a rotation), secrets cached with a TTL, and Tencent SMS
errors that are permanent not retried."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from chalicelib.adapters.messaging import sms
from chalicelib.adapters.people.auth import TokenService
from chalicelib.adapters.people.signing_keys import KeyRing, rotate
from chalicelib.adapters.secrets import SsmSecrets
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.people.principal import Principal

NOW = datetime(2026, 11, 23, tzinfo=UTC)
WHO = Principal("c_1", "demo", "customer")
OLD = "o" * 40


class FakeSsm:
    def __init__(self, values: dict[str, str]) -> None:
        self.values, self.reads, self.down = dict(values), 0, False

    def get_parameter(self, Name: str, WithDecryption: bool) -> dict:  # noqa: N803 (boto3's names)
        self.reads += 1
        if self.down:
            raise ConnectionError("ssm unreachable")
        return {"Parameter": {"Value": self.values[Name]}}

    def put_parameter(self, Name: str, Value: str, Type: str, Overwrite: bool) -> None:  # noqa: N803
        assert Type == "SecureString" and Overwrite
        self.values[Name] = Value


def bearer(tokens: TokenService) -> str:
    return f"Bearer {tokens.issue(WHO, NOW)}"


def test_tokens_carry_the_current_key_id():
    ring = KeyRing("k1", {"k1": "a" * 40})
    token = TokenService(ring.dumps(), timedelta(hours=1)).issue(WHO, NOW)
    assert jwt.get_unverified_header(token)["kid"] == "k1"


def test_a_rotation_keeps_the_previous_key_valid_and_drops_older_ones():
    ssm = FakeSsm({"/appt/dev/jwt-keys": OLD})  # the single secret of before: kid k0
    value = lambda: ssm.values["/appt/dev/jwt-keys"]  # noqa: E731
    tokens = TokenService(value, timedelta(hours=1))
    before = bearer(tokens)
    legacy = "Bearer " + jwt.encode({"iss": "appt", "sub": "c_1", "chain": "demo", "role": "customer", "iat": 1,
                                     "exp": int((NOW + timedelta(hours=1)).timestamp())}, OLD, algorithm="HS256")
    first = rotate(ssm, "/appt/dev/jwt-keys", NOW)
    assert set(first.keys) == {"k0", first.current}
    after = bearer(tokens)
    assert jwt.get_unverified_header(after.split()[1])["kid"] == first.current
    for header in (before, legacy, after):  # both keys verify during the rotation
        assert tokens.verify(header, NOW).subject == "c_1"
    second = rotate(ssm, "/appt/dev/jwt-keys", NOW + timedelta(days=1))
    assert set(second.keys) == {first.current, second.current}
    assert tokens.verify(after, NOW).subject == "c_1"
    with pytest.raises(Unauthorized) as err:
        tokens.verify(before, NOW)  # signed with k0, which left the ring
    assert err.value.code == "invalid_token"
    assert json.loads(ssm.values["/appt/dev/jwt-keys"])["current"] == second.current


@pytest.mark.parametrize("kid", ["k9", ""])
def test_an_unknown_or_odd_key_id_is_an_invalid_token(kid):
    ring = KeyRing("k1", {"k1": "a" * 40})
    token = jwt.encode({"iss": "appt", "sub": "x", "iat": 1, "exp": 2**40}, "a" * 40, algorithm="HS256",
                       headers={"kid": kid})
    with pytest.raises(Unauthorized):
        TokenService(ring.dumps(), timedelta(hours=1)).verify(f"Bearer {token}", NOW)


def test_a_ring_needs_long_secrets_and_its_current_key():
    with pytest.raises(ValueError):
        KeyRing("k1", {"k1": "short"})
    with pytest.raises(ValueError):
        KeyRing("k2", {"k1": "a" * 40})


def test_secrets_are_cached_for_the_ttl_then_read_again():
    ssm, clock = FakeSsm({"/appt/dev/x": "one"}), [0.0]
    secrets = SsmSecrets(ssm, ttl_seconds=300, monotonic=lambda: clock[0])
    assert secrets.get("/appt/dev/x") == "one" and ssm.reads == 1
    ssm.values["/appt/dev/x"] = "two"
    clock[0] = 299
    assert secrets.get("/appt/dev/x") == "one" and ssm.reads == 1
    clock[0] = 300
    assert secrets.get("/appt/dev/x") == "two" and ssm.reads == 2
    ssm.down, clock[0] = True, 700
    assert secrets.get("/appt/dev/x") == "two"  # SSM down: the last value, not an outage
    with pytest.raises(ConnectionError):
        secrets.get("/appt/dev/never-read")


@pytest.mark.parametrize("code, kind", [
    ("FailedOperation.PhoneNumberInBlacklist", "bad_request"),
    ("FailedOperation.TemplateIncorrectOrUnapproved", "bad_request"),
    ("FailedOperation.InsufficientBalanceInSmsPackage", "bad_request"),
    ("LimitExceeded.AppDailyLimit", "bad_request"),
    ("LimitExceeded.PhoneNumberDailyLimit", "bad_request"),
    ("InvalidParameterValue.IncorrectPhoneNumber", "bad_request"),
    ("LimitExceeded.PhoneNumberThirtySecondLimit", "retry"),
    ("RequestLimitExceeded", "retry"),
    ("InternalError.Timeout", "retry"),
    (None, "retry"),
])
def test_tencent_permanent_errors_are_not_retried(code, kind):
    assert sms.tencent_error_kind(code) == kind


def test_no_sms_through_sns_in_a_china_stage(monkeypatch):
    monkeypatch.setenv("SMS_VIA_SNS", "0")
    with pytest.raises(sms.SmsError) as err:
        sms.SnsSms(client=None).send("13800138000", None, (), "text")
    assert err.value.kind == "bad_request"
