"""The lobby board's push socket (decision 0040): an API Gateway WebSocket API beside the REST API.

- `$connect` → the Chalice handler `app.board_socket_connect` (chalicelib/api/board_socket.py), a function of
  its own with the API handler's settings and role: it admits a board page's socket ticket and records the
  connection in the board-sockets table.
- `$default` → a MOCK integration: the board's keep-alive pings (under the ten idle minutes) end at API Gateway
  and invoke no Lambda.
- no `$disconnect` route: a closed connection is forgotten on the next post's 410 Gone, or by its TTL.
- every function that commits booking changes (the API handler and the checks' functions) gets
  BOARD_SOCKET_URL, and the role may POST to the API's @connections (execute-api:ManageConnections).

WebSocket APIs are offered in both China regions (the same API Gateway quotas pages exist on
docs.amazonaws.cn); the API is reached at *.execute-api.<region>.amazonaws.com.cn there, and, as every API of
an account without an ICP filing, answers no unauthenticated request until the account's filing is in place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Aws, CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from .chalice_config import API_HANDLER, FunctionSettings
from .functions import ARCHITECTURE, RUNTIME, log_levels, retention
from .scale_settings import SCALE
from .stages import Stage

CONNECT_HANDLER = "app.board_socket_connect"
PING_TEMPLATE = '{"statusCode": 200}'
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "time": "$context.requestTime",
    "route": "$context.routeKey", "status": "$context.status", "connectionId": "$context.connectionId",
    "error": "$context.error.message", "integrationError": "$context.integrationErrorMessage",
}


@dataclass
class BoardSocket:
    api: apigwv2.CfnApi
    stage: apigwv2.CfnStage
    connect: lambda_.Function
    url: str  # wss://<api id>.execute-api.<region>.<url suffix>/<stage>


def _connect_function(scope: Construct, stage: Stage, artifact: Path, api_settings: FunctionSettings,
                      role: iam.IRole, common: dict[str, str]) -> lambda_.Function:
    name = f"{stage.stack_name}-board_socket_connect"
    log_group = logs.LogGroup(scope, "Logs-board_socket_connect", log_group_name=f"/aws/lambda/{name}",
                              retention=retention(stage),
                              removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)
    return lambda_.Function(
        scope, "Fn-board_socket_connect", function_name=name, runtime=RUNTIME, architecture=ARCHITECTURE,
        handler=CONNECT_HANDLER, code=lambda_.Code.from_asset(str(artifact)), role=role, timeout=Duration.seconds(10),
        memory_size=api_settings.memory, environment={**api_settings.environment, **common}, log_group=log_group,
        **log_levels(SCALE[stage.name]))  # type: ignore[arg-type]


def create_board_socket(scope: Construct, stage: Stage, artifact: Path, settings: list[FunctionSettings],
                        role: iam.Role, pushers: list[lambda_.Function], stage_name: str,
                        common: dict[str, str] | None = None) -> BoardSocket:
    """`common`: the environment every app function has (the connect handler loads the same app)."""
    api_settings = next(s for s in settings if s.name == API_HANDLER)
    connect = _connect_function(scope, stage, artifact, api_settings, role, common or {})
    api = apigwv2.CfnApi(scope, "BoardSocketApi", name=f"{stage.stack_name}-board", protocol_type="WEBSOCKET",
                         route_selection_expression="$request.body.action",
                         description="the lobby boards' redraw pushes (decision 0040)")
    connect_uri = (f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}:lambda:path/2015-03-31/functions/"
                   f"{connect.function_arn}/invocations")
    to_connect = apigwv2.CfnIntegration(scope, "BoardSocketConnectIntegration", api_id=api.ref,
                                        integration_type="AWS_PROXY", integration_uri=connect_uri)
    pings = apigwv2.CfnIntegration(scope, "BoardSocketPingIntegration", api_id=api.ref, integration_type="MOCK",
                                   request_templates={"$default": PING_TEMPLATE},
                                   template_selection_expression="\\$default")
    apigwv2.CfnRoute(scope, "BoardSocketConnectRoute", api_id=api.ref, route_key="$connect",
                     authorization_type="NONE", target=f"integrations/{to_connect.ref}")
    apigwv2.CfnRoute(scope, "BoardSocketDefaultRoute", api_id=api.ref, route_key="$default",
                     target=f"integrations/{pings.ref}")
    access_logs = logs.LogGroup(scope, "BoardSocketAccessLogs",
                                log_group_name=f"/aws/apigateway/{stage.stack_name}/board-socket",
                                retention=retention(stage),
                                removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)
    socket_stage = apigwv2.CfnStage(
        scope, "BoardSocketStage", api_id=api.ref, stage_name=stage_name, auto_deploy=True,
        default_route_settings=apigwv2.CfnStage.RouteSettingsProperty(
            throttling_rate_limit=stage.throttle_rate, throttling_burst_limit=stage.throttle_burst),
        access_log_settings=apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn, format=json.dumps(ACCESS_LOG_FIELDS)))
    connect.add_permission("BoardSocketInvoke", principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                           source_arn=f"arn:{Aws.PARTITION}:execute-api:{Aws.REGION}:{Aws.ACCOUNT_ID}:{api.ref}/*/$connect")
    role.add_to_policy(iam.PolicyStatement(
        actions=["execute-api:ManageConnections"],
        resources=[f"arn:{Aws.PARTITION}:execute-api:{Aws.REGION}:{Aws.ACCOUNT_ID}:{api.ref}/{stage_name}/POST/@connections/*"]))
    url = f"wss://{api.ref}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}/{stage_name}"
    for function in pushers:
        function.add_environment("BOARD_SOCKET_URL", url)
    CfnOutput(scope, "BoardSocketUrl", value=url)
    return BoardSocket(api, socket_stage, connect, url)
