"""What the message channels (WeChat, SMS) tell the use cases: who signed in, and why a send failed."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WeChatIdentity:
    """The result of a mini-program login code: the user's openid in this app, and unionid if bound."""

    openid: str
    unionid: str | None


class DeliveryError(Exception):
    """A channel's refusal, by kind: "refused" (try the next channel), "retry" (load: the same channel
    later), "bad_request" (bad data or configuration: record and alert, never retry)."""

    def __init__(self, kind: str, code: str | int | None, detail: str) -> None:
        super().__init__(f"{kind}: {code} {detail}")
        self.kind, self.code, self.detail = kind, code, detail
