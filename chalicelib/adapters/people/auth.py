"""Signed session tokens (HS256 JWT, adapters/people/hs256.py): who the caller is, of which chain, in which role."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ...domain.errors import Unauthorized
from ...domain.people.principal import Principal
from . import hs256
from .signing_keys import LEGACY_KID, KeyRing

_ISSUER = "appt"
_REQUIRED = ("exp", "sub", "iat")


class TokenService:
    """`keys`: the key ring's stored value (adapters/people/signing_keys.py), or a function reading it (the secrets
    cache), so a rotated ring is picked up without a new container."""

    def __init__(self, keys: str | Callable[[], str], ttl: timedelta) -> None:
        self._read = keys if callable(keys) else (lambda: keys)
        self._parsed: tuple[str, KeyRing] | None = None
        self._ring()  # refuse a bad ring at once
        self._ttl = ttl

    def _ring(self) -> KeyRing:
        value = self._read()
        if self._parsed is None or self._parsed[0] != value:
            self._parsed = (value, KeyRing.parse(value))
        return self._parsed[1]

    def issue(self, principal: Principal, now: datetime, ttl: timedelta | None = None) -> str:
        claims = {
            "iss": _ISSUER,
            "sub": principal.subject,
            "chain": principal.chain_id,
            "role": principal.role,
            "stores": list(principal.store_ids),
            "ver": principal.version,  # a staff account's token version: a change of the account revokes the token
            "iat": int(now.timestamp()),
            "exp": int((now + (ttl or self._ttl)).timestamp()),
        }
        ring = self._ring()
        return hs256.encode(claims, ring.signing_secret, kid=ring.current)

    def verify(self, header: str | None, now: datetime) -> Principal:
        if not header or not header.startswith("Bearer "):
            raise Unauthorized("send Authorization: Bearer <token>", field="Authorization")
        token = header[len("Bearer "):].strip()
        try:
            ring = self._ring()
            kid = hs256.header(token).get("kid", LEGACY_KID)  # no kid: the single secret of before
            if not isinstance(kid, str) or kid not in ring.keys:
                raise hs256.InvalidToken(f"unknown key {kid}")
            claims = hs256.decode(token, ring.keys[kid])
            if claims.get("iss") != _ISSUER or not all(name in claims for name in _REQUIRED):
                raise hs256.InvalidToken("claims")
            if not isinstance(claims["exp"], int | float) or isinstance(claims["exp"], bool):
                raise hs256.InvalidToken("exp")
        except hs256.InvalidToken:
            raise Unauthorized("the token is invalid", field="Authorization", code="invalid_token") from None
        # time claims are checked against the injected clock, not the wall clock PyJWT would read
        if claims["exp"] <= now.timestamp():
            raise Unauthorized("the token has expired; sign in again", field="Authorization", code="token_expired")
        return Principal(
            subject=claims["sub"],
            chain_id=claims["chain"],
            role=claims["role"],
            store_ids=tuple(claims.get("stores") or ()),
            version=int(claims.get("ver") or 0),
        )
