"""Opening a chain: the platform operator creates one with its first admin; the onboarding file creates or
updates a whole chain (docs/onboarding.md). Applying a file writes only what differs, so a second run
changes nothing; a dry run answers the same list of changes and writes nothing."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from ...domain.errors import Conflict, NotFound, ValidationError
from ...domain.messaging.sms_coverage import sms_warnings
from ...domain.people.ports import Passwords, StaffStore
from ...domain.people.staff import PLATFORM_CHAIN, Role, StaffAccess
from ...domain.people.staff_member import StaffMember
from ...domain.tenancy import onboarding, store_phone, wecom_setup
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.ports import StoreCatalog
from ...domain.tenancy.store import Store
from ..people.staff_access import check_password
from .wechat_setup import ChainWeChatSetup
from .wecom_setup import ChainWeComSetup


@dataclass
class Plan:
    """What applying a file would do, change by change."""

    chain: Chain
    chain_change: str | None = None
    stores: list[Store] = field(default_factory=list)
    create_staff: list[tuple[StaffMember, str]] = field(default_factory=list)  # (account, its first password)
    update_staff: list[tuple[onboarding.StaffSpec, StaffMember]] = field(default_factory=list)  # (wanted, stored)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    wechat: dict[str, str] = field(default_factory=dict)  # the WeChat settings to set (secrets among them)
    wecom: dict[str, str] = field(default_factory=dict)  # the WeCom app's settings to set (its secret among them)


def _differences(old: object, new: object, names: list[str]) -> list[str]:
    return [f"{n} {getattr(old, n)!r} -> {getattr(new, n)!r}" for n in names if getattr(old, n) != getattr(new, n)]


def _staff_differences(wanted: onboarding.StaffSpec, stored: StaffMember) -> list[str]:
    return _differences(stored, wanted, ["display_name", "role", "store_ids", "days_off", "disabled"])


class Onboarding:
    def __init__(self, stores: StoreCatalog, staff: StaffStore, passwords: Passwords,
                 wechat: ChainWeChatSetup | None = None, wecom: ChainWeComSetup | None = None) -> None:
        self._stores, self._staff, self._passwords, self._wechat = stores, staff, passwords, wechat
        self._wecom = wecom

    def _existing_chain(self, chain_id: str) -> Chain | None:
        try:
            return self._stores.get_chain(chain_id)
        except NotFound:
            return None

    def plan(self, raw: Any, environ: Mapping[str, str] | None = None) -> Plan:
        """Read and check the file, and compare it with what is stored. `environ` holds the passwords that staff
        entries name by `password_env`."""
        chain_id = onboarding.chain_id_of(raw)
        existing = self._existing_chain(chain_id)
        stored_stores = {s.store_id: s for s in self._stores.of_chain(chain_id)}
        wanted = onboarding.read(raw, set(stored_stores))
        chain = onboarding.chain_of(wanted.chain, existing)
        plan = Plan(chain, warnings=wanted.warnings + onboarding.wechat_warnings(chain, wanted.chain.get("open_platform_appid"))
                    + sms_warnings(chain))
        if existing is None:
            plan.chain_change = f"create chain {chain_id}"
        elif chain != existing:
            plan.chain_change = f"update chain {chain_id}: " + "; ".join(
                _differences(existing, chain, [f.name for f in fields(Chain)]))
        plan.changes += [plan.chain_change] if plan.chain_change else []
        for i, store in enumerate(wanted.stores):
            store_phone.check(chain.sms, store, f"stores[{i}].phone")  # SMS on before this file too
            old = stored_stores.get(store.store_id)
            if old is None:
                plan.stores.append(store)
                plan.changes.append(f"create store {store.store_id}")
            elif old != store:
                plan.stores.append(store)
                plan.changes.append(f"update store {store.store_id}: " + "; ".join(
                    _differences(old, store, [f.name for f in fields(Store)])))
        self._plan_wechat(plan, existing, wanted.chain.get("wechat"), environ or {})
        self._plan_wecom(plan, existing, wanted.chain.get("wecom_file"), environ or {})
        self._plan_staff(plan, chain_id, wanted.staff, environ or {})
        return plan

    def _plan_wechat(self, plan: Plan, existing: Chain | None, given: Mapping[str, str] | None,
                     environ: Mapping[str, str]) -> None:
        if not given or self._wechat is None:
            return
        found = onboarding.wechat_settings(given, environ)
        differ = self._wechat.changed(existing, found)
        if differ:
            plan.wechat = {name: found[name] for name in differ}
            plan.changes.append(f"set WeChat {', '.join(differ)}")  # names only: a secret is never printed

    def _plan_wecom(self, plan: Plan, existing: Chain | None, given: Mapping[str, str] | None,
                    environ: Mapping[str, str]) -> None:
        if not given or self._wecom is None:
            return
        plan.wecom = self._wecom.changed(existing, wecom_setup.file_settings(given, environ))
        if plan.wecom:
            plan.changes.append(f"set WeCom {', '.join(sorted(plan.wecom))}")  # names only: never the secret

    def _plan_staff(self, plan: Plan, chain_id: str, wanted: list[onboarding.StaffSpec], environ: Mapping[str, str]) -> None:
        stored = {m.username: m for m in self._staff.of_chain(chain_id)}
        for i, spec in enumerate(wanted):
            old = stored.get(spec.username)
            if old is None:
                password = spec.password or (environ.get(spec.password_env) if spec.password_env else None)
                if not password:
                    raise ValidationError(f"staff[{i}].password (or password_env) is required for a new account",
                                          field=f"staff[{i}].password", code="required")
                check_password(password, f"staff[{i}].password")
                member = StaffMember(chain_id, spec.username, spec.display_name, spec.role, spec.store_ids, "",
                                     disabled=spec.disabled, days_off=spec.days_off)
                plan.create_staff.append((member, password))
                plan.changes.append(f"create staff {spec.username} ({spec.role.value})")
            elif _staff_differences(spec, old):
                plan.update_staff.append((spec, old))
                plan.changes.append(f"update staff {spec.username}: " + "; ".join(_staff_differences(spec, old)))

    def apply(self, plan: Plan) -> list[str]:
        """Write the plan: the chain, then its stores, then its staff (passwords hashed here)."""
        if plan.chain_change:
            self._stores.put_chain(plan.chain)
        if plan.wechat and self._wechat is not None:
            self._wechat.write(plan.chain.chain_id, plan.wechat)
        if plan.wecom and self._wecom is not None:
            self._wecom.write(plan.chain.chain_id, plan.wecom)
        for store in plan.stores:
            self._stores.put(store)
        for member, password in plan.create_staff:
            self._staff.create(replace(member, password_hash=self._passwords.hash(password)))
        for spec, old in plan.update_staff:
            access_changed = (spec.role, spec.store_ids, spec.disabled) != (old.role, old.store_ids, old.disabled)
            self._staff.change(plan.chain.chain_id, spec.username, role=spec.role.value, store_ids=spec.store_ids,
                               disabled=spec.disabled, display_name=spec.display_name, days_off=spec.days_off,
                               revoke=access_changed)
        return plan.changes

    def create_chain(self, operator: StaffAccess, given: dict[str, Any], admin: Mapping[str, str]) -> tuple[Chain, StaffMember]:
        """The platform operator opens a chain with its first chain admin; an existing chain id is refused."""
        operator.ensure_role(Role.OPERATOR)
        chain_id = onboarding.identifier(given.get("chain_id"), "chain_id")
        if chain_id == PLATFORM_CHAIN or self._existing_chain(chain_id) is not None:
            raise Conflict(f"chain '{chain_id}' exists already", field="chain_id", code="chain_exists")
        chain = onboarding.chain_of(given, None)
        check_password(admin["password"], "admin.password")
        member = StaffMember(chain_id, onboarding.identifier(admin["username"], "admin.username"), admin["display_name"],
                             Role.CHAIN_ADMIN, frozenset(), self._passwords.hash(admin["password"]))
        self._stores.put_chain(chain)
        self._staff.create(member)
        return chain, member
