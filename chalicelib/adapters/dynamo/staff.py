"""Staff accounts: found by chain + username; failed logins counted atomically for the lockout."""
from __future__ import annotations

from datetime import datetime

from ...domain.errors import Conflict
from ...domain.staff import Role
from ...domain.staff_member import StaffMember
from .conditional import applied
from .models import StaffModel


def _from_model(m: StaffModel) -> StaffMember:
    return StaffMember(
        chain_id=m.chain_id,
        username=m.username,
        display_name=m.display_name,
        role=Role(m.role),
        store_ids=frozenset(m.store_ids or ()),
        password_hash=m.password_hash,
        failed_logins=int(m.failed_logins or 0),
        locked_until=datetime.fromisoformat(m.locked_until) if m.locked_until else None,
    )


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
        )
        if not applied(lambda: item.save(condition=StaffModel.username.does_not_exist())):
            raise Conflict(f"username '{member.username}' is taken", field="username", code="username_taken")

    def record_failure(self, chain_id: str, username: str, *, lock_at: int, lock_until: datetime) -> int:
        """Count a failed login; the one that reaches `lock_at` also locks the account."""
        m = StaffModel(chain_id, username)
        m.update(actions=[StaffModel.failed_logins.add(1)], condition=StaffModel.username.exists())
        failures = int(m.failed_logins)
        if failures >= lock_at:
            m.update(actions=[StaffModel.locked_until.set(lock_until.isoformat()), StaffModel.failed_logins.set(0)])
        return failures

    def record_success(self, chain_id: str, username: str) -> None:
        StaffModel(chain_id, username).update(actions=[StaffModel.failed_logins.set(0), StaffModel.locked_until.remove()])
