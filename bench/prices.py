"""Unit prices the cost models price a month with, per region the stages deploy to (infra/stages.py): prod and
dev in Singapore (ap-southeast-1, USD), prod-cn in Ningxia (cn-northwest-1, CNY, operated by NWCD, China list
prices). On-demand list prices, no free tiers, no taxes; SMS is not in the model (printed per message).

Every price says where it comes from: a published page (its address, read on AS_OF through the stored-pages
search, this machine has no other network access) or "assumed: <why>". Assumed prices are the ones to check
first before quoting a figure: `python -m bench.cost_model --sources` lists them.
"""
from __future__ import annotations

from dataclasses import dataclass

AS_OF = "2026-12-07"

DDB_CN = "https://www.amazonaws.cn/en/dynamodb/pricing/"
LAMBDA_PAGE = "https://aws.amazon.com/cn/lambda/pricing/"
LAMBDA_REGIONS = "https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js"
APIGW_US = "https://www.learnaws.org/2021/01/10/api-gateway-pricing/"
APIGW_TABLE = "https://www.explinks.com/blog/amazon-api-gateway-pricing"
REMEMBERED = "assumed: the provider's list price as remembered; its page is not in the stored corpus"
# The one China list price found (DynamoDB on-demand writes, ¥11.1538 per million) is 8.92x the USD list price
# of the same page generation ($1.25, before the November 2024 on-demand cut); China prices not found are that
# factor times the global figure, and say so.
CN_FACTOR = 11.1538 / 1.25
IA_RATIO = ("assumed: the standard price x 0.4 for storage and x 1.25 for requests, Standard-IA's ratios in "
            "us-east-1 ($0.10 against $0.25 a GB-month) as remembered")
SCALED = f"assumed: not found in the stored corpus; {CN_FACTOR:.2f} x the global list price (the DynamoDB write ratio)"


@dataclass(frozen=True)
class Price:
    value: float
    unit: str
    source: str  # an address, or "assumed: <why>"

    @property
    def assumed(self) -> bool:
        return self.source.startswith("assumed")


def _cn(usd: float, unit: str) -> Price:
    return Price(round(usd * CN_FACTOR, 6), unit, SCALED)


SINGAPORE: dict[str, Price] = {
    "dynamodb_write_per_million": Price(0.7116, "write request units", REMEMBERED + " (after the Nov 2024 cut)"),
    "dynamodb_read_per_million": Price(0.1425, "read request units", REMEMBERED + " (after the Nov 2024 cut)"),
    "dynamodb_provisioned_wcu_hour": Price(0.00074, "provisioned WCU-hour", REMEMBERED),
    "dynamodb_provisioned_rcu_hour": Price(0.000148, "provisioned RCU-hour", REMEMBERED),
    "dynamodb_storage_gb_month": Price(0.285, "GB-month", REMEMBERED),
    "dynamodb_pitr_gb_month": Price(0.228, "GB-month of table size", REMEMBERED),
    "dynamodb_storage_ia_gb_month": Price(0.114, "GB-month, Standard-IA table class", IA_RATIO),
    "dynamodb_ia_write_per_million": Price(0.8895, "write request units, Standard-IA table class", IA_RATIO),
    "lambda_request_per_million": Price(0.20, "invocations", LAMBDA_PAGE),
    "lambda_gb_second": Price(0.0000166667, "GB-second, x86 (INIT billed)", LAMBDA_REGIONS + " (Singapore at the base rate)"),
    "lambda_gb_second_arm": Price(0.0000133334, "GB-second, arm64 (INIT too)", LAMBDA_REGIONS + " (Singapore at the base rate)"),
    "rest_api_per_million": Price(3.50, "REST API calls", APIGW_TABLE + "; assumed equal in Singapore (us-east-1 figure)"),
    "http_api_per_million": Price(1.00, "HTTP API calls (first 300 M)", APIGW_US + "; assumed equal in Singapore"),
    "websocket_message_per_million": Price(1.00, "WebSocket messages (32 KB each)", REMEMBERED),
    "websocket_minute_per_million": Price(0.25, "WebSocket connection minutes", APIGW_TABLE + "; assumed equal in Singapore"),
    "sqs_request_per_million": Price(0.40, "standard queue requests (64 KB)", REMEMBERED),
    "sqs_fifo_request_per_million": Price(0.50, "FIFO queue requests (64 KB)", REMEMBERED),
    "logs_ingest_gb": Price(0.70, "GB ingested", REMEMBERED),
    "logs_storage_gb_month": Price(0.03, "GB-month archived", REMEMBERED),
    "metric_month": Price(0.30, "custom metric", REMEMBERED),
    "alarm_month": Price(0.10, "standard alarm", REMEMBERED),
    "nat_gateway_hour": Price(0.059, "NAT gateway-hour", REMEMBERED),
    "nat_gateway_gb": Price(0.059, "GB processed", REMEMBERED),
    "public_ipv4_hour": Price(0.005, "Elastic IP-hour", REMEMBERED),
    "sms_message": Price(0.025, "SMS to a mainland number via SNS", "assumed: SNS to China varies by carrier; a round figure"),
}

NINGXIA: dict[str, Price] = {
    "dynamodb_write_per_million": Price(11.1538, "write request units", DDB_CN),
    "dynamodb_read_per_million": Price(2.2308, "read request units",
                                       "assumed: one fifth of the write price, as on every DynamoDB price page; "
                                       "the read line is cut off in the stored copy of " + DDB_CN),
    "dynamodb_provisioned_wcu_hour": Price(0.0058, "provisioned WCU-hour (¥0.058 per 10)", DDB_CN),
    "dynamodb_provisioned_rcu_hour": Price(0.00116, "provisioned RCU-hour (¥0.058 per 50)", DDB_CN),
    "dynamodb_storage_gb_month": _cn(0.25, "GB-month"),
    "dynamodb_pitr_gb_month": _cn(0.20, "GB-month of table size"),
    "dynamodb_storage_ia_gb_month": _cn(0.10, "GB-month, Standard-IA table class"),
    "dynamodb_ia_write_per_million": Price(13.9423, "write request units, Standard-IA table class",
                                           "assumed: 1.25 x the page's standard write price, the global ratio; " + DDB_CN),
    "lambda_request_per_million": Price(1.36, "invocations", REMEMBERED),
    "lambda_gb_second": Price(0.000113477, "GB-second, x86 (INIT billed)", REMEMBERED),
    "lambda_gb_second_arm": Price(0.0000907816, "GB-second, arm64 (INIT too)", REMEMBERED + " (0.8 x x86, as everywhere)"),
    "rest_api_per_million": _cn(3.50, "REST API calls"),
    "http_api_per_million": _cn(1.00, "HTTP API calls"),
    "websocket_message_per_million": _cn(1.00, "WebSocket messages (32 KB each)"),
    "websocket_minute_per_million": _cn(0.25, "WebSocket connection minutes"),
    "sqs_request_per_million": Price(3.33, "standard queue requests (64 KB)", REMEMBERED),
    "sqs_fifo_request_per_million": _cn(0.50, "FIFO queue requests (64 KB)"),
    "logs_ingest_gb": _cn(0.50, "GB ingested"),
    "logs_storage_gb_month": _cn(0.03, "GB-month archived"),
    "metric_month": _cn(0.30, "custom metric"),
    "alarm_month": _cn(0.10, "standard alarm"),
    "nat_gateway_hour": _cn(0.045, "NAT gateway-hour"),
    "nat_gateway_gb": _cn(0.045, "GB processed"),
    "public_ipv4_hour": _cn(0.005, "Elastic IP-hour"),
    "sms_message": Price(0.045, "Tencent Cloud SMS, mainland", "assumed: Tencent Cloud's domestic list price as remembered"),
}

REGIONS: dict[str, tuple[str, dict[str, Price]]] = {
    "ap-southeast-1": ("USD", SINGAPORE),
    "cn-northwest-1": ("CNY", NINGXIA),
}
STAGE_REGION = {"dev": "ap-southeast-1", "prod": "ap-southeast-1", "prod-cn": "cn-northwest-1"}


# Each Lambda architecture's GB-second price (INIT included, billed alike); the invocations' price is the same.
GB_SECOND = {"x86_64": "lambda_gb_second", "arm64": "lambda_gb_second_arm"}


def billed_as(prices: dict[str, Price], architecture: str) -> dict[str, Price]:
    """The price list as functions on `architecture` are billed: every GB-second (the models' "lambda_gb_second",
    INIT included) at that architecture's price."""
    return {**prices, "lambda_gb_second": prices[GB_SECOND[architecture]]}


def flat(prices: dict[str, Price], currency: str) -> dict[str, float | str]:
    return {"currency": currency, **{name: p.value for name, p in prices.items()}}


# The scale model's two price lists (bench/scale_model.py): "global" is Singapore, "china" is Ningxia.
PRICES: dict[str, dict[str, float | str]] = {
    "global": flat(SINGAPORE, "USD"),
    "china": flat(NINGXIA, "CNY"),
}
