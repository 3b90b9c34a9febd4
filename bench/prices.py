"""Unit prices the scale model prices a month with: on-demand list prices, no free tiers, SMS excluded (priced
per message by the SMS provider, and the same for any design). Written down on the date below from the
providers' published list prices as remembered, not re-checked against the price pages (no network access
when this was written): the USD figures are the well-known ones, the CNY figures approximate; verify both
before quoting a figure from the model.

"global": USD, us-east-1 (N. Virginia). "china": CNY, cn-north-1 (Beijing, operated by Sinnet).
"""
from __future__ import annotations

AS_OF = "2026-11-30"

PRICES: dict[str, dict[str, float | str]] = {
    "global": {
        "currency": "USD",
        "dynamodb_write_per_million": 0.625,  # on-demand write request units
        "dynamodb_read_per_million": 0.125,  # on-demand read request units
        "dynamodb_storage_gb_month": 0.25,
        "lambda_request_per_million": 0.20,
        "lambda_gb_second": 0.0000166667,  # x86
        "sqs_request_per_million": 0.40,  # standard queue, per 64 KB chunk
        "eventbridge_scheduled_per_million": 1.00,  # EventBridge Scheduler invocations (rules on a schedule: 0)
        "logs_ingest_gb": 0.50,
        "metric_month": 0.30,  # custom metric
        "nat_gateway_hour": 0.045,  # the egress function's NAT gateways (infra/egress.py), one per zone
        "public_ipv4_hour": 0.005,  # each NAT gateway's Elastic IP
    },
    "china": {
        "currency": "CNY",
        "dynamodb_write_per_million": 4.65,
        "dynamodb_read_per_million": 0.93,
        "dynamodb_storage_gb_month": 1.86,
        "lambda_request_per_million": 1.36,
        "lambda_gb_second": 0.000113477,
        "sqs_request_per_million": 3.33,
        "eventbridge_scheduled_per_million": 6.76,
        "logs_ingest_gb": 4.00,
        "metric_month": 2.03,
        "nat_gateway_hour": 0.41,  # approximate
        "public_ipv4_hour": 0.0,  # an attached Elastic IP: approximate, verify
    },
}
