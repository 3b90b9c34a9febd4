"""What WeChat's servers push to us (official account and mini-program), as the rules see it: whether a push is
fresh, which event it is, and what it changes in the customer's one-time subscribe authorizations.

Signature checking and decryption are the adapter's (adapters/messaging/wechat_push.py); here the already opened fields.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import Forbidden, NotConfigured

APPS = ("oa", "mp")
# a push signed longer ago (or further ahead) than this is refused, so a captured request cannot be replayed
# once its nonce has left the replay store
REPLAY_WINDOW = timedelta(minutes=5)
NONCE_MEMORY = REPLAY_WINDOW * 2

OA_SUBSCRIBE, OA_UNSUBSCRIBE = "subscribe", "unsubscribe"
MP_POPUP, MP_CHANGE, MP_SENT = "subscribe_msg_popup_event", "subscribe_msg_change_event", "subscribe_msg_sent_event"
# where each mini-program event keeps its list, in the XML form (the JSON form has it under "List")
_LIST_KEYS = {MP_POPUP: "SubscribeMsgPopupEvent", MP_CHANGE: "SubscribeMsgChangeEvent", MP_SENT: "SubscribeMsgSentEvent"}


@dataclass(frozen=True)
class PushKeys:
    """A chain's server configuration for one app: the token that signs, the safe-mode key, the app id."""

    token: str
    aes_key: str | None
    appid: str


@dataclass(frozen=True)
class TemplateChoice:
    template_id: str
    status: str  # accept | reject (popup, change); for a sent event: "success" or the error status
    error_code: int = 0


@dataclass(frozen=True)
class PushEvent:
    event: str  # subscribe, unsubscribe, subscribe_msg_popup_event, ...; "" for a plain message
    openid: str  # FromUserName: the user's openid in the app that pushed
    created: str
    choices: tuple[TemplateChoice, ...] = ()


def signed_at(timestamp: str | None, now: datetime) -> datetime:
    """The push's signing time, refused (403 stale_timestamp) outside the replay window around `now`."""
    try:
        at = datetime.fromtimestamp(int(timestamp or ""), UTC)
    except (ValueError, OverflowError, OSError):
        raise Forbidden("the push has no valid timestamp", field="timestamp", code="stale_timestamp") from None
    if abs(at - now) > REPLAY_WINDOW:
        raise Forbidden("the push was signed too long ago", field="timestamp", code="stale_timestamp")
    return at


def addressed_to(fields: Mapping[str, Any], original_id: str | None) -> None:
    """A push names the app it is for (ToUserName: the app's original id, gh_...): it must be the chain's own. A
    chain that has not given its app's original id takes no push (the operator sets it with the app's token)."""
    if not original_id:
        raise NotConfigured("this chain's app has no original id set, so no push can be checked as its own",
                            field="ToUserName", code="chain_not_configured")
    if str(fields.get("ToUserName") or "") != original_id:
        raise Forbidden("the push is addressed to another app", field="ToUserName", code="bad_signature")


def replay_key(chain_id: str, app: str, timestamp: str, nonce: str) -> str:
    return f"{chain_id}#{app}#{timestamp}#{nonce}"


def _items(value: Any) -> list[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        return [value]
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _choices(fields: Mapping[str, Any], event: str) -> tuple[TemplateChoice, ...]:
    holder = fields.get(_LIST_KEYS.get(event, ""))
    listed = holder.get("List") if isinstance(holder, Mapping) else fields.get("List")
    found = []
    for item in _items(listed):
        template_id = str(item.get("TemplateId") or "")
        if not template_id:
            continue
        if event == MP_SENT:
            try:
                code = int(item.get("ErrorCode") or 0)
            except (TypeError, ValueError):
                code = -1
            found.append(TemplateChoice(template_id, str(item.get("ErrorStatus") or ""), code))
        else:
            found.append(TemplateChoice(template_id, str(item.get("SubscribeStatusString") or "").lower()))
    return tuple(found)


def event_of(fields: Mapping[str, Any]) -> PushEvent | None:
    """The event a push carries; None for what we do not act on (user messages, unknown kinds)."""
    if str(fields.get("MsgType") or "").lower() != "event":
        return None
    event = str(fields.get("Event") or "").lower()
    openid = str(fields.get("FromUserName") or "")
    if not openid or event not in (OA_SUBSCRIBE, OA_UNSUBSCRIBE, *_LIST_KEYS):
        return None
    return PushEvent(event, openid, str(fields.get("CreateTime") or ""), _choices(fields, event))


def _template_id(value: Any) -> str | None:
    """A chain's template entry: the id itself, or a mapping/object holding it as template_id."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        found = value.get("template_id")
        return str(found) if found else None
    found = getattr(value, "template_id", None)
    return str(found) if found else None


def kinds_for(templates: Mapping[str, Any], template_id: str) -> list[str]:
    """Our message kinds that the chain sends with this subscribe template."""
    return sorted(kind for kind, entry in templates.items() if _template_id(entry) == template_id)


@dataclass(frozen=True)
class AuthorizationMoves:
    grants: dict[str, int]  # kind -> one-time authorizations to add
    zeroed: frozenset[str]  # kinds the user turned off, or WeChat refused to deliver

    def __bool__(self) -> bool:
        return bool(self.grants or self.zeroed)


def _ends(event: str, choice: TemplateChoice) -> bool:
    """A choice that leaves no authorization: turned off, or a delivery WeChat refused."""
    if event in (MP_POPUP, MP_CHANGE):
        return choice.status == "reject"
    return event == MP_SENT and choice.error_code != 0


def authorization_moves(event: PushEvent, templates: Mapping[str, Any]) -> AuthorizationMoves:
    """popup: each accept is one more send of that template, each reject ends them; change: a template turned
    off ends them (turning one on gives no send by itself); sent: a delivery WeChat refused for the user means
    no authorization is left, whatever we counted."""
    grants: dict[str, int] = {}
    zeroed: set[str] = set()
    for choice in event.choices:
        kinds = kinds_for(templates, choice.template_id)
        if event.event == MP_POPUP and choice.status == "accept":
            for kind in kinds:
                grants[kind] = grants.get(kind, 0) + 1
        elif _ends(event.event, choice):
            zeroed.update(kinds)
    return AuthorizationMoves({k: n for k, n in grants.items() if k not in zeroed}, frozenset(zeroed))
