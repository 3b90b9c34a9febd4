"""The REST API of one stage: a REGIONAL endpoint (the China regions offer no EDGE), one resource and method
per Chalice route (Lambda proxy to the API handler, which routes by the resource path), stage throttling,
JSON access logs, execution logs on errors, and API Gateway's own responses (no route, 413, 429, 504...)
in our error shape {"error": {"code", "message", "field"}}."""
from __future__ import annotations

import json

from aws_cdk import RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from chalice.app import Chalice
from constructs import Construct

from .functions import retention
from .scale_settings import SCALE
from .stages import Stage

# API Gateway's own refusals, as our error codes (chalicelib/api/errors.py gives the app's own)
GATEWAY_ERRORS: dict[str, tuple[apigw.ResponseType, str, str]] = {
    "MissingRoute": (apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, "404", "not_found"),
    "ResourceNotFound": (apigw.ResponseType.RESOURCE_NOT_FOUND, "404", "not_found"),
    "TooLarge": (apigw.ResponseType.REQUEST_TOO_LARGE, "413", "too_large"),
    "Throttled": (apigw.ResponseType.THROTTLED, "429", "too_many_requests"),
    "QuotaExceeded": (apigw.ResponseType.QUOTA_EXCEEDED, "429", "too_many_requests"),
    "Timeout": (apigw.ResponseType.INTEGRATION_TIMEOUT, "504", "timeout"),
    "IntegrationFailure": (apigw.ResponseType.INTEGRATION_FAILURE, "502", "unavailable"),
    "Default4xx": (apigw.ResponseType.DEFAULT_4_XX, "", "bad_request"),
    "Default5xx": (apigw.ResponseType.DEFAULT_5_XX, "", "unavailable"),
}
ACCESS_LOG_FIELDS = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "time": "$context.requestTime",
    "method": "$context.httpMethod", "resource": "$context.resourcePath", "status": "$context.status",
    "latencyMs": "$context.responseLatency", "integrationMs": "$context.integration.latency",
    "bytes": "$context.responseLength", "error": "$context.error.message", "userAgent": "$context.identity.userAgent",
}


def error_body(code: str) -> str:
    """A mapping template: $context.error.messageString is already a quoted JSON string."""
    return '{"error": {"code": "' + code + '", "message": $context.error.messageString, "field": null}}'


def method_throttles(stage: Stage, chalice_app: Chalice) -> dict[str, apigw.MethodDeploymentOptions]:
    """Each route's method throttle from its audience's row in the stage's scale table (a lobby board's reloads
    do not spend the customers' allowance); a route whose audience has no row keeps the stage's default."""
    from chalicelib.api.audience import ROUTES

    throttles = SCALE[stage.name].api
    options = {}
    for path, methods in sorted(chalice_app.routes.items()):
        for method in sorted(methods):
            spec = ROUTES.get((method, path))
            throttle = throttles.get(spec.audience.value) if spec else None
            if throttle is not None:
                options[f"{path.rstrip('/')}/{method}"] = apigw.MethodDeploymentOptions(
                    throttling_rate_limit=throttle.rate, throttling_burst_limit=throttle.burst)
    return options


def create_api(scope: Construct, stage: Stage, chalice_app: Chalice, handler: lambda_.Function,
               stage_name: str, endpoint: str) -> apigw.RestApi:
    if endpoint != "REGIONAL":
        raise ValueError(f"{stage.name}: the API must be REGIONAL (.chalice/config.json says {endpoint})")
    access_logs = logs.LogGroup(scope, "ApiAccessLogs", log_group_name=f"/aws/apigateway/{stage.stack_name}/access",
                                retention=retention(stage),
                                removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)
    api = apigw.RestApi(
        scope, "Api", rest_api_name=stage.stack_name,
        endpoint_types=[apigw.EndpointType.REGIONAL],
        binary_media_types=list(chalice_app.api.binary_types),
        cloud_watch_role=True, cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
        deploy_options=apigw.StageOptions(
            stage_name=stage_name,
            throttling_rate_limit=stage.throttle_rate, throttling_burst_limit=stage.throttle_burst,
            access_log_destination=apigw.LogGroupLogDestination(access_logs),
            access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG_FIELDS)),
            logging_level=apigw.MethodLoggingLevel.ERROR, data_trace_enabled=False, metrics_enabled=True,
            method_options=method_throttles(stage, chalice_app),
        ),
    )
    # execution logs go to a group API Gateway names itself: created here so that it has a retention too
    logs.LogGroup(scope, "ApiExecutionLogs",
                  log_group_name=f"API-Gateway-Execution-Logs_{api.rest_api_id}/{stage_name}",
                  retention=retention(stage), removal_policy=RemovalPolicy.DESTROY)
    # one invoke permission for the whole API (its own execute-api ARN), not one per method: a permission per
    # method would put the stack over CloudFormation's 500 resources as routes are added
    integration = apigw.LambdaIntegration(handler, proxy=True, scope_permission_to_method=False)
    for path, methods in sorted(chalice_app.routes.items()):
        resource = api.root.resource_for_path(path) if path != "/" else api.root
        for method in sorted(methods):
            resource.add_method(method, integration)
    for construct_id, (response_type, status, code) in GATEWAY_ERRORS.items():
        api.add_gateway_response(
            f"Gateway{construct_id}", type=response_type, status_code=status or None,
            response_headers={"Content-Type": "'application/json'"},
            templates={"application/json": error_body(code)})
    return api
