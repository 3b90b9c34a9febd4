"""WeChat through wechatpy, with the API root configurable so the local stand-in serves the same code path.

Errors are sorted by kind (docs/product-rules.md#wechat-errors): an expired or invalid token is refreshed
once and the call retried once; a refusal (43101) sends the message on to the next channel; load (45009,
45011, -1) is retried later; bad data (47003, 40003, ...) is recorded and never retried.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from ...domain.errors import UpstreamUnavailable, ValidationError
from ...domain.messaging.delivery import WeChatIdentity
from .provider_errors import ErrorCodes, ProviderSendError, with_token

# errcodes of jscode2session: 40029 invalid code, 40163 code already used, 45011 too frequent, -1 busy
_BAD_CODE = {40029, 40163, 40226}
_RETRY_LATER = {45009, 45011, 45015, 45047, -1}
TOKEN_ERRORS = {40001, 40014, 42001}
REFUSED = {43101}


_CODES = ErrorCodes(refused=frozenset(REFUSED), retry_later=frozenset(_RETRY_LATER), token=frozenset(TOKEN_ERRORS))


class WeChatSendError(ProviderSendError):
    """kind: "refused" (next channel), "retry" (later), "bad_request" (record, never retry)."""


class ChainWeChatClient(WeChatClient):
    """One app of a chain (mini-program or official account). `api_root` is https://api.weixin.qq.com in
    production, the stand-in locally. Give it a shared `session` (adapters/messaging/tokens.py) so that every
    function uses one token."""

    def __init__(
        self, appid: str, secret: str, api_root: str, *, sleep: Callable[[float], None] = time.sleep,
        fetch_token: Callable[[bool], dict] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_retry", False)  # token errors are handled below: refresh once, retry once
        super().__init__(appid, secret, **kwargs)
        self.api_root = api_root.rstrip("/")
        self.API_BASE_URL = f"{self.api_root}/cgi-bin/"
        self.wxa.API_BASE_URL = f"{self.api_root}/"
        self._sleep = sleep
        self._fetch_token = fetch_token  # deployed: the egress function, whose address WeChat whitelists

    # --- login -------------------------------------------------------------------------------------------

    def code_to_session(self, js_code: str) -> WeChatIdentity:
        """jscode2session authenticates with appid + secret; access_token=None keeps wechatpy from fetching
        a token for it (requests drops None parameters), so logins never spend the token quota."""
        try:
            result = self.get(
                f"{self.api_root}/sns/jscode2session",
                params={
                    "appid": self.appid,
                    "secret": self.secret,
                    "js_code": js_code,
                    "grant_type": "authorization_code",
                    "access_token": None,
                },
            )
        except WeChatClientException as exc:
            if exc.errcode in _BAD_CODE:
                raise ValidationError("the login code is invalid or already used", field="code", code="invalid_code") from None
            if exc.errcode in _RETRY_LATER or exc.errcode is None:
                raise UpstreamUnavailable("WeChat is busy; please try again", field=None) from None
            raise
        return WeChatIdentity(openid=result["openid"], unionid=result.get("unionid"))

    # --- the shared token --------------------------------------------------------------------------------

    def fetch_access_token(self, force: bool = False, wait_seconds: float = 5.0) -> dict:
        """Through stable_token, by one function at a time: the lease holder fetches, the others read the
        token it stores."""
        storage = self.session
        key = self.access_token_key
        waited = 0.0
        while True:
            if not force:
                live = storage.get(key)
                if live:
                    return {"access_token": live}
            if not hasattr(storage, "lease") or storage.lease(key):
                live = None if force else storage.get(key)
                if live:  # fetched by the lease holder just before us
                    storage.release(key)
                    return {"access_token": live}
                try:
                    result = self._fetch_token(force) if self._fetch_token else self._request(
                        "POST",
                        f"{self.api_root}/cgi-bin/stable_token",
                        params={"access_token": None},
                        data={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret,
                              "force_refresh": force},
                    )
                except BaseException:
                    if hasattr(storage, "release"):
                        storage.release(key)
                    raise
                storage.set(key, result["access_token"], int(result.get("expires_in", 7200)))
                self.expires_at = None  # the storage judges expiry, not this instance
                return result
            if waited >= wait_seconds:
                raise WeChatSendError("retry", None, "another function is fetching the access token")
            self._sleep(0.05)
            waited += 0.05
            force = False  # someone else is refreshing: take theirs

    def _with_token(self, call: Callable[[], dict]) -> dict:
        """Make the call; on a token error forget that token (if nobody replaced it yet), fetch once, retry once."""
        return with_token(self, lambda _token: call(), _CODES, WeChatSendError)

    # --- messages ----------------------------------------------------------------------------------------

    def send_subscribe(self, openid: str, template_id: str, data: dict, *, page: str | None = None,
                       state: str = "formal", lang: str = "zh_CN") -> str:
        """A mini-program subscribe message; spends one of the user's one-time authorizations."""
        payload = {"touser": openid, "template_id": template_id, "data": data, "miniprogram_state": state, "lang": lang}
        if page:
            payload["page"] = page
        result = self._with_token(lambda: self.post("message/subscribe/send", data=payload))
        return str(result.get("msgid", ""))

    def send_template(self, openid: str, template_id: str, data: dict, *, mini_program: dict | None = None) -> str:
        """An official-account template message, opening the mini-program when tapped."""
        result = self._with_token(
            lambda: self.message.send_template(openid, template_id, data, mini_program=mini_program)
        )
        return str(result.get("msgid", ""))

    # --- the official account's followers and the mini-program's phone numbers -------------------------

    def user_unionid(self, openid: str) -> str | None:
        """An official-account follower's unionid (cgi-bin/user/info); None when WeChat gives none (an app not
        bound to the chain's open-platform account, or a user who has unfollowed)."""
        try:
            result = self._with_token(lambda: self.get("user/info", params={"openid": openid, "lang": "zh_CN"}))
        except WeChatSendError as exc:
            if exc.kind == "retry":
                raise UpstreamUnavailable("WeChat is busy; please try again", field=None) from None
            return None
        unionid = result.get("unionid")
        return str(unionid) if unionid else None

    def user_phone(self, code: str) -> str:
        """The verified mobile number behind a mini-program phone-number code (wxa/business/getuserphonenumber);
        a bad or used code is a refusal naming `code`."""
        try:
            result = self._with_token(lambda: self.post(
                f"{self.api_root}/wxa/business/getuserphonenumber", data={"code": code}))
        except WeChatSendError as exc:
            if exc.kind == "retry":
                raise UpstreamUnavailable("WeChat is busy; please try again", field=None) from None
            raise ValidationError("the phone-number code is invalid or already used", field="code",
                                  code="invalid_code") from None
        info = result.get("phone_info") or {}
        phone = str(info.get("purePhoneNumber") or "")
        if not phone.isdigit():
            raise ValidationError("WeChat gave no mainland mobile number for this code", field="code", code="invalid_code")
        return phone

    # --- the stores' mini-program codes ----------------------------------------------------------------

    def unlimited_code(self, scene: str, page: str, *, env_version: str = "release", width: int = 430) -> bytes:
        """wxacode.getUnlimited, called directly (wechatpy 1.8.18 lacks check_path and env_version): the image.
        WeChat answers JSON only for an error; a busy WeChat or a refusal is UpstreamUnavailable (503)."""
        payload = {"scene": scene, "page": page, "check_path": False, "env_version": env_version, "width": width}

        def call() -> dict:
            answer = self._http.post(f"{self.api_root}/wxa/getwxacodeunlimit", params={"access_token": self.access_token},
                                     json=payload, timeout=self.timeout)
            if answer.headers.get("Content-Type", "").startswith("image/"):
                return {"image": answer.content}
            result = answer.json()
            raise WeChatClientException(result.get("errcode"), str(result.get("errmsg", "")))

        try:
            return bytes(self._with_token(call)["image"])
        except WeChatSendError as exc:
            raise UpstreamUnavailable(f"WeChat made no mini-program code ({exc.errcode}: {exc.errmsg})",
                                      field=None) from None
