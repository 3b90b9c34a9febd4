"""The HTTP API of one stage (decision 0041): an API Gateway HTTP API (regional: the only kind there is) with one
route per Chalice route and method ("GET /staff/stores/{store_id}/board"), all on one Lambda proxy integration
with payload format **1.0**, the one Chalice's handler reads (it routes by `requestContext.resourcePath` and
`httpMethod`, which 2.0 does not carry); the stage's throttles (its default, and each route's from its
audience's row of the scale table), and JSON access logs.

What HTTP API does not offer, and what the client sees instead (decision 0041):
- no Gateway Responses: API Gateway's own refusals answer `{"message": "..."}`, not our error shape. The ones a
  client can meet: **429** `{"message":"Too Many Requests"}` when a route's or the stage's throttle refuses
  (the mini-program maps a bare 429 by its status, miniprogram/src/utils/api.js), 413 over 10 MB (the app
  refuses 64 KB bodies first, in our shape), 500/503/504 when the function fails or times out (a shapeless 5xx
  is mapped by status too). An unknown path still reaches the app through the edge blueprint's catch-all
  routes and answers 404 in our shape. There is no authorizer, so API Gateway itself answers no 401/403: the
  app refuses unauthorized requests in our shape.
- no execution logs: the access log line carries `$context.integrationErrorMessage`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from chalice.app import Chalice
from constructs import Construct

from .functions import retention
from .scale_settings import SCALE
from .stages import Stage

PAYLOAD_FORMAT = "1.0"
# What an operator uses (decision 0080): which request (its id, also the app's lines' correlation id), from where
# (the source address: China's network logs), which route and resource, its status, how long, and why it failed.
# Not written: the time (every log event carries its own), the method (in the route), the user agent (~150 bytes of
# WeChat's), the integration's own latency and status, the response length.
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "route": "$context.routeKey",
    "path": "$context.path", "status": "$context.status", "latencyMs": "$context.responseLatency",
    "error": "$context.error.message", "integrationError": "$context.integrationErrorMessage",
}


@dataclass
class HttpApi:
    api: apigwv2.CfnApi
    stage: apigwv2.CfnStage
    url: str  # https://<api id>.execute-api.<region>.<url suffix>/<stage>/

    @property
    def api_id(self) -> str:
        return self.api.ref

    @property
    def stage_name(self) -> str:
        return self.stage.stage_name


def route_keys(chalice_app: Chalice) -> list[str]:
    """One HTTP API route key per Chalice route and method, "METHOD /path" (the root is "METHOD /")."""
    return [f"{method} {path}" for path, methods in sorted(chalice_app.routes.items()) for method in sorted(methods)]


def route_throttles(stage: Stage, chalice_app: Chalice) -> dict[str, dict[str, float | int]]:
    """Each route's throttle from its audience's row in the stage's scale table (a lobby board's fetches do not
    spend the customers' allowance); a route whose audience has no row keeps the stage's default."""
    from chalicelib.api.audience import ROUTES

    throttles = SCALE[stage.name].api
    settings: dict[str, dict[str, float | int]] = {}
    for key in route_keys(chalice_app):
        method, path = key.split(" ", 1)
        spec = ROUTES.get((method, path))
        throttle = throttles.get(spec.audience.value) if spec else None
        if throttle is not None:
            settings[key] = {"ThrottlingRateLimit": throttle.rate, "ThrottlingBurstLimit": throttle.burst}
    return settings


def create_api(scope: Construct, stage: Stage, chalice_app: Chalice, handler: lambda_.Function,
               stage_name: str, endpoint: str) -> HttpApi:
    if endpoint != "REGIONAL":
        raise ValueError(f"{stage.name}: the API must be REGIONAL (.chalice/config.json says {endpoint})")
    access_logs = logs.LogGroup(scope, "ApiAccessLogs", log_group_name=f"/aws/apigateway/{stage.stack_name}/access",
                                retention=retention(stage),
                                removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)
    api = apigwv2.CfnApi(scope, "Api", name=stage.stack_name, protocol_type="HTTP",
                         description=f"appt {stage.name}: the app's routes (decision 0041)")
    integration = apigwv2.CfnIntegration(
        scope, "ApiIntegration", api_id=api.ref, integration_type="AWS_PROXY",
        integration_uri=handler.function_arn, payload_format_version=PAYLOAD_FORMAT)
    # each route's logical id from its key, so it stays the same as routes are added
    routes = [apigwv2.CfnRoute(scope, f"ApiRoute {key.replace('/', '|')}", api_id=api.ref, route_key=key,
                               authorization_type="NONE", target=f"integrations/{integration.ref}")
              for key in route_keys(chalice_app)]
    api_stage = apigwv2.CfnStage(
        scope, "ApiStage", api_id=api.ref, stage_name=stage_name, auto_deploy=True,
        default_route_settings=apigwv2.CfnStage.RouteSettingsProperty(
            throttling_rate_limit=stage.throttle_rate, throttling_burst_limit=stage.throttle_burst,
            detailed_metrics_enabled=False),
        route_settings=route_throttles(stage, chalice_app),
        access_log_settings=apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn, format=json.dumps(ACCESS_LOG_FIELDS)))
    for route in routes:  # a route's settings name its key: the route must exist first
        api_stage.add_dependency(route)
    # one invoke permission for the whole API (its own execute-api ARN), not one per route: a permission per
    # route would put the stack over CloudFormation's 500 resources as routes are added
    handler.add_permission("ApiInvoke", principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                           source_arn=f"arn:{Aws.PARTITION}:execute-api:{Aws.REGION}:{Aws.ACCOUNT_ID}:{api.ref}/*")
    url = f"https://{api.ref}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}/{stage_name}/"
    return HttpApi(api, api_stage, url)
