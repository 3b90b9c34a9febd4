"""Staff sign-in with lockout, and the chain admin's onboarding of stores and staff."""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from ..adapters.auth import Principal, TokenService
from ..adapters.clock import Clock
from ..adapters.dynamo.staff import StaffRepository
from ..adapters.dynamo.stores import StoreRepository
from ..adapters.passwords import hash_password, verify_password
from ..domain.errors import Unauthorized, ValidationError
from ..domain.staff import LOCKOUT_MINUTES, MAX_FAILED_LOGINS, STAFF_ROLES, Role, StaffAccess
from ..domain.staff_member import StaffMember
from ..domain.store import Store



@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Made on first use, not at import: a cold start should not pay for a failed login's decoy."""
    return hash_password("timing-equalizer", salt=b"0" * 16)

BOARD_TOKEN_TTL = timedelta(days=90)


def access_of(who: Principal) -> StaffAccess:
    try:
        role = Role(who.role)
    except ValueError:
        role = None
    if role is None or role is Role.BOARD:
        raise Unauthorized("this route is for store staff", field="Authorization", code="not_staff")
    return StaffAccess(who.subject, who.chain_id, role, frozenset(who.store_ids))


class StaffAccessService:
    def __init__(self, stores: StoreRepository, staff: StaffRepository, tokens: TokenService, clock: Clock) -> None:
        self._stores, self._staff, self._tokens, self._clock = stores, staff, tokens, clock

    def login(self, chain_id: str, username: str, password: str) -> tuple[str, StaffMember]:
        self._stores.get_chain(chain_id)
        now = self._clock.now()
        member = self._staff.get(chain_id, username)
        if member is None:
            verify_password(password, _dummy_hash())  # the same work as a real check: no username probing by timing
            raise Unauthorized("wrong username or password", field="password", code="bad_credentials")
        if member.locked_until and member.locked_until > now:
            raise Unauthorized(
                "too many failed logins; try again later",
                field="username",
                code="account_locked",
                locked_until=member.locked_until.isoformat(),
            )
        if not verify_password(password, member.password_hash):
            failures = self._staff.record_failure(
                chain_id, username, lock_at=MAX_FAILED_LOGINS, lock_until=now + timedelta(minutes=LOCKOUT_MINUTES)
            )
            if failures >= MAX_FAILED_LOGINS:
                raise Unauthorized("too many failed logins; try again later", field="username", code="account_locked")
            raise Unauthorized("wrong username or password", field="password", code="bad_credentials")
        if member.failed_logins or member.locked_until:
            self._staff.record_success(chain_id, username)
        token = self._tokens.issue(Principal(username, chain_id, member.role.value, tuple(sorted(member.store_ids))), now)
        return token, member

    def create_staff(self, admin: StaffAccess, username: str, password: str, display_name: str, role: str, store_ids: list[str]) -> StaffMember:
        admin.ensure_role(Role.CHAIN_ADMIN)
        try:
            staff_role = Role(role)
        except ValueError:
            staff_role = None
        if staff_role not in STAFF_ROLES:
            raise ValidationError(f"role must be one of {', '.join(r.value for r in STAFF_ROLES)}", field="role")
        if len(password) < 8:
            raise ValidationError("password must be at least 8 characters", field="password")
        known = {s.store_id for s in self._stores.list(admin.chain_id)}
        for store_id in store_ids:
            if store_id not in known:
                raise ValidationError(f"no store '{store_id}' in this chain", field="store_ids")
        if staff_role is not Role.CHAIN_ADMIN and not store_ids:
            raise ValidationError("store staff need at least one store", field="store_ids")
        member = StaffMember(admin.chain_id, username, display_name, staff_role, frozenset(store_ids), hash_password(password))
        self._staff.create(member)
        return member

    def put_store(self, admin: StaffAccess, store: Store) -> Store:
        admin.ensure_role(Role.CHAIN_ADMIN)
        self._stores.put(store)
        return store

    def board_token(self, who: StaffAccess, store_id: str) -> str:
        """A long-lived, read-only token for one store's lobby screen (a TV cannot send headers)."""
        who.ensure_role(Role.CHAIN_ADMIN, Role.STORE_MANAGER)
        who.ensure_store(store_id)
        self._stores.get(who.chain_id, store_id)
        principal = Principal(f"board:{store_id}", who.chain_id, Role.BOARD.value, (store_id,))
        return self._tokens.issue(principal, self._clock.now(), ttl=BOARD_TOKEN_TTL)
