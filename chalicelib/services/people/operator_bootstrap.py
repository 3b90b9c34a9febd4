"""A stage's first platform operator: the platform chain (no stores, no customers) and an operator account with
a password made here and shown once. `reset` gives an existing operator a new one and ends their sessions (the
runbook's way back in when the only operator's password is lost)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...domain.errors import Conflict, NotFound
from ...domain.people.ports import Passwords, StaffStore
from ...domain.people.staff import PLATFORM_CHAIN, Role
from ...domain.people.staff_member import StaffMember
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog

PLATFORM_NAME = "平台运营"


class OperatorBootstrap:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, passwords: Passwords,
                 new_password: Callable[[], str]) -> None:
        self._stores, self._staff, self._passwords, self._new_password = stores, staff, passwords, new_password

    def _platform(self) -> None:
        try:
            self._stores.get_chain(PLATFORM_CHAIN)
        except NotFound:
            self._stores.put_chain(Chain(PLATFORM_CHAIN, PLATFORM_NAME, mp_appid="-", mp_secret_ref=""))

    def create(self, username: str, display_name: str = PLATFORM_NAME) -> tuple[StaffMember, str]:
        """The operator and their first password (to be changed at first sign-in); an existing one is refused."""
        self._platform()
        if self._staff.get(PLATFORM_CHAIN, username) is not None:
            raise Conflict(f"operator '{username}' exists already; --reset gives them a new password",
                           field="username", code="username_taken")
        password = self._new_password()
        member = StaffMember(PLATFORM_CHAIN, username, display_name, Role.OPERATOR, frozenset(),
                             self._passwords.hash(password), password_change_required=True)
        self._staff.create(member)
        return member, password

    def reset(self, username: str) -> tuple[StaffMember, str]:
        """A new password for an existing operator; every session of theirs ends."""
        member = self._staff.get(PLATFORM_CHAIN, username)
        if member is None or member.role is not Role.OPERATOR:
            raise NotFound(f"no operator '{username}'", field="username", code="staff_not_found")
        password = self._new_password()
        changed = self._staff.change(PLATFORM_CHAIN, username, password_hash=self._passwords.hash(password), revoke=True,
                                     password_change_required=True)
        return replace(changed, password_hash=""), password
