"""The deployed stages. Each is one CloudFormation stack, `appt-<name>`, in one region; the partition (aws or
aws-cn) follows from the region, and nothing in the app names a partition (every ARN is built from
${AWS::Partition}). Per-function timeouts, memory and environment come from .chalice/config.json, read with
Chalice's own precedence rules (infra/chalice_config.py)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    name: str  # also the Chalice stage in .chalice/config.json
    region: str
    production: bool  # RETAIN + deletion protection on tables, longer logs, stricter throttling
    sms_via_sns: bool  # SNS sends SMS in the global partition only; China stages use Tencent Cloud SMS
    throttle_rate: int  # requests per second, whole stage (API Gateway)
    throttle_burst: int
    log_retention_days: int
    # Reserved concurrency 1 for the checks, from .chalice/config.json. Off by default: a new account's
    # concurrency quota (often 10) leaves nothing to reserve, and every check is safe to run twice.
    reserve_check_concurrency: bool = False

    @property
    def stack_name(self) -> str:
        return f"appt-{self.name}"

    @property
    def table_prefix(self) -> str:
        return f"appt-{self.name}"

    @property
    def parameter_path(self) -> str:
        """Every secret and parameter of the stage lives under this SSM path, and only it is readable."""
        return f"/appt/{self.name}"

    @property
    def china(self) -> bool:
        return self.region.startswith("cn-")


STAGES: tuple[Stage, ...] = (
    Stage("dev", "ap-southeast-1", production=False, sms_via_sns=True, throttle_rate=20, throttle_burst=40,
          log_retention_days=14),
    # chains outside the mainland: the global partition
    Stage("prod", "ap-southeast-1", production=True, sms_via_sns=True, throttle_rate=200, throttle_burst=400,
          log_retention_days=90),
    # mainland chains: their customers' data stays in China (PIPL); Ningxia, in the aws-cn partition
    Stage("prod-cn", "cn-northwest-1", production=True, sms_via_sns=False, throttle_rate=200, throttle_burst=400,
          log_retention_days=365),  # network logs: at least six months by law (网络安全法 §21), a year kept
)

BY_NAME = {stage.name: stage for stage in STAGES}
