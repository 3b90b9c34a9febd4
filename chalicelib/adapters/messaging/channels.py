"""The message channels of each chain, built from its configuration and secrets (SSM), once per container."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...config import Settings
from ...domain.messaging.ports import SmsSender
from ...domain.ports import Clock, Secrets
from ...domain.tenancy import wecom_setup
from ...domain.tenancy.chain import Chain
from ...domain.tenancy.wechat_setup import chain_secret
from .sms import SnsSms, TencentSms

if TYPE_CHECKING:  # wechatpy costs ~0.2 s to import (with its crypto): loaded on the first WeChat send only
    from .tokens import DynamoTokenStorage
    from .wechat import ChainWeChatClient
    from .wecom import ChainWeComClient


class ChainChannels:
    def __init__(self, config: Settings, secrets: Secrets, clock: Clock, sns_client: Callable[[], Any]) -> None:
        self._config, self._secrets, self._sns_client, self._clock = config, secrets, sns_client, clock
        self._tokens: DynamoTokenStorage | None = None
        self._clients: dict[tuple[str, str], ChainWeChatClient] = {}
        self._wecom: dict[tuple[str, str, str], ChainWeComClient] = {}

    def _client(self, chain: Chain, appid: str, secret_ref: str, setting: str) -> ChainWeChatClient:
        key = (appid, secret_ref)
        if key not in self._clients:
            from .tokens import DynamoTokenStorage
            from .wechat import ChainWeChatClient

            if self._tokens is None:
                self._tokens = DynamoTokenStorage(self._clock)
            self._clients[key] = ChainWeChatClient(
                appid, chain_secret(self._secrets, chain, secret_ref, setting), self._config.wechat_api_root,
                session=self._tokens, timeout=5, fetch_token=self._egress(appid, secret_ref)
            )
        return self._clients[key]

    def _egress(self, appid: str, secret_ref: str) -> Callable[[bool], dict] | None:
        """Deployed, tokens come from the egress function (its fixed IP is on the apps' whitelists)."""
        if not self._config.wechat_egress_function:
            return None
        from .egress import EgressTokens

        return EgressTokens(self._lambda_client, self._config.wechat_egress_function).fetcher(appid, secret_ref)

    def _lambda_client(self) -> Any:
        import boto3

        return boto3.client("lambda", region_name=self._config.region)

    def mini_program(self, chain: Chain) -> ChainWeChatClient:
        return self._client(chain, chain.mp_appid, chain.mp_secret_ref, "mp_secret")

    def official_account(self, chain: Chain) -> ChainWeChatClient | None:
        if not chain.oa_appid or not chain.oa_secret_ref:
            return None
        return self._client(chain, chain.oa_appid, chain.oa_secret_ref, "oa_secret")

    def wecom(self, chain: Chain) -> ChainWeComClient | None:
        """The chain's WeCom app (decision 0037), or None when it has none; its token in the shared store."""
        if not wecom_setup.configured(chain):
            return None
        ref = chain.wecom["secret_ref"]
        key = (chain.wecom["corp_id"], chain.wecom["agent_id"], ref)
        if key not in self._wecom:
            from .wecom import ChainWeComClient

            egress = None
            if self._config.wechat_egress_function:
                from .egress import EgressTokens

                egress = EgressTokens(self._lambda_client, self._config.wechat_egress_function).call
            self._wecom[key] = ChainWeComClient(
                chain.wecom["corp_id"], chain_secret(self._secrets, chain, ref, "wecom_secret"), chain.wecom["agent_id"],
                self._config.wecom_api_root, session=self._token_store(), secret_ref=ref, egress=egress)
        return self._wecom[key]

    def _token_store(self) -> DynamoTokenStorage:
        if self._tokens is None:
            from .tokens import DynamoTokenStorage

            self._tokens = DynamoTokenStorage(self._clock)
        return self._tokens

    def sms_reply_secret(self, chain: Chain) -> str | None:
        ref = chain.sms.get("reply_secret_ref")
        return self._secrets.get(ref) if ref else None

    def sms(self, chain: Chain) -> SmsSender | None:
        provider = chain.sms.get("provider")
        if provider == "tencent":
            return TencentSms(
                secret_id=self._secrets.get(chain.sms["secret_id_ref"]),
                secret_key=self._secrets.get(chain.sms["secret_key_ref"]),
                sdk_app_id=chain.sms["sdk_app_id"],
                sign_name=chain.sms["sign"],
                region=chain.sms.get("region", "ap-guangzhou"),
                endpoint=self._config.tencent_sms_endpoint,
                scheme=self._config.tencent_sms_scheme,
                country_code=chain.sms.get("country_code", "86"),
            )
        if provider == "sns":
            return SnsSms(self._sns_client(), country_code=chain.sms.get("country_code", "86"))
        return None
