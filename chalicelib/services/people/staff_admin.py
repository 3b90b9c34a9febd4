"""Staff management by a chain admin (list, change, disable, delete, reset a password) and a staff member's own
password change. Every change of an account raises its token version, so its open sessions end on their next
request (StaffAccessService.staff checks it)."""
from __future__ import annotations

from ...domain.errors import NotFound, Unauthorized, ValidationError
from ...domain.people.ports import Passwords, StaffStore
from ...domain.people.staff import STAFF_ROLES, Role, StaffAccess
from ...domain.people.staff_member import StaffMember
from ...domain.tenancy.ports import StoreCatalog
from .staff_access import check_password


def member_json(member: StaffMember) -> dict[str, object]:
    return {"username": member.username, "display_name": member.display_name, "role": member.role.value,
            "stores": sorted(member.store_ids), "disabled": member.disabled, "days_off": sorted(member.days_off)}


class StaffAdmin:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, passwords: Passwords) -> None:
        self._stores, self._staff, self._passwords = stores, staff, passwords

    def _existing(self, admin: StaffAccess, username: str) -> StaffMember:
        admin.ensure_role(Role.CHAIN_ADMIN)
        member = self._staff.get(admin.chain_id, username)
        if member is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
        return member

    def set_contact(self, admin: StaffAccess, username: str, *, phone: str | None, oa_openid: str | None) -> StaffMember:
        """Where the member's reports go (docs/product-rules.md#report-delivery); None clears it."""
        self._existing(admin, username)
        return self._staff.set_contact(admin.chain_id, username, phone=phone, oa_openid=oa_openid)

    def members(self, admin: StaffAccess) -> list[StaffMember]:
        admin.ensure_role(Role.CHAIN_ADMIN)
        return self._staff.of_chain(admin.chain_id)

    def change(self, admin: StaffAccess, username: str, *, role: str | None, store_ids: list[str] | None,
               disabled: bool | None, days_off: frozenset[str] | None = None) -> StaffMember:
        member = self._existing(admin, username)
        new_role = self._role(role) if role is not None else member.role
        stores = frozenset(self._stores_of(admin, store_ids)) if store_ids is not None else member.store_ids
        if new_role is not Role.CHAIN_ADMIN and not stores:
            raise ValidationError("store staff need at least one store", field="store_ids")
        if username == admin.username and (new_role is not Role.CHAIN_ADMIN or disabled):
            raise ValidationError("a chain admin cannot demote or disable themselves", field="username")
        revoke = role is not None or store_ids is not None or disabled is not None  # days off leave sessions be
        return self._staff.change(admin.chain_id, username, role=new_role.value if role is not None else None,
                                  store_ids=stores if store_ids is not None else None, disabled=disabled,
                                  days_off=days_off, revoke=revoke)

    def delete(self, admin: StaffAccess, username: str) -> None:
        self._existing(admin, username)
        if username == admin.username:
            raise ValidationError("a chain admin cannot delete themselves", field="username")
        self._staff.delete(admin.chain_id, username)

    def reset_password(self, admin: StaffAccess, username: str, password: str) -> StaffMember:
        self._existing(admin, username)
        check_password(password, "password")
        # the admin knows the password they set: it works once, until the member sets their own (decision 0057)
        return self._staff.change(admin.chain_id, username, password_hash=self._passwords.hash(password),
                                  password_change_required=True)

    def change_own_password(self, who: StaffAccess, old: str, new: str) -> StaffMember:
        member = self._staff.get(who.chain_id, who.username)
        if member is None or not self._passwords.verify(old, member.password_hash):
            raise Unauthorized("the current password is wrong", field="old", code="bad_credentials")
        check_password(new, "new")
        if new == old:
            raise ValidationError("the new password is the current one", field="new")
        return self._staff.change(who.chain_id, who.username, password_hash=self._passwords.hash(new),
                                  password_change_required=False)

    @staticmethod
    def _role(role: str) -> Role:
        if role not in {r.value for r in STAFF_ROLES}:
            raise ValidationError(f"role must be one of {', '.join(r.value for r in STAFF_ROLES)}", field="role")
        return Role(role)

    def _stores_of(self, admin: StaffAccess, store_ids: list[str]) -> list[str]:
        known = {s.store_id for s in self._stores.of_chain(admin.chain_id)}
        for store_id in store_ids:
            if store_id not in known:
                raise ValidationError(f"no store '{store_id}' in this chain", field="store_ids")
        return store_ids
