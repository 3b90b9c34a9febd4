"""What a container has for WeChat's push and phone numbers until it is given more: the codec built on first
use (wechatpy's import is a cold-start cost the other routes skip), and look-ups that find nothing."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...domain.errors import UpstreamUnavailable
from ...domain.messaging.wechat_push import PushKeys
from ...domain.tenancy.chain import Chain

if TYPE_CHECKING:
    from .wechat_push import WeChatPushCodec


class LazyPushCodec:
    def __init__(self) -> None:
        self._codec: WeChatPushCodec | None = None

    def _get(self) -> WeChatPushCodec:
        if self._codec is None:
            from .wechat_push import WeChatPushCodec

            self._codec = WeChatPushCodec()
        return self._codec

    def echo(self, keys: PushKeys, params: dict[str, str]) -> str:
        return self._get().echo(keys, params)

    def open(self, keys: PushKeys, params: dict[str, str], body: bytes) -> dict[str, Any]:
        return self._get().open(keys, params, body)


def no_followers(chain: Chain, oa_openid: str) -> str | None:
    return None


def no_phones(chain: Chain, code: str) -> str:
    raise UpstreamUnavailable("no phone-number service is configured", field="code")
