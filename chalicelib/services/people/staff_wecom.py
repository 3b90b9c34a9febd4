"""A staff member's WeCom link (their WeCom user id) and the notices they want (docs/product-rules.md#wecom-for-
staff): set by the chain admin for any of the chain's accounts, or by the member for themselves. Sessions stay
valid: nothing they may do changed."""
from __future__ import annotations

import re

from ...domain.errors import NotFound, ValidationError
from ...domain.messaging import staff_notices
from ...domain.people.ports import StaffStore
from ...domain.people.staff import Role, StaffAccess
from ...domain.people.staff_member import StaffMember

# WeCom's member account (账号): 1-64 letters, digits, _ - . @ (case-insensitive in WeCom; kept as given)
_USERID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


def wecom_json(member: StaffMember) -> dict[str, object]:
    notices = sorted(member.notices) if member.notices is not None else list(staff_notices.PREFERENCES)
    return {"username": member.username, "wecom_userid": member.wecom_userid, "notices": notices}


def checked_userid(raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not _USERID.fullmatch(raw):
        raise ValidationError("userid must be the member's WeCom account: 1-64 letters, digits, _ - . @",
                              field="userid")
    return raw


class StaffWeCom:
    def __init__(self, staff: StaffStore) -> None:
        self._staff = staff

    def link(self, admin: StaffAccess, username: str, userid: object, notices: object) -> StaffMember:
        """The chain admin links any of the chain's accounts (null userid unlinks)."""
        admin.ensure_role(Role.CHAIN_ADMIN)
        if self._staff.get(admin.chain_id, username) is None:
            raise NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")
        return self._staff.set_wecom(admin.chain_id, username, userid=checked_userid(userid),
                                     notices=staff_notices.checked(notices))

    def link_own(self, who: StaffAccess, userid: object, notices: object) -> StaffMember:
        """A staff member links their own WeCom account and chooses their notices."""
        return self._staff.set_wecom(who.chain_id, who.username, userid=checked_userid(userid),
                                     notices=staff_notices.checked(notices))

    def own(self, who: StaffAccess) -> StaffMember:
        member = self._staff.get(who.chain_id, who.username)
        if member is None:
            raise NotFound(f"no staff account '{who.username}'", field="username", code="staff_not_found")
        return member
