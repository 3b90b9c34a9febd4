"""What the WeChat stand-in pushes to a server's URL, built as WeChat's servers build it: the event's fields in
XML (official account; mini-program in XML mode) or JSON (mini-program in JSON mode), signed with the server
token, and in safe mode AES-encrypted with the app's key (wechatpy's PrpCrypto) and signed again
(msg_signature)."""
from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import xmltodict
from wechatpy.crypto import PrpCrypto
from wechatpy.utils import WeChatSigner


def new_aes_key() -> str:
    """An EncodingAESKey as the WeChat console makes one: 43 characters of base64 of 32 random bytes."""
    return base64.b64encode(os.urandom(32)).decode().rstrip("=")


def _sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


@dataclass(frozen=True)
class PushTarget:
    token: str
    appid: str
    aes_key: str | None = None  # safe mode when set
    json_format: bool = False  # a mini-program configured for JSON pushes


@dataclass(frozen=True)
class SignedPush:
    query: str  # what follows "?" in the URL
    body: bytes
    content_type: str


def subscribe_event(openid: str, *, to: str = "gh_demo", unsubscribe: bool = False, at: int | None = None) -> dict[str, Any]:
    """An official account's follow (or unfollow) event."""
    return {"ToUserName": to, "FromUserName": openid, "CreateTime": str(at or int(time.time())), "MsgType": "event",
            "Event": "unsubscribe" if unsubscribe else "subscribe"}


_LIST_OF = {"subscribe_msg_popup_event": "SubscribeMsgPopupEvent", "subscribe_msg_change_event": "SubscribeMsgChangeEvent",
            "subscribe_msg_sent_event": "SubscribeMsgSentEvent"}


def subscribe_message_event(event: str, openid: str, items: list[dict[str, Any]], *, json_format: bool = False,
                            to: str = "gh_demo", at: int | None = None) -> dict[str, Any]:
    """A mini-program's subscribe-message event (popup, change, sent) with its list of templates, e.g.
    [{"TemplateId": "...", "SubscribeStatusString": "accept"}] or [{"TemplateId", "MsgID", "ErrorCode",
    "ErrorStatus"}]; JSON mode keeps the list under "List", XML mode under the event's own element."""
    fields: dict[str, Any] = {"ToUserName": to, "FromUserName": openid, "CreateTime": str(at or int(time.time())),
                              "MsgType": "event", "Event": event}
    if json_format:
        fields["List"] = items
    else:
        fields[_LIST_OF[event]] = {"List": items}
    return fields


def _render(fields: dict[str, Any], json_format: bool) -> str:
    if json_format:
        return json.dumps(fields, ensure_ascii=False)
    return str(xmltodict.unparse({"xml": fields}, full_document=False))


def signed(target: PushTarget, fields: dict[str, Any], *, timestamp: int | None = None, nonce: str | None = None,
           encrypted: bool | None = None) -> SignedPush:
    """The request WeChat would send: query string and body (encrypted when the target has a key, unless told)."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    once = nonce or str(secrets.randbelow(10**10))
    params = {"signature": _sign(target.token, stamp, once), "timestamp": stamp, "nonce": once}
    if "FromUserName" in fields and not target.json_format:
        params["openid"] = str(fields["FromUserName"])
    plain = _render(fields, target.json_format)
    content_type = "application/json" if target.json_format else "text/xml"
    if not (target.aes_key if encrypted is None else encrypted):
        return SignedPush(urlencode(params), plain.encode(), content_type)
    if not target.aes_key:
        raise ValueError("safe mode needs the app's AES key")
    key = base64.b64decode(target.aes_key + "=")
    cipher = PrpCrypto(key).encrypt(plain, target.appid)
    cipher_text = cipher.decode() if isinstance(cipher, bytes) else str(cipher)
    params.update({"encrypt_type": "aes", "msg_signature": _sign(target.token, stamp, once, cipher_text)})
    outer = {"ToUserName": str(fields.get("ToUserName", "")), "Encrypt": cipher_text}
    return SignedPush(urlencode(params), _render(outer, target.json_format).encode(), content_type)


def echo_check(target: PushTarget, echostr: str, *, timestamp: int | None = None, nonce: str | None = None) -> str:
    """The query of WeChat's server check (GET): signed, with the echostr to send back."""
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    once = nonce or str(secrets.randbelow(10**10))
    return urlencode({"signature": _sign(target.token, stamp, once), "timestamp": stamp, "nonce": once,
                      "echostr": echostr})
