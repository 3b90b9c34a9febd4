"""The token signing keys: a key ring kept as one SSM SecureString under the stage's path (e.g.
/appt/prod-cn/jwt-keys), JSON {"current": "<kid>", "keys": {"<kid>": "<secret>", ...}}. Tokens are signed
with the current key and carry its id (`kid` header); any key still in the ring verifies, so a rotation
keeps the previous key valid until every token signed with it has expired. A plain string (the single
secret of before) is a ring of one key, kid "k0".

Rotate (docs/deploy.md#rotate-the-token-signing-key):

    python -m chalicelib.adapters.people.signing_keys rotate --param /appt/prod-cn/jwt-keys [--region cn-northwest-1]

adds a new random key as current and keeps the one it replaces; older keys are dropped, so at most two
are valid. Run it at most once per token lifetime (24 h): a third rotation within it would log out the
holders of tokens signed two keys ago.
"""
from __future__ import annotations

import argparse
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MIN_SECRET = 32
LEGACY_KID = "k0"


@dataclass(frozen=True)
class KeyRing:
    current: str
    keys: dict[str, str]

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError(f"the current key {self.current!r} is not in the ring")
        if any(len(secret) < MIN_SECRET for secret in self.keys.values()):
            raise ValueError(f"the token secret must be at least {MIN_SECRET} characters")

    @property
    def signing_secret(self) -> str:
        return self.keys[self.current]

    @classmethod
    def parse(cls, value: str) -> KeyRing:
        if value.lstrip().startswith("{"):
            data = json.loads(value)
            return cls(str(data["current"]), {str(k): str(v) for k, v in data["keys"].items()})
        return cls(LEGACY_KID, {LEGACY_KID: value})

    def dumps(self) -> str:
        return json.dumps({"current": self.current, "keys": self.keys}, sort_keys=True)

    def rotated(self, now: datetime, new_secret: str | None = None) -> KeyRing:
        """A new current key; the replaced one stays valid; any older one is dropped."""
        kid = now.strftime("k%Y%m%d%H%M%S")
        if kid in self.keys:
            raise ValueError("rotated already this second")
        return KeyRing(kid, {self.current: self.signing_secret, kid: new_secret or secrets.token_urlsafe(48)})


def rotate(ssm: Any, param: str, now: datetime) -> KeyRing:
    ring = KeyRing.parse(ssm.get_parameter(Name=param, WithDecryption=True)["Parameter"]["Value"]).rotated(now)
    ssm.put_parameter(Name=param, Value=ring.dumps(), Type="SecureString", Overwrite=True)
    return ring


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rotate the token signing key of one stage")
    parser.add_argument("command", choices=["rotate"])
    parser.add_argument("--param", required=True, help="e.g. /appt/prod-cn/jwt-keys")
    parser.add_argument("--region")
    args = parser.parse_args(argv)
    import boto3

    from ..clock import SystemClock

    ring = rotate(boto3.client("ssm", region_name=args.region), args.param, SystemClock().now())
    print(f"{args.param}: signing with {ring.current}; still valid: {', '.join(sorted(ring.keys))}")
    print("running containers pick the new ring up within the secrets cache TTL (5 minutes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
