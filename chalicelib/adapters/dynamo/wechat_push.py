"""The wechat-push table: pushes WeChat sent lately (each claimed once by a conditional put) and the official
account's followers (which customer each one was linked to)."""
from __future__ import annotations

from datetime import datetime

from .conditional import applied
from .models import WeChatPushModel


def follower_key(chain_id: str, oa_openid: str) -> str:
    return f"follower#{chain_id}#{oa_openid}"


class PushNonceRepository:
    def first_time(self, key: str, now: datetime, until: datetime) -> bool:
        """Claim the key; False when it is held and not yet expired (DynamoDB's TTL deletes lazily, so an
        expired item still present counts as absent)."""
        condition = WeChatPushModel.key.does_not_exist() | (WeChatPushModel.expires_at < now)
        return applied(lambda: WeChatPushModel(f"nonce#{key}", expires_at=until).save(condition=condition))

    def forget(self, key: str) -> None:
        """Give the key back: the push it came with failed, and WeChat's retry must not be refused."""
        WeChatPushModel(f"nonce#{key}").delete()


def follower(chain_id: str, oa_openid: str) -> str | None:
    """The customer an official-account follower was linked to."""
    try:
        return WeChatPushModel.get(follower_key(chain_id, oa_openid)).customer_id
    except WeChatPushModel.DoesNotExist:
        return None


def remember_follower(chain_id: str, oa_openid: str, customer_id: str) -> None:
    WeChatPushModel(follower_key(chain_id, oa_openid), customer_id=customer_id).save()


def forget_follower(chain_id: str, oa_openid: str) -> None:
    WeChatPushModel(follower_key(chain_id, oa_openid)).delete()
