"""The pushes WeChat sent lately (push-nonces table): each one claimed once by a conditional put."""
from __future__ import annotations

from datetime import datetime

from .conditional import applied
from .models import PushNonceModel


class PushNonceRepository:
    def first_time(self, key: str, now: datetime, until: datetime) -> bool:
        """Claim the key; False when it is held and not yet expired (DynamoDB's TTL deletes lazily, so an
        expired item still present counts as absent)."""
        condition = PushNonceModel.key.does_not_exist() | (PushNonceModel.expires_at < now)
        return applied(lambda: PushNonceModel(key, expires_at=until).save(condition=condition))

    def forget(self, key: str) -> None:
        """Give the key back: the push it came with failed, and WeChat's retry must not be refused."""
        PushNonceModel(key).delete()
