"""A staff account as the services see it (the password only ever as a hash)."""
from __future__ import annotations

from dataclasses import dataclass

from .staff import Role


@dataclass(frozen=True)
class StaffMember:
    chain_id: str
    username: str
    display_name: str
    role: Role
    store_ids: frozenset[str]
    password_hash: str
    disabled: bool = False
    phone: str | None = None  # where reports go by SMS
    oa_openid: str | None = None  # the official account's openid: reports as template messages
    token_version: int = 0  # raised by every change of role, stores, password or status: older tokens stop working
    days_off: frozenset[str] = frozenset()  # weekdays ("sun") and dates ("2026-11-24") off duty
    wecom_userid: str | None = None  # the member's WeCom user id: notices and reports as WeCom app messages first
    notices: frozenset[str] | None = None  # which staff notices they want (domain/messaging/staff_notices.py); None: all
    # a one-time password (the bootstrap operator's): until it is changed, the account reaches nothing else
    password_change_required: bool = False
