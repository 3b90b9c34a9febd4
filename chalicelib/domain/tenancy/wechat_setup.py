"""A chain's WeChat set up for production, as the operator (or the chain's own admin) gives it: the mini-program's
and the official account's app ids and secrets, and per app its server push (token, safe-mode AES key, the
app's original id that pushes are addressed to).

Every value is checked for the shape WeChat gives it before anything is written. Secrets go to the secret store
under the chain's own path (`<chains path>/<chain id>/<setting>`), the chain keeps only their names, and no
answer ever carries a value back. A secret the chain names but the store cannot give is `chain_not_configured`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from ..errors import NotConfigured, ValidationError
from ..ports import Secrets
from .chain import Chain

APPS = ("mp", "oa")
_HEX32 = (r"[0-9a-f]{32}", "32 lower-case hex characters (the AppSecret the WeChat console shows once)")
_APPID = (r"wx[0-9a-f]{16}", "wx and 16 hex characters")
# WeChat's console: the token is 3-32 letters or digits; the EncodingAESKey is 43 letters or digits
_TOKEN = (r"[A-Za-z0-9]{3,32}", "3 to 32 letters or digits (the server token of the console)")
_AES_KEY = (r"[A-Za-z0-9]{43}", "43 letters or digits (the EncodingAESKey of the console)")
_ORIGINAL_ID = (r"gh_[0-9a-f]{12}", "gh_ and 12 hex characters (the app's original id)")

# setting -> (shape, what it looks like); secrets are stored, the others kept on the chain
SECRETS: Mapping[str, tuple[str, str]] = {
    "mp_secret": _HEX32, "oa_secret": _HEX32,
    "mp_push_token": _TOKEN, "oa_push_token": _TOKEN,
    "mp_push_aes_key": _AES_KEY, "oa_push_aes_key": _AES_KEY,
}
PLAIN: Mapping[str, tuple[str, str]] = {
    "mp_appid": _APPID, "oa_appid": _APPID, "mp_original_id": _ORIGINAL_ID, "oa_original_id": _ORIGINAL_ID,
}
SETTINGS = (*PLAIN, *SECRETS)
# where each secret's name is kept on the chain
_REF_OF: Mapping[str, str] = {
    "mp_secret": "mp_secret_ref", "oa_secret": "oa_secret_ref",
    **{f"{app}_push_token": f"{app}.token_ref" for app in APPS},
    **{f"{app}_push_aes_key": f"{app}.aes_key_ref" for app in APPS},
}


class SecretVault(Secrets, Protocol):
    """The secret store, written: `put` answers the name the value can be read back by (one per version)."""

    def put(self, name: str, value: str) -> str: ...


def checked(given: Mapping[str, object]) -> dict[str, str]:
    """The settings given, each of the right shape; an unknown or misshapen one is refused by name (its value is
    never repeated in the refusal)."""
    unknown = sorted(set(given) - set(SETTINGS))
    if unknown:
        raise ValidationError(f"unknown WeChat setting {unknown[0]!r}", field=unknown[0], code="invalid")
    found: dict[str, str] = {}
    for name, value in given.items():
        pattern, looks = {**PLAIN, **SECRETS}[name]
        if not isinstance(value, str) or not re.fullmatch(pattern, value):
            raise ValidationError(f"{name} must be {looks}", field=name)
        found[name] = value
    for app in APPS:
        if f"{app}_push_aes_key" in found and f"{app}_push_token" not in found:
            raise ValidationError(f"safe mode needs the push token with its key: give {app}_push_token too",
                                  field=f"{app}_push_token", code="required")
    if not found:
        raise ValidationError("give at least one WeChat setting", field="body", code="required")
    return found


def secret_name(chains_path: str, chain_id: str, setting: str) -> str:
    """Where a chain's secret lives: under the chain's own path, which is all the functions may write."""
    return f"{chains_path.rstrip('/')}/{chain_id}/{setting.replace('_', '-')}"


def with_settings(chain: Chain, plain: Mapping[str, str], refs: Mapping[str, str]) -> Chain:
    """The chain naming its new secrets (`refs`: setting -> stored name) and holding its new plain settings."""
    push = dict(chain.push)
    changes: dict[str, str | None] = {}
    for setting, ref in refs.items():
        holder = _REF_OF[setting]
        if "." in holder:
            push[holder] = ref
        else:
            changes[holder] = ref
    for setting in ("mp_appid", "oa_appid"):
        if setting in plain:
            changes[setting] = plain[setting]
    for app in APPS:
        if f"{app}_original_id" in plain:
            push[f"{app}.original_id"] = plain[f"{app}_original_id"]
    return replace(chain, push=push, **changes)  # type: ignore[arg-type]


def summary(chain: Chain) -> dict[str, object]:
    """What a chain's WeChat setup is, without a single secret: which are set, which app is in safe mode."""
    return {
        "chain_id": chain.chain_id,
        "mp_appid": chain.mp_appid or None, "oa_appid": chain.oa_appid,
        "mp_original_id": chain.push.get("mp.original_id"), "oa_original_id": chain.push.get("oa.original_id"),
        "secrets_set": {setting: bool(stored_ref(chain, setting)) for setting in SECRETS},
        "safe_mode": {app: bool(chain.push.get(f"{app}.aes_key_ref")) for app in APPS},
    }


def plain_value(chain: Chain, setting: str) -> str | None:
    """A plain setting as the chain holds it."""
    if setting.endswith("_original_id"):
        return chain.push.get(f"{setting.split('_', 1)[0]}.original_id")
    return chain.mp_appid if setting == "mp_appid" else chain.oa_appid


def stored_ref(chain: Chain, setting: str) -> str | None:
    holder = _REF_OF[setting]
    return chain.push.get(holder) if "." in holder else getattr(chain, holder)


def chain_secret(secrets: Secrets, chain: Chain, ref: str | None, setting: str) -> str:
    """A secret the chain names, or `chain_not_configured` (503) when it names none or the store cannot give it:
    the operator sets it again; the secret's name is never in the answer."""
    if not ref:
        raise NotConfigured(f"chain {chain.chain_id} has no {setting} set yet", field=setting,
                            code="chain_not_configured")
    try:
        return secrets.get(ref)
    except NotConfigured:
        raise NotConfigured(f"chain {chain.chain_id}'s {setting} is missing or unreadable; the operator sets it again",
                            field=setting, code="chain_not_configured") from None
