"""Replies to our SMS through the provider's reply callback (docs/product-rules.md#consent): a reply of R (拒收请回复R),
T or TD (退订) withdraws the number from SMS invitations. The callback is public; it is authenticated by an HMAC-SHA256
of the raw body with the chain's shared callback secret, sent as a hex digest."""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from ..errors import ValidationError

OPT_OUT_WORDS = frozenset({"R", "T", "TD", "退订", "N"})  # R: Tencent's 拒收请回复R; the older marks still work
_MOBILE = re.compile(r"1\d{10}")


def signature(secret: str, raw_body: bytes) -> str:
    return hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def authentic(secret: str | None, raw_body: bytes, given: str | None) -> bool:
    return bool(secret and given) and hmac.compare_digest(signature(secret or "", raw_body), (given or "").lower())


@dataclass(frozen=True)
class Reply:
    mobile: str
    text: str

    @property
    def opts_out(self) -> bool:
        return self.text.strip().upper() in OPT_OUT_WORDS


def replies(body: object) -> list[Reply]:
    """The replies of a callback body: one {"mobile", "text", ...} object or a list of them (Tencent's shape)."""
    items = body if isinstance(body, list) else [body]
    found = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("mobile"), str) or not isinstance(item.get("text"), str):
            raise ValidationError("each reply has a mobile and a text", field=f"replies[{i}]")
        mobile = item["mobile"].removeprefix("+86")
        if not _MOBILE.fullmatch(mobile):
            raise ValidationError("mobile is an 11-digit mainland number", field=f"replies[{i}].mobile")
        found.append(Reply(mobile, item["text"]))
    return found
