"""The WeChat access token shared by every function through DynamoDB (a wechatpy SessionStorage).

WeChat limits token fetches per day and a fetch can retire the token others hold, so functions must not
fetch one each: the store hands out the live token, checks its expiry itself (wechatpy trusts a stored
token it did not fetch), and grants a short lease so that one function fetches while the others wait.
"""
from __future__ import annotations

import contextlib
import uuid
from typing import Any

from pynamodb.exceptions import DeleteError
from wechatpy.session import SessionStorage

from ...domain.ports import Clock
from ..dynamo.conditional import applied
from ..dynamo.models import WeChatTokenModel

EXPIRY_MARGIN_SECONDS = 120  # a token this close to expiry is treated as gone
# A token read is kept in the function instance this long: a send then costs no DynamoDB read. Safe because
# WeChat keeps a replaced token valid for 5 minutes, and a token error discards it here too.
LOCAL_SECONDS = 60


class DynamoTokenStorage(SessionStorage):
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.owner = uuid.uuid4().hex
        self._local: dict[str, tuple[Any, float, float]] = {}  # key → (value, expires_at, read at)

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def get(self, key: str, default: Any = None) -> Any:
        now = self._now()
        local = self._local.get(key)
        if local and now - local[2] < LOCAL_SECONDS and local[1] - EXPIRY_MARGIN_SECONDS > now:
            return local[0]
        try:
            item = WeChatTokenModel.get(key, consistent_read=True)
        except WeChatTokenModel.DoesNotExist:
            return default
        if not item.value or not item.expires_at or item.expires_at - EXPIRY_MARGIN_SECONDS <= now:
            return default
        self._local[key] = (item.value, float(item.expires_at), now)
        return item.value

    def set(self, key: str, value: Any, ttl: int | None = None) -> None:
        expires = self._now() + (ttl or 7200)
        self._local.pop(key, None)
        WeChatTokenModel(key).update(actions=[
            WeChatTokenModel.value.set(value),
            WeChatTokenModel.expires_at.set(expires),
            WeChatTokenModel.lease_until.remove(),
            WeChatTokenModel.lease_owner.remove(),
        ])

    def delete(self, key: str) -> None:
        self._local.pop(key, None)
        with contextlib.suppress(DeleteError):
            WeChatTokenModel(key).delete()

    def discard(self, key: str, stale: str) -> None:
        """Forget the token only if it is still the one that failed: another function may have refreshed it."""
        self._local.pop(key, None)
        applied(lambda: WeChatTokenModel(key).update(
            actions=[WeChatTokenModel.value.remove(), WeChatTokenModel.expires_at.remove()],
            condition=WeChatTokenModel.value == stale,
        ))

    def lease(self, key: str, seconds: float = 10) -> bool:
        """True for the one caller that may fetch now."""
        now = self._now()
        return applied(lambda: WeChatTokenModel(key).update(
            actions=[WeChatTokenModel.lease_until.set(now + seconds), WeChatTokenModel.lease_owner.set(self.owner)],
            condition=WeChatTokenModel.lease_until.does_not_exist() | (WeChatTokenModel.lease_until < now),
        ))

    def release(self, key: str) -> None:
        applied(lambda: WeChatTokenModel(key).update(
            actions=[WeChatTokenModel.lease_until.remove(), WeChatTokenModel.lease_owner.remove()],
            condition=WeChatTokenModel.lease_owner == self.owner,
        ))
