"""WeChat through wechatpy, with the API root configurable so the local stand-in serves the same code path."""
from __future__ import annotations

from dataclasses import dataclass

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from ..domain.errors import UpstreamUnavailable, ValidationError

# errcodes of jscode2session: 40029 invalid code, 40163 code already used, 45011 too frequent, -1 busy
_BAD_CODE = {40029, 40163, 40226}
_RETRY_LATER = {45011, -1}


@dataclass(frozen=True)
class WeChatSession:
    openid: str
    unionid: str | None


class ChainWeChatClient(WeChatClient):
    """One chain's app. `api_root` is https://api.weixin.qq.com in production, the stand-in locally."""

    def __init__(self, appid: str, secret: str, api_root: str, **kwargs) -> None:
        super().__init__(appid, secret, **kwargs)
        self.api_root = api_root.rstrip("/")
        self.API_BASE_URL = f"{self.api_root}/cgi-bin/"
        self.wxa.API_BASE_URL = f"{self.api_root}/"

    def code_to_session(self, js_code: str) -> WeChatSession:
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
        return WeChatSession(openid=result["openid"], unionid=result.get("unionid"))
