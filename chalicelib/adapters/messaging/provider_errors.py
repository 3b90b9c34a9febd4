"""What a WeChat-family API (the official account and mini-program, WeCom) answered, sorted by kind for the
channel order: "refused" sends the message on to the next channel, "retry" tries later, "bad_request" is
recorded and never retried. One token-error rule too: a call refused for its token forgets that token (unless
another function replaced it already), and is made once more with a fresh one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from wechatpy.exceptions import WeChatClientException

from ...domain.messaging.delivery import DeliveryError

T = TypeVar("T")


class ProviderSendError(DeliveryError):
    def __init__(self, kind: str, errcode: int | None, errmsg: str) -> None:
        super().__init__(kind, errcode, errmsg)
        self.errcode, self.errmsg = errcode, errmsg


@dataclass(frozen=True)
class ErrorCodes:
    """One API's errcodes by what they mean for the message."""

    refused: frozenset[int]
    retry_later: frozenset[int]
    token: frozenset[int]

    def kind_of(self, errcode: int | None) -> str:
        if errcode in self.refused:
            return "refused"
        if errcode is None or errcode in self.retry_later or errcode in self.token:
            return "retry"
        return "bad_request"


def with_token(client: Any, call: Callable[[str], T], codes: ErrorCodes, error: type[ProviderSendError]) -> T:
    """`call` with the client's token; on a token error the token is forgotten and the call made once more."""
    for attempt in (1, 2):
        used = None
        try:
            used = client.access_token
            return call(used)
        except WeChatClientException as exc:
            if exc.errcode in codes.token and attempt == 1 and used:
                if hasattr(client.session, "discard"):
                    client.session.discard(client.access_token_key, used)
                else:
                    client.session.delete(client.access_token_key)
                continue
            raise error(codes.kind_of(exc.errcode), exc.errcode, str(exc.errmsg)) from None
    raise AssertionError("unreachable")
