"""WeChat's server push opened with wechatpy: the signature of plain mode (sha1 of the sorted token, timestamp
and nonce), the message signature and AES decryption of safe mode, bodies in XML (the official account, and a
mini-program configured for XML) or JSON (a mini-program configured for JSON)."""
from __future__ import annotations

import hmac
import json
from typing import Any

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import WeChatSigner

from ...domain.errors import Forbidden
from ...domain.messaging.wechat_push import PushKeys


def _refused(why: str) -> Forbidden:
    return Forbidden(f"the push is not signed by WeChat for this chain ({why})", field="signature", code="bad_signature")


def _signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def _parse(body: bytes | str) -> dict[str, Any]:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    text = text.strip()
    try:
        parsed = json.loads(text) if text.startswith("{") else xmltodict.parse(text, disable_entities=True).get("xml")
    except Exception:  # noqa: BLE001 - any unreadable body is the same refusal
        raise Forbidden("the push body is neither WeChat XML nor JSON", field="body", code="bad_signature") from None
    if not isinstance(parsed, dict):
        raise Forbidden("the push body is neither WeChat XML nor JSON", field="body", code="bad_signature")
    return parsed


class WeChatPushCodec:
    @staticmethod
    def _plain(keys: PushKeys, params: dict[str, str]) -> None:
        expected = _signature(keys.token, params.get("timestamp", ""), params.get("nonce", ""))
        if not hmac.compare_digest(expected, params.get("signature", "")):
            raise _refused("signature")

    def echo(self, keys: PushKeys, params: dict[str, str]) -> str:
        self._plain(keys, params)
        return params.get("echostr", "")

    def open(self, keys: PushKeys, params: dict[str, str], body: bytes) -> dict[str, Any]:
        self._plain(keys, params)
        outer = _parse(body)
        if not keys.aes_key:  # plain mode: the signature over token, timestamp and nonce is all there is
            if params.get("encrypt_type", "raw") != "raw" or "Encrypt" in outer:
                raise _refused("safe mode without a key")
            return outer
        if "Encrypt" not in outer:  # safe mode: the plain signature does not cover the body, so no plain push
            raise _refused("safe mode takes encrypted pushes only")
        encrypted = str(outer.get("Encrypt") or "")
        expected = _signature(keys.token, params.get("timestamp", ""), params.get("nonce", ""), encrypted)
        if not hmac.compare_digest(expected, params.get("msg_signature", "")):
            raise _refused("msg_signature")
        try:
            crypto = WeChatCrypto(keys.token, keys.aes_key, keys.appid)
            plain = crypto.decrypt_message({"Encrypt": encrypted}, expected, params.get("timestamp", ""),
                                           params.get("nonce", ""))
        except (InvalidSignatureException, InvalidAppIdException):
            raise _refused("app id") from None
        except Exception:  # noqa: BLE001 - a cipher text that does not decrypt is not WeChat's
            raise _refused("cipher text") from None
        return _parse(plain)
