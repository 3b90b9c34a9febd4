"""A chain described in one file (docs/onboarding.md): its WeChat identities and templates, its stores and its
staff, read and checked here. Every refusal names the path of the field (`stores[1].hours.mon`). Pure: the
use case (services/tenancy/onboarding.py) compares it with what is stored and writes the difference."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from ..errors import ValidationError
from ..messaging import mapping_check, sms_templates
from ..messaging.message_kinds import Facts
from ..messaging.messages import INVITATION_KINDS, MESSAGE_KINDS
from ..people.staff import PLATFORM_CHAIN, STAFF_ROLES, Role
from ..validation import required_text, text
from . import store_phone, wechat_setup, wecom_setup
from .chain import Chain, balance_payment_of
from .store import WEEKDAYS, Store
from .store_config import store_from_json

IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9-]{1,40}$")
CHAIN_KEYS = {"chain_id", "name", "mp_appid", "mp_secret_ref", "oa_appid", "oa_secret_ref", "open_platform_appid",
              "templates", "oa_templates", "sms", "sms_templates", "keywords", "wechat", "wecom",
              "balance_payment"}
STAFF_KEYS = {"username", "display_name", "role", "store_ids", "days_off", "disabled", "password", "password_env"}
TOP_KEYS = {"chain", "stores", "staff"}


@dataclass(frozen=True)
class StaffSpec:
    username: str
    display_name: str
    role: Role
    store_ids: frozenset[str]
    days_off: frozenset[str] = frozenset()
    disabled: bool = False
    password: str | None = None  # used only when the account is created
    password_env: str | None = None  # the environment variable holding it (the command line reads it)


@dataclass(frozen=True)
class ChainFile:
    chain_id: str
    chain: dict[str, Any]  # the chain's fields as given (absent ones keep their stored value)
    stores: list[Store]
    staff: list[StaffSpec]
    warnings: list[str] = field(default_factory=list)


def identifier(value: Any, path: str) -> str:
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        raise ValidationError(f"{path} uses lower-case letters, digits and '-' (2-41 characters)", field=path)
    return value


def _object(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"{path} must be an object", field=path)
    return value


def _only(body: Mapping[str, Any], allowed: set[str], path: str) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ValidationError(f"{path}{unknown[0]} is not a known setting", field=f"{path}{unknown[0]}")


def _ids(value: Any, path: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"{path} is a list of text", field=path)
    return frozenset(value)


def _templates(value: Any, path: str) -> dict[str, str]:
    body = _object(value, path)
    for kind, template in body.items():
        if kind not in MESSAGE_KINDS:
            raise ValidationError(f"{path}.{kind}: message kinds are {', '.join(MESSAGE_KINDS)}", field=f"{path}.{kind}")
        if not isinstance(template, str) or not template.strip():
            raise ValidationError(f"{path}.{kind} must be a template id", field=f"{path}.{kind}")
        if kind in INVITATION_KINDS:  # WeChat subscribe and template messages carry no marketing
            raise ValidationError(f"{path}.{kind}: invitations are marketing, sent by SMS only", field=f"{path}.{kind}")
    return dict(body)


def registered_sms_templates(chain: Mapping[str, Any], stores: list[Store]) -> dict[str, dict[str, Any]]:
    """The chain's approved SMS templates, each checked as Tencent reviews it and for the content its kind
    requires (fixed text checked against every store it serves: a key "kind@store-id" serves that store)."""
    icp = [d.strip() for d in (chain.get("sms") or {}).get("icp_domains", "").split(",") if d.strip()]
    facts = {s.store_id: Facts(store=s.name, address=s.address, parking=s.parking, phone=s.phone,
                               hold_minutes=s.grace_minutes) for s in stores}
    found: dict[str, dict[str, Any]] = {}
    for name, raw in chain["sms_templates"].items():
        path = f"chain.sms_templates.{name}"
        key, _, store_id = name.partition("@")
        if store_id and store_id not in facts:
            raise ValidationError(f"{path}: no store '{store_id}' in this file", field=path)
        template = sms_templates.template_of(raw, path)
        serves = [facts[store_id]] if store_id else list(facts.values()) or [Facts()]
        refused = sms_templates.check(key, template, serves, icp)
        if refused:
            raise ValidationError(f"{path}: {refused}", field=path)
        found[name] = template.to_json()
    return found


def _keywords(value: Any, path: str) -> dict[str, dict[str, str]]:
    """Per kind or reminder moment, which of our fields fills each WeChat keyword; refused when it cannot say
    what the kind requires on WeChat."""
    found: dict[str, dict[str, str]] = {}
    for name, mapping in _object(value, path).items():
        where = f"{path}.{name}"
        body = _object(mapping, where)
        refused = mapping_check.refusal(name, body) if all(isinstance(v, str) for v in body.values()) else "text"
        if refused:
            raise ValidationError(f"{where}: {refused}", field=where)
        found[name] = dict(body)
    return found


def chain_id_of(raw: Any) -> str:
    """The chain a file is about, checked before anything else is read."""
    return identifier(_object(_object(raw, "file").get("chain"), "chain").get("chain_id"), "chain.chain_id")


def _chain(raw: Any) -> dict[str, Any]:
    body = _object(raw, "chain")
    _only(body, CHAIN_KEYS, "chain.")
    found: dict[str, Any] = {"chain_id": identifier(body.get("chain_id"), "chain.chain_id")}
    if found["chain_id"] == PLATFORM_CHAIN:
        raise ValidationError(f"'{PLATFORM_CHAIN}' is the platform operators' chain", field="chain.chain_id")
    for name, limit in (("name", 40), ("mp_appid", 32), ("mp_secret_ref", 200), ("oa_appid", 32),
                        ("oa_secret_ref", 200), ("open_platform_appid", 32)):
        if name in body:
            found[name] = text(body, name, max_len=limit, prefix="chain.", required=False)
    found.update(_channels(body))
    if "balance_payment" in body:  # where the balance is paid (decision 0077)
        found["balance_payment"] = balance_payment_of(body["balance_payment"], "chain.balance_payment")
    if "wechat" in body:
        found["wechat"] = _wechat(body["wechat"])
        _given_once(body, found["wechat"])
    if "wecom" in body:  # not Chain.wecom itself: the secret is read from the environment and stored first
        found["wecom_file"] = wecom_setup.from_file(body["wecom"])
    return found


def _channels(body: Mapping[str, Any]) -> dict[str, Any]:
    """The chain's message channels: template ids per kind, WeChat keywords, SMS settings and templates."""
    found: dict[str, Any] = {}
    for name in ("templates", "oa_templates"):
        if name in body:
            found[name] = _templates(body[name], f"chain.{name}")
    if "keywords" in body:
        found["keywords"] = _keywords(body["keywords"], "chain.keywords")
    if "sms_templates" in body:
        found["sms_templates"] = _object(body["sms_templates"], "chain.sms_templates")
    if "sms" in body:
        sms = _object(body["sms"], "chain.sms")
        if not all(isinstance(v, str) for v in sms.values()):
            raise ValidationError("chain.sms maps settings to text", field="chain.sms")
        found["sms"] = dict(sms)
    return found


def _given_once(body: Mapping[str, Any], wechat: Mapping[str, str]) -> None:
    """A WeChat setting is given in `chain.wechat` or beside it, not both (which would flip at every apply)."""
    for key in wechat:
        setting = key.removesuffix("_env")
        for twin in (setting, f"{setting.removesuffix('_secret')}_secret_ref" if setting.endswith("_secret") else ""):
            if twin and twin in body:
                raise ValidationError(f"chain.{twin} and chain.wechat.{key} both set it: give it once",
                                      field=f"chain.wechat.{key}")


def _wechat(raw: Any) -> dict[str, str]:
    """The chain's WeChat settings (domain/tenancy/wechat_setup.py): the plain ones as they are, each secret by
    the environment variable holding it (`<setting>_env`), so that the file itself holds no secret."""
    body = _object(raw, "chain.wechat")
    allowed = set(wechat_setup.PLAIN) | {f"{name}_env" for name in wechat_setup.SECRETS}
    _only(body, allowed, "chain.wechat.")
    for key, value in body.items():
        if not isinstance(value, str) or not value:
            raise ValidationError(f"chain.wechat.{key} must be text", field=f"chain.wechat.{key}")
    return dict(body)


def wechat_settings(given: Mapping[str, str], environ: Mapping[str, str]) -> dict[str, str]:
    """The file's WeChat settings with each secret read from its environment variable, all checked for shape
    (a refusal names the file's path, never the value)."""
    found: dict[str, str] = {}
    for key, value in given.items():
        if key.endswith("_env"):
            if not environ.get(value):
                raise ValidationError(f"the environment variable {value} is not set", field=f"chain.wechat.{key}")
            found[key.removesuffix("_env")] = environ[value]
        else:
            found[key] = value
    try:
        return wechat_setup.checked(found)
    except ValidationError as refused:
        name = refused.field or ""
        path = f"chain.wechat.{name}_env" if name in wechat_setup.SECRETS else f"chain.wechat.{name}"
        raise ValidationError(f"{path} {refused.message.removeprefix(name).strip()}", field=path) from None


STORE_KEYS = {f.name for f in fields(Store)} - {"chain_id"}


def _store(chain_id: str, raw: Any, path: str) -> Store:
    """Every setting of the store configuration (domain/tenancy/store_config.py), the plan and price list included."""
    body = _object(raw, path)
    _only(body, STORE_KEYS, f"{path}.")
    store_id = identifier(body.get("store_id"), f"{path}.store_id")
    try:
        return store_from_json(chain_id, store_id, body)
    except ValidationError as refused:
        where = f"{path}.{refused.field}" if refused.field else path
        raise ValidationError(f"{where}: {refused.message}", field=where, code=refused.code) from None


def days_off(value: Any, path: str) -> frozenset[str]:
    """Weekdays ("sun") and dates ("2026-12-01") off duty."""
    days = _ids(value, path)
    for d in days:
        if d not in WEEKDAYS:
            try:
                date.fromisoformat(d)
            except ValueError:
                raise ValidationError(f"{path}: '{d}' is neither a weekday ({', '.join(WEEKDAYS)}) nor a date",
                                      field=path) from None
    return days


def _member(raw: Any, path: str, store_ids: set[str]) -> StaffSpec:
    body = _object(raw, path)
    _only(body, STAFF_KEYS, f"{path}.")
    role = body.get("role")
    if role not in {r.value for r in STAFF_ROLES}:
        raise ValidationError(f"{path}.role is one of {', '.join(r.value for r in STAFF_ROLES)}", field=f"{path}.role")
    stores = _ids(body.get("store_ids", []), f"{path}.store_ids")
    missing = sorted(stores - store_ids)
    if missing:
        raise ValidationError(f"{path}.store_ids: no store '{missing[0]}' in this chain", field=f"{path}.store_ids")
    if role != Role.CHAIN_ADMIN.value and not stores:
        raise ValidationError(f"{path}.store_ids: store staff need at least one store", field=f"{path}.store_ids")
    disabled = body.get("disabled", False)
    if not isinstance(disabled, bool):
        raise ValidationError(f"{path}.disabled must be true or false", field=f"{path}.disabled")
    return StaffSpec(
        username=identifier(body.get("username"), f"{path}.username"),
        display_name=required_text(body, "display_name", max_len=20, prefix=f"{path}."),
        role=Role(role), store_ids=stores, days_off=days_off(body.get("days_off", []), f"{path}.days_off"),
        disabled=disabled, password=text(body, "password", max_len=128, prefix=f"{path}.", required=False),
        password_env=text(body, "password_env", max_len=100, prefix=f"{path}.", required=False),
    )


def _unique(names: list[str], path: str, what: str) -> None:
    for i, name in enumerate(names):
        if name in names[:i]:
            raise ValidationError(f"{path}[{i}]: {what} '{name}' appears twice", field=f"{path}[{i}]")


def read(raw: Any, known_stores: Collection[str] = ()) -> ChainFile:
    """The file's chain, stores and staff, or a ValidationError naming the first bad field's path; staff may
    name stores of the file or stores the chain already has (`known_stores`)."""
    body = _object(raw, "file")
    _only(body, TOP_KEYS, "")
    chain = _chain(body.get("chain"))
    warnings: list[str] = []
    raw_stores = body.get("stores", [])
    if not isinstance(raw_stores, list):
        raise ValidationError("stores is a list", field="stores")
    stores = [_store(chain["chain_id"], s, f"stores[{i}]") for i, s in enumerate(raw_stores)]
    _unique([s.store_id for s in stores], "stores", "store")
    for i, s in enumerate(stores):
        store_phone.check(_object(chain.get("sms") or {}, "chain.sms"), s, f"stores[{i}].phone")
    raw_staff = body.get("staff", [])
    if not isinstance(raw_staff, list):
        raise ValidationError("staff is a list", field="staff")
    names = set(known_stores) | {s.store_id for s in stores}
    staff = [_member(m, f"staff[{i}]", names) for i, m in enumerate(raw_staff)]
    _unique([m.username for m in staff], "staff", "username")
    if "sms_templates" in chain:
        chain["sms_templates"] = registered_sms_templates(chain, stores)
    return ChainFile(chain["chain_id"], chain, stores, staff, warnings)


def chain_of(given: Mapping[str, Any], existing: Chain | None) -> Chain:
    """The chain as the file leaves it: the given fields over the stored ones; a new chain needs its name and
    its mini-program's appid (a chain without its secret yet answers logins `chain_not_configured`)."""
    if existing is None:
        for name in ("name", "mp_appid"):
            if not given.get(name):
                raise ValidationError(f"chain.{name} is required for a new chain", field=f"chain.{name}", code="required")
        existing = Chain(given["chain_id"], given["name"], given["mp_appid"], given.get("mp_secret_ref") or "")
    settable = {f.name for f in fields(Chain)}
    return replace(existing, **{k: v for k, v in given.items() if k in settable})


def wechat_warnings(chain: Chain, open_platform_appid: str | None) -> list[str]:
    """Customers are found on the official account by their unionid, which WeChat gives only when the
    mini-program and the official account are bound to one Open Platform account."""
    if not chain.oa_appid:
        return ["chain.oa_appid: no official account: a customer without subscribe authorizations gets SMS only"]
    if not open_platform_appid:
        return ["chain.open_platform_appid: the mini-program and the official account are not declared bound to one "
                "WeChat Open Platform account: no unionid, so no official-account fallback (messages go to SMS)"]
    return []
