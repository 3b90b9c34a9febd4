"""Staff accounts: found by chain + username, listed per chain (one Query); login attempts counted atomically
per account and source (the `login-throttle` table)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ...domain.errors import Conflict, NotFound
from ...domain.people.staff import Role
from ...domain.people.staff_member import StaffMember
from ...domain.people.throttle import FORGET_AFTER
from .conditional import applied
from .models import LoginThrottleModel, StaffModel


def _from_model(m: StaffModel) -> StaffMember:
    return StaffMember(
        chain_id=m.chain_id,
        username=m.username,
        display_name=m.display_name,
        role=Role(m.role),
        store_ids=frozenset(m.store_ids or ()),
        password_hash=m.password_hash,
        disabled=bool(m.disabled),
        token_version=int(m.token_version or 0),
        days_off=frozenset(m.days_off or ()),
        phone=m.phone,
        oa_openid=m.oa_openid,
        wecom_userid=m.wecom_userid,
        notices=frozenset(m.notices) - {"-"} if m.notices is not None else None,
        password_change_required=bool(m.password_change_required),
    )


def _missing(username: str) -> NotFound:
    return NotFound(f"no staff account '{username}'", field="username", code="staff_not_found")


def _password_actions(password_hash: str | None, required: bool | None, revoke: bool) -> list[Any]:
    """A new hash, the one-time password's requirement set (True) or cleared (False), the sessions ended."""
    actions: list[Any] = []
    if password_hash is not None:
        actions.append(StaffModel.password_hash.set(password_hash))
    if required is not None:
        actions.append(StaffModel.password_change_required.set(True) if required
                       else StaffModel.password_change_required.remove())
    if revoke:
        actions.append(StaffModel.token_version.add(1))
    return actions


class StaffRepository:
    def get(self, chain_id: str, username: str) -> StaffMember | None:
        try:
            return _from_model(StaffModel.get(chain_id, username, consistent_read=True))
        except StaffModel.DoesNotExist:
            return None

    def create(self, member: StaffMember) -> None:
        item = StaffModel(
            member.chain_id,
            member.username,
            display_name=member.display_name,
            role=member.role.value,
            store_ids=set(member.store_ids) or None,
            password_hash=member.password_hash,
            disabled=member.disabled,
            token_version=member.token_version,
            days_off=set(member.days_off) or None,
            phone=member.phone,
            oa_openid=member.oa_openid,
            wecom_userid=member.wecom_userid,
            notices=(set(member.notices) or {"-"}) if member.notices is not None else None,
            password_change_required=True if member.password_change_required else None,
        )
        if not applied(lambda: item.save(condition=StaffModel.username.does_not_exist())):
            raise Conflict(f"username '{member.username}' is taken", field="username", code="username_taken")

    def of_chain(self, chain_id: str) -> list[StaffMember]:
        return [_from_model(m) for m in StaffModel.query(chain_id, consistent_read=True)]

    def change(self, chain_id: str, username: str, *, role: str | None = None, store_ids: frozenset[str] | None = None,
               disabled: bool | None = None, password_hash: str | None = None, revoke: bool = True,
               display_name: str | None = None, days_off: frozenset[str] | None = None,
               password_change_required: bool | None = None) -> StaffMember:
        actions: list[Any] = []
        if display_name is not None:
            actions.append(StaffModel.display_name.set(display_name))
        if days_off is not None:
            actions.append(StaffModel.days_off.set(set(days_off)) if days_off else StaffModel.days_off.remove())
        if role is not None:
            actions.append(StaffModel.role.set(role))
        if store_ids is not None:
            actions.append(StaffModel.store_ids.set(set(store_ids)) if store_ids else StaffModel.store_ids.remove())
        if disabled is not None:
            actions.append(StaffModel.disabled.set(disabled))
        actions += _password_actions(password_hash, password_change_required, revoke)
        item = StaffModel(chain_id, username)
        if actions and not applied(lambda: item.update(actions=actions, condition=StaffModel.username.exists())):
            raise _missing(username)
        member = self.get(chain_id, username)
        if member is None:
            raise _missing(username)
        return member

    def set_contact(self, chain_id: str, username: str, *, phone: str | None, oa_openid: str | None) -> StaffMember:
        """Where the account's reports go; None removes. Sessions stay valid (nothing they may do changed)."""
        actions = [StaffModel.phone.set(phone) if phone else StaffModel.phone.remove(),
                   StaffModel.oa_openid.set(oa_openid) if oa_openid else StaffModel.oa_openid.remove()]
        if not applied(lambda: StaffModel(chain_id, username).update(actions=actions, condition=StaffModel.username.exists())):
            raise _missing(username)
        member = self.get(chain_id, username)
        if member is None:
            raise _missing(username)
        return member

    def set_wecom(self, chain_id: str, username: str, *, userid: str | None,
                  notices: frozenset[str] | None) -> StaffMember:
        """The WeCom link and the notices wanted. DynamoDB keeps no empty set: "none wanted" is stored as the
        marker "-" (domain/messaging/staff_notices.NONE); None (every notice) removes the attribute."""
        actions = [StaffModel.wecom_userid.set(userid) if userid else StaffModel.wecom_userid.remove(),
                   StaffModel.notices.remove() if notices is None else StaffModel.notices.set(set(notices) or {"-"})]
        if not applied(lambda: StaffModel(chain_id, username).update(actions=actions, condition=StaffModel.username.exists())):
            raise _missing(username)
        member = self.get(chain_id, username)
        if member is None:
            raise _missing(username)
        return member

    def delete(self, chain_id: str, username: str) -> None:
        if not applied(lambda: StaffModel(chain_id, username).delete(condition=StaffModel.username.exists())):
            raise _missing(username)


class LoginThrottleRepository:
    def attempt(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        """Count one attempt (an atomic ADD); answers the count including it and the current window's start."""
        item = LoginThrottleModel(key)
        item.update(actions=[LoginThrottleModel.attempts.add(1), LoginThrottleModel.expires_at.set(now + FORGET_AFTER)])
        return int(item.attempts), datetime.fromisoformat(item.not_before) if item.not_before else None

    def claim(self, key: str, seen: datetime | None, until: datetime) -> bool:
        """Take the next window if nobody else has since `seen` (compare-and-set)."""
        condition = (LoginThrottleModel.not_before.does_not_exist() if seen is None
                     else LoginThrottleModel.not_before == seen.isoformat())
        item = LoginThrottleModel(key)
        return applied(lambda: item.update(actions=[LoginThrottleModel.not_before.set(until.isoformat())], condition=condition))

    def release(self, key: str) -> None:
        """An atomic ADD of -1, never below zero (a success may have cleared the key meanwhile)."""
        applied(lambda: LoginThrottleModel(key).update(actions=[LoginThrottleModel.attempts.add(-1)],
                                                      condition=LoginThrottleModel.attempts > 0))

    def reset(self, key: str) -> None:
        LoginThrottleModel(key).delete()


__all__ = ["LoginThrottleRepository", "StaffRepository"]
