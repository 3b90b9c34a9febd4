"""Staff sign-in (throttled per account and source, hashes upgraded on login), the check of every staff request
against the account as it is now (revocation on the next request), and the chain admin's onboarding."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from ...domain.errors import Forbidden, NotFound, TooManyAttempts, Unauthorized, ValidationError
from ...domain.messaging.ports import ReplayGuard
from ...domain.people.ports import LoginThrottle, Passwords, StaffStore, Tokens
from ...domain.people.principal import Principal
from ...domain.people.staff import STAFF_ROLES, Role, StaffAccess
from ...domain.people.staff_member import StaffMember
from ...domain.people.throttle import delay, may_try, throttle_key
from ...domain.ports import Clock
from ...domain.tenancy import store_phone
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store

BOARD_TOKEN_TTL = timedelta(days=90)
BOARD_LINK_TTL = timedelta(minutes=10)
BOARD_LINK_ROLE = "board_link"  # a pairing link: exchanged once for the screen's cookie, good for nothing else
BOARD_LINK_ISSUERS = (Role.CHAIN_ADMIN, Role.STORE_MANAGER)


def access_of(who: Principal) -> StaffAccess:
    try:
        role = Role(who.role)
    except ValueError:
        role = None
    if role is None or role is Role.BOARD:
        raise Unauthorized("this route is for store staff", field="Authorization", code="not_staff")
    return StaffAccess(who.subject, who.chain_id, role, frozenset(who.store_ids))


MIN_PASSWORD = 8


def check_password(password: str, field: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"{field} must be at least {MIN_PASSWORD} characters", field=field)


class StaffAccessService:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, tokens: Tokens, passwords: Passwords, clock: Clock,
                 throttle: LoginThrottle, used_links: ReplayGuard) -> None:
        self._stores, self._staff, self._tokens, self._passwords, self._clock = stores, staff, tokens, passwords, clock
        self._throttle, self._used_links = throttle, used_links
        self._decoy: str | None = None

    def _decoy_hash(self) -> str:
        """Made on first use, not at start: a cold start should not pay for a failed login's decoy."""
        if self._decoy is None:
            self._decoy = self._passwords.hash("timing-equalizer")
        return self._decoy

    def staff(self, authorization: str | None) -> StaffAccess:
        """The staff member a bearer token names, as the account is now (one read): a deleted or disabled account,
        or a token older than the account's last change, is refused. Customers and lobby screens are turned away."""
        who = self._tokens.verify(authorization, self._clock.now())
        if who.is_customer:
            raise Forbidden("this route is for store staff", field="Authorization", code="not_staff")
        return self._current(who)

    def _current(self, who: Principal) -> StaffAccess:
        access_of(who)
        member = self._staff.get(who.chain_id, who.subject)
        if member is None or member.disabled or member.token_version != who.version:
            raise Unauthorized("this sign-in is no longer valid; sign in again", field="Authorization", code="token_revoked")
        return StaffAccess(member.username, member.chain_id, member.role, member.store_ids,
                           password_change_required=member.password_change_required)

    def board_viewer(self, authorization: str | None, store_id: str) -> Principal:
        """Staff of the store, or the store's own lobby screen (a board token)."""
        who = self._tokens.verify(authorization, self._clock.now())
        if who.role == BOARD_LINK_ROLE:
            raise Unauthorized("open the pairing link to get the board's session", field="Authorization", code="not_staff")
        if who.role == Role.BOARD.value:
            if store_id not in who.store_ids:
                raise NotFound(f"no store '{store_id}' for this screen", field="store_id", code="store_not_found")
            return who
        if who.is_customer:
            raise Unauthorized("the welcome board is for the store", field="Authorization", code="not_staff")
        current = self._current(who)
        current.ensure_password_changed()
        current.ensure_store(store_id)
        return who

    def _admit(self, key: str) -> None:
        """Count the attempt, then let it through only while attempts are free or it claims the next window;
        a refused attempt gives its count back (only passwords checked and wrong stay counted)."""
        now = self._clock.now()
        attempts, not_before = self._throttle.attempt(key, now)
        admitted = may_try(attempts, not_before, now) and (
            delay(attempts) == delay(0) or self._throttle.claim(key, not_before, now + delay(attempts)))
        if not admitted:
            self._throttle.release(key)
            wait = max(1, int(((not_before or now) - now).total_seconds()) + 1)
            raise TooManyAttempts("too many sign-in attempts; wait a moment and try again", field="password",
                                  retry_after=wait)

    def login(self, chain_id: str, username: str, password: str, source: str | None = None) -> tuple[str, StaffMember]:
        self._stores.get_chain(chain_id)
        key = throttle_key(chain_id, username, source)
        self._admit(key)
        member = self._staff.get(chain_id, username)
        if member is None:
            self._passwords.verify(password, self._decoy_hash())  # the same work as a real check: no username probing by timing
            raise Unauthorized("wrong username or password", field="password", code="bad_credentials")
        if not self._passwords.verify(password, member.password_hash):
            raise Unauthorized("wrong username or password", field="password", code="bad_credentials")
        self._throttle.reset(key)  # the right password: no wrong one is left counted
        if member.disabled:
            raise Unauthorized("this account is disabled; ask your chain admin", field="username", code="account_disabled")
        if self._passwords.needs_rehash(member.password_hash):  # e.g. PBKDF2 from before Argon2id
            self._staff.change(chain_id, username, password_hash=self._passwords.hash(password), revoke=False)
        return self.issue(member), member

    def issue(self, member: StaffMember) -> str:
        principal = Principal(member.username, member.chain_id, member.role.value, tuple(sorted(member.store_ids)),
                              version=member.token_version)
        return self._tokens.issue(principal, self._clock.now())

    def create_staff(
        self, admin: StaffAccess, username: str, password: str, display_name: str, role: str, store_ids: list[str]
    ) -> StaffMember:
        admin.ensure_role(Role.CHAIN_ADMIN)
        try:
            staff_role = Role(role)
        except ValueError:
            staff_role = None
        if staff_role not in STAFF_ROLES:
            raise ValidationError(f"role must be one of {', '.join(r.value for r in STAFF_ROLES)}", field="role")
        check_password(password, "password")
        known = {s.store_id for s in self._stores.of_chain(admin.chain_id)}
        for store_id in store_ids:
            if store_id not in known:
                raise ValidationError(f"no store '{store_id}' in this chain", field="store_ids")
        if staff_role is not Role.CHAIN_ADMIN and not store_ids:
            raise ValidationError("store staff need at least one store", field="store_ids")
        member = StaffMember(
            admin.chain_id, username, display_name, staff_role, frozenset(store_ids), self._passwords.hash(password)
        )
        self._staff.create(member)
        return member

    def put_store(self, admin: StaffAccess, store: Store) -> Store:
        admin.ensure_role(Role.CHAIN_ADMIN)
        store_phone.check(self._stores.get_chain(admin.chain_id).sms, store)
        self._stores.put(store)
        return store

    def board_link(self, who: StaffAccess, store_id: str) -> str:
        """A short-lived signed link for one store's lobby screen, in its issuer's name and at their account's
        token version (docs/product-rules.md#welcome-board); exchanged once for the screen's session cookie."""
        who.ensure_role(*BOARD_LINK_ISSUERS)
        who.ensure_store(store_id)
        self._stores.get(who.chain_id, store_id)
        issuer = self._staff.get(who.chain_id, who.username)
        if issuer is None:
            raise Unauthorized("this sign-in is no longer valid; sign in again", field="Authorization", code="token_revoked")
        principal = Principal(who.username, who.chain_id, BOARD_LINK_ROLE, (store_id,), version=issuer.token_version)
        return self._tokens.issue(principal, self._clock.now(), ttl=BOARD_LINK_TTL)

    def pair_board(self, link: str | None, store_id: str) -> str:
        """The board session (a read-only token for one store, 90 days) for a pairing link of that store whose
        issuer may still make one (the account as it is now), once: a second exchange is refused."""
        now = self._clock.now()
        who = self._tokens.verify(f"Bearer {link}" if link else None, now)
        if who.role != BOARD_LINK_ROLE or store_id not in who.store_ids or not self._may_pair(who, store_id):
            raise Unauthorized("not a pairing link for this store's board", field="link", code="invalid_token")
        used = "board-link#" + hashlib.sha256((link or "").encode()).hexdigest()
        if not self._used_links.first_time(used, now, now + BOARD_LINK_TTL):
            raise Unauthorized("this pairing link was used already; make a new one", field="link", code="invalid_token")
        principal = Principal(f"board:{store_id}", who.chain_id, Role.BOARD.value, (store_id,))
        return self._tokens.issue(principal, now, ttl=BOARD_TOKEN_TTL)

    def _may_pair(self, link: Principal, store_id: str) -> bool:
        """The link's issuer still exists, is enabled, has had no change since (token version), and may still
        pair this store's screen."""
        member = self._staff.get(link.chain_id, link.subject)
        if member is None or member.disabled or member.token_version != link.version:
            return False
        return member.role in BOARD_LINK_ISSUERS and (member.role is Role.CHAIN_ADMIN or store_id in member.store_ids)
