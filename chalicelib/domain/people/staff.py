"""Staff roles and what each may reach: a chain admin every store of the chain, others their own stores."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..errors import Forbidden, NotFound


class Role(StrEnum):
    CHAIN_ADMIN = "chain_admin"
    STORE_MANAGER = "store_manager"
    ADVISOR = "advisor"
    WORKSHOP = "workshop"  # 车间主管: reads the store-day's jobs and labour hours (docs/product-rules.md#workshop-and-parts)
    PARTS = "parts"  # 配件主管: the same view, and the parts checks of the bookings
    BOARD = "board"  # a lobby screen: reads one store's welcome board, nothing else
    OPERATOR = "operator"  # the platform operator: opens chains, reaches no chain's stores


PLATFORM_CHAIN = "platform"  # where platform operator accounts live (no stores, no customers)


STAFF_ROLES = (Role.CHAIN_ADMIN, Role.STORE_MANAGER, Role.ADVISOR, Role.WORKSHOP, Role.PARTS)
# the front desk: a staff route that names no roles is theirs alone (the workshop and parts desks are named)
DESK_ROLES = (Role.CHAIN_ADMIN, Role.STORE_MANAGER, Role.ADVISOR)
# every signed-in member (one's stores, one's own password): the desks, the workshop and parts desks, the operator
EVERY_MEMBER = (*STAFF_ROLES, Role.OPERATOR)


@dataclass(frozen=True)
class StaffAccess:
    username: str
    chain_id: str
    role: Role
    store_ids: frozenset[str]
    password_change_required: bool = False  # the account's one-time password is not changed yet

    def ensure_password_changed(self) -> None:
        """An account signed in with a one-time password may only change it (docs/product-rules.md#operator-first-login)."""
        if self.password_change_required:
            raise Forbidden("change the one-time password first: POST /staff/me/password with old and new",
                            field="password", code="password_change_required")

    def ensure_store(self, store_id: str) -> None:
        """A store outside the caller's reach is reported as missing, so ids of other stores leak nothing."""
        if self.role is Role.CHAIN_ADMIN:
            return
        if store_id not in self.store_ids:
            raise NotFound(f"no store '{store_id}' for you", field="store_id", code="store_not_found")

    def ensure_role(self, *allowed: Role) -> None:
        if self.role not in allowed:
            raise Forbidden(f"a {self.role.value} may not do this", field="Authorization", code="role_not_allowed")

    @property
    def actor(self) -> str:
        return f"staff:{self.username}"
