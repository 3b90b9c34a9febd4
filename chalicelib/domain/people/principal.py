"""Who is calling, as a verified token says: the subject, their chain, their role and stores."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    subject: str  # customer id or staff username
    chain_id: str
    role: str  # customer | chain_admin | store_manager | advisor | workshop | parts | board
    store_ids: tuple[str, ...] = field(default_factory=tuple)
    version: int = 0  # a staff account's token version when the token was issued

    @property
    def is_customer(self) -> bool:
        return self.role == "customer"
