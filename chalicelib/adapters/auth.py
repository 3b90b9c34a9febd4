"""Signed session tokens (HS256 JWT): who the caller is, of which chain, in which role."""
from __future__ import annotations

from datetime import datetime, timedelta

import jwt

from ..domain.errors import Unauthorized
from ..domain.principal import Principal

_ALGORITHM = "HS256"
_ISSUER = "appt"


class TokenService:
    def __init__(self, secret: str, ttl: timedelta) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret must be at least 32 characters")
        self._secret, self._ttl = secret, ttl

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
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

    def verify(self, header: str | None, now: datetime) -> Principal:
        if not header or not header.startswith("Bearer "):
            raise Unauthorized("send Authorization: Bearer <token>", field="Authorization")
        token = header[len("Bearer "):].strip()
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=_ISSUER,
                options={"require": ["exp", "sub", "iat"], "verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.PyJWTError:
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
