"""Settings per stage, read once from the environment that .chalice/config.json (or the local run) sets."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    stage: str
    table_prefix: str
    region: str
    dynamodb_endpoint: str | None
    wechat_api_root: str
    jwt_secret_param: str
    token_ttl_seconds: int = 24 * 3600
    miniprogram_state: str = "formal"  # subscribe messages open the released mini-program
    tencent_sms_endpoint: str | None = None  # host[:port]; None is Tencent's own
    tencent_sms_scheme: str = "https"
    public_url: str = "http://127.0.0.1:8000"  # where links in messages to staff point (the staff console)
    wechat_egress_function: str | None = None  # deployed: tokens are fetched by this function (fixed IP)
    # the stage's scale table (infra/scale_settings.py) through the environment the stack sets; the due index's
    # shard count, APPT_DUE_SHARDS, is read where the keys are built (adapters/dynamo/keys.py)
    dispatch_page_items: int | None = None  # items per due-index Query page; None: DynamoDB's 1 MB
    dispatch_budget_s: int = 50  # a booking check's tick stops enqueueing after this, the next continues
    dispatch_lookahead_s: int = 0  # steps due this far ahead are enqueued now, delayed to their moment
    redispatch_after_s: int = 120  # a step still due this long after its moment is enqueued again
    dispatchers: int = 8  # due-index shards one tick reads at once
    senders: int = 8  # messages one send worker sends at once
    check_parallel: int = 8  # items one check worker works at once
    board_socket_url: str | None = None  # wss://<socket API>/<stage>: the lobby board's push (decision 0040); None polls
    wecom_api_root: str = "https://qyapi.weixin.qq.com"  # WeCom's API; the stand-in locally (decision 0037)
    # WeChat Pay's gateway (decision 0062): set in prod-cn (WeChat Pay's own, the only one a deployed stage takes)
    # and locally (the stand-in); unset, the stage takes no payments. Notifications come to <notify base>/wechatpay/…
    wechatpay_gateway: str | None = None
    wechatpay_notify_base: str | None = None

    @property
    def chains_parameter_path(self) -> str:
        """Where each chain's secrets are written (`<path>/<chain id>/...`): the only path the functions may write."""
        return f"/appt/{self.stage}/chains"

    @property
    def is_local(self) -> bool:
        return self.stage == "local"

    def table(self, name: str) -> str:
        return f"{self.table_prefix}-{name}"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        stage = env.get("STAGE", "local")
        return cls(
            stage=stage,
            table_prefix=env.get("TABLE_PREFIX", f"appt-{stage}"),
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "cn-north-1",
            # botocore honours AWS_ENDPOINT_URL_DYNAMODB itself; PynamoDB is told explicitly too
            dynamodb_endpoint=env.get("AWS_ENDPOINT_URL_DYNAMODB") or env.get("AWS_ENDPOINT_URL") or None,
            wechat_api_root=env.get("WECHAT_API_ROOT", "https://api.weixin.qq.com").rstrip("/"),
            jwt_secret_param=env.get("JWT_SECRET_PARAM", f"/appt/{stage}/jwt-secret"),
            token_ttl_seconds=int(env.get("TOKEN_TTL_SECONDS", 24 * 3600)),
            miniprogram_state=env.get("MINIPROGRAM_STATE", "formal"),
            tencent_sms_endpoint=env.get("TENCENT_SMS_ENDPOINT") or None,
            tencent_sms_scheme=env.get("TENCENT_SMS_SCHEME", "https"),
            public_url=env.get("PUBLIC_URL", "http://127.0.0.1:8000"),
            wechat_egress_function=env.get("WECHAT_EGRESS_FUNCTION") or None,
            dispatch_page_items=int(env["APPT_DISPATCH_PAGE_ITEMS"]) if env.get("APPT_DISPATCH_PAGE_ITEMS") else None,
            dispatch_budget_s=int(env.get("APPT_DISPATCH_BUDGET_S", 50)),
            dispatch_lookahead_s=int(env.get("APPT_DISPATCH_LOOKAHEAD_S", 0)),
            redispatch_after_s=int(env.get("APPT_REDISPATCH_AFTER_S", 120)),
            dispatchers=int(env.get("APPT_DISPATCHERS", 8)),
            senders=int(env.get("APPT_SENDERS", 8)),
            check_parallel=int(env.get("APPT_CHECK_PARALLEL", 8)),
            board_socket_url=env.get("BOARD_SOCKET_URL") or None,
            wecom_api_root=env.get("WECOM_API_ROOT", "https://qyapi.weixin.qq.com").rstrip("/"),
            wechatpay_gateway=env.get("WECHATPAY_GATEWAY") or None,
            wechatpay_notify_base=env.get("WECHATPAY_NOTIFY_BASE") or None,
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()
