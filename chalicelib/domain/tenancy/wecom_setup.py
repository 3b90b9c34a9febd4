"""A chain's WeCom (企业微信) app for staff notices (decision 0037): the corp id, the app's agent id and its
secret. The secret goes to the secret store under the chain's own path, like the WeChat secrets
(domain/tenancy/wechat_setup.py); the chain keeps only its name, and no answer carries it back."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from ..errors import ValidationError
from .chain import Chain

# WeCom's admin console: the corp id is "ww" (older corps "wx") and 16 hex characters; an app's AgentId is a
# number (1000002 for the first self-built app); its Secret is 43 URL-safe characters.
SHAPES: Mapping[str, tuple[str, str]] = {
    "corp_id": (r"w[wx][0-9a-f]{16}", "ww and 16 hex characters (the corp id of My Company, 我的企业)"),
    "agent_id": (r"[1-9][0-9]{0,9}", "the app's AgentId, a number"),
    "secret": (r"[A-Za-z0-9_-]{43}", "43 letters, digits, - or _ (the app's Secret)"),
}
SECRET = "secret"
SETTING = "wecom_secret"  # the stored secret's setting name (its path: <chains path>/<chain>/wecom-secret)


def checked(given: Mapping[str, object]) -> dict[str, str]:
    """The settings given, each of the right shape (a value is never repeated in a refusal); a chain that has
    no WeCom app yet needs all three."""
    unknown = sorted(set(given) - set(SHAPES))
    if unknown:
        raise ValidationError(f"unknown WeCom setting {unknown[0]!r}", field=unknown[0], code="invalid")
    found: dict[str, str] = {}
    for name, value in given.items():
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        pattern, looks = SHAPES[name]
        if not isinstance(text, str) or not re.fullmatch(pattern, text):
            raise ValidationError(f"{name} must be {looks}", field=name)
        found[name] = text
    if not found:
        raise ValidationError("give at least one WeCom setting", field="body", code="required")
    return found


def complete(chain: Chain, found: Mapping[str, str]) -> None:
    """A chain without a WeCom app is given all three at once."""
    for name in ("corp_id", "agent_id"):
        if name not in found and not chain.wecom.get(name):
            raise ValidationError(f"give {name}: the chain has no WeCom app yet", field=name, code="required")
    if SECRET not in found and not chain.wecom.get("secret_ref"):
        raise ValidationError("give secret: the chain has no WeCom app yet", field=SECRET, code="required")


def with_settings(chain: Chain, found: Mapping[str, str], secret_ref: str | None) -> Chain:
    wecom = dict(chain.wecom)
    wecom.update({k: v for k, v in found.items() if k != SECRET})
    if secret_ref:
        wecom["secret_ref"] = secret_ref
    return replace(chain, wecom=wecom)


def summary(chain: Chain) -> dict[str, object]:
    """The chain's WeCom app without its secret: the ids, and whether the secret is set."""
    return {"chain_id": chain.chain_id, "corp_id": chain.wecom.get("corp_id"),
            "agent_id": chain.wecom.get("agent_id"), "secret_set": bool(chain.wecom.get("secret_ref"))}


def configured(chain: Chain) -> bool:
    return all(chain.wecom.get(k) for k in ("corp_id", "agent_id", "secret_ref"))


def from_file(raw: object) -> dict[str, str]:
    """`chain.wecom` of the onboarding file: corp_id, agent_id, and the secret by the environment variable
    holding it (`secret_env`), so that the file itself holds no secret."""
    if not isinstance(raw, Mapping):
        raise ValidationError("chain.wecom must be an object", field="chain.wecom")
    unknown = sorted(set(raw) - {"corp_id", "agent_id", "secret_env"})
    if unknown:
        raise ValidationError(f"unknown field chain.wecom.{unknown[0]}", field=f"chain.wecom.{unknown[0]}")
    found = {}
    for key, value in raw.items():
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not text:
            raise ValidationError(f"chain.wecom.{key} must be text", field=f"chain.wecom.{key}")
        found[str(key)] = text
    return found


def file_settings(given: Mapping[str, str], environ: Mapping[str, str]) -> dict[str, str]:
    """The file's WeCom settings with the secret read from its environment variable, checked for shape (a refusal
    names the file's path, never the value)."""
    found = {k: v for k, v in given.items() if k != "secret_env"}
    if "secret_env" in given:
        if not environ.get(given["secret_env"]):
            raise ValidationError(f"the environment variable {given['secret_env']} is not set",
                                  field="chain.wecom.secret_env")
        found[SECRET] = environ[given["secret_env"]]
    try:
        return checked(found)
    except ValidationError as refused:
        name = refused.field or ""
        path = "chain.wecom.secret_env" if name == SECRET else f"chain.wecom.{name}"
        raise ValidationError(f"{path} {refused.message.removeprefix(name).strip()}", field=path) from None
