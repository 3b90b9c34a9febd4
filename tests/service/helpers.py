"""Helpers of the service layer: staff accounts and what the fake channels were asked to send."""
from __future__ import annotations

from chalicelib.adapters.memory.providers import Sent
from chalicelib.domain.people.staff import Role, StaffAccess
from chalicelib.domain.people.staff_member import StaffMember


def add_staff(svc, chain_id: str, username: str, role: Role, stores: set[str]) -> StaffAccess:
    """A staff account (display name "<username>顾问", as the HTTP tests' accounts) and its access."""
    svc.ports.staff.create(StaffMember(chain_id, username, f"{username}顾问", role, frozenset(stores),
                                       svc.ports.passwords.hash(f"{username}-pass")))
    return StaffAccess(username, chain_id, role, frozenset(stores))


def sent(svc, channel: str | None = None) -> list[Sent]:
    """Every message the fake channels delivered (on one channel, if named)."""
    return [s for s in svc.ports.channels.sent if channel is None or s.channel == channel]
