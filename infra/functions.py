"""The Lambda functions of one stage, all from the one artifact `make package` built (dist/appt.zip): the API
handler and one function per scheduled check, each with its own log group (retention set), the timeout
and memory .chalice/config.json gives it, an EventBridge rule at the cadence chalicelib/jobs.py declares,
and a failure destination (SQS dead-letter queue) for invocations that fail after Lambda's retries.

One IAM role per stage, scoped to the stage's own tables and indexes (listed, no wildcard), its SSM
parameter path, its queues and, in the global partition only, SMS through SNS."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_lambda_event_sources as event_sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from chalicelib.observability import NAMESPACE

from .chalice_config import API_HANDLER, FunctionSettings
from .egress import chains_path, create_egress
from .lambda_platform import FUNCTIONS, PYTHON_VERSION
from .queues import QUEUES
from .scale_settings import SCALE, ScaleSettings
from .stages import Stage
from .tables import table_specs

# Every data action the code performs; nothing else (no Scan, no ConditionCheckItem).
DYNAMODB_ACTIONS = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                    "dynamodb:Query")
# The Python infra/lambda_platform.py names, which also compiles the package's bytecode (decision 0088)
RUNTIME = {"3.11": lambda_.Runtime.PYTHON_3_11, "3.13": lambda_.Runtime.PYTHON_3_13}[PYTHON_VERSION]
# Graviton for every function of every stage (decision 0085), named once in infra/lambda_platform.py, which
# also names the wheels `make package` fetches: the artifact and the functions' machine cannot disagree
ARCHITECTURE = {"arm64": lambda_.Architecture.ARM_64, "x86_64": lambda_.Architecture.X86_64}[FUNCTIONS.architecture]


@dataclass
class Functions:
    role: iam.Role
    api_handler: lambda_.Function
    scheduled: dict[str, lambda_.Function]  # every function but the API handler: checks and queue workers
    dlq: sqs.Queue
    queues: dict[str, sqs.Queue]
    queue_dlqs: dict[str, sqs.Queue]
    egress: lambda_.Function | None = None  # the one function in a VPC, with a fixed outbound IP (infra/egress.py)
    environment: dict[str, str] | None = None  # what every app function is given (scale, queues, the egress)


def secure_queue(scope: Construct, construct_id: str, name: str, **props: object) -> sqs.Queue:
    return sqs.Queue(scope, construct_id, queue_name=name, encryption=sqs.QueueEncryption.SQS_MANAGED,
                     enforce_ssl=True, **props)  # type: ignore[arg-type]


def _role(scope: Construct, stage: Stage, tables: dict[str, dynamodb.Table], queues: list[sqs.Queue]) -> iam.Role:
    stack = Stack.of(scope)
    role = iam.Role(scope, "FunctionRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                    description=f"appt {stage.name}: its own tables, parameters and queues only")
    resources = []
    for table_spec in table_specs():
        table = tables[table_spec.name]
        resources.append(table.table_arn)
        resources += [f"{table.table_arn}/index/{index.name}" for index in table_spec.indexes]
    role.add_to_policy(iam.PolicyStatement(actions=list(DYNAMODB_ACTIONS), resources=resources))
    role.add_to_policy(iam.PolicyStatement(
        actions=["ssm:GetParameter"],
        resources=[stack.format_arn(service="ssm", resource="parameter",
                                    resource_name=f"{stage.parameter_path.lstrip('/')}/*")]))
    role.add_to_policy(iam.PolicyStatement(  # a chain's WeChat secrets, set through the API; never the signing keys
        actions=["ssm:PutParameter"],
        resources=[stack.format_arn(service="ssm", resource="parameter",
                                    resource_name=f"{chains_path(stage).lstrip('/')}/*")]))
    if queues:
        role.add_to_policy(iam.PolicyStatement(
            actions=["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl",
                     "sqs:ChangeMessageVisibility"],
            resources=[q.queue_arn for q in queues]))
    if stage.sms_via_sns:
        # SMS to a phone number has no topic ARN to scope to; China stages get no sns:Publish at all
        role.add_to_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=["*"], conditions={
            "StringEquals": {"aws:RequestedRegion": stack.region}}))
    return role


def _log_group(scope: Construct, stage: Stage, function_name: str) -> logs.LogGroup:
    return logs.LogGroup(scope, f"Logs-{function_name}", log_group_name=f"/aws/lambda/{function_name}",
                         retention=logs.RetentionDays(_retention(stage.log_retention_days)),
                         removal_policy=RemovalPolicy.RETAIN if stage.production else RemovalPolicy.DESTROY)


def _retention(days: int) -> str:
    return {14: "TWO_WEEKS", 90: "THREE_MONTHS", 180: "SIX_MONTHS", 365: "ONE_YEAR"}[days]


def retention(stage: Stage) -> logs.RetentionDays:
    return getattr(logs.RetentionDays, _retention(stage.log_retention_days))  # type: ignore[no-any-return]


def log_levels(scale: ScaleSettings) -> dict[str, object]:
    """Decision 0080: JSON logs, no START/END/REPORT lines (system level WARN), the app's level from the settings."""
    return {"logging_format": lambda_.LoggingFormat.JSON, "system_log_level_v2": lambda_.SystemLogLevel.WARN,
            "application_log_level_v2": lambda_.ApplicationLogLevel[scale.app_log_level]}


def _consume(function: lambda_.Function, fn: FunctionSettings, queues: dict[str, sqs.Queue], scale: ScaleSettings) -> None:
    """A Chalice @app.on_sqs_message(queue=...) handler consumes the stage's queue of that QueueSpec: the app
    names its queue "<table prefix of the environment it was loaded in>-<name>", so the name is matched."""
    consumed = (fn.queue or "").removesuffix(".fifo")
    spec = next((q for q in QUEUES if fn.queue and (consumed == q.name or consumed.endswith(f"-{q.name}"))), None)
    if spec is None:
        raise ValueError(f"{fn.name} consumes {fn.queue!r}, which infra/queues.py QUEUES does not list")
    if spec.visibility_timeout_s < fn.timeout:
        raise ValueError(f"queue {spec.name}: visibility timeout {spec.visibility_timeout_s} s < {fn.name}'s timeout")
    worker = scale.worker(spec.name)  # the stage's scale table, not the Chalice decorator's local batch size
    function.add_event_source(event_sources.SqsEventSource(
        queues[spec.name], batch_size=worker.batch_size if worker else fn.batch_size,
        max_concurrency=worker.maximum_concurrency if worker else None, report_batch_item_failures=True))


def _reserved(fn: FunctionSettings, stage: Stage, scale: ScaleSettings) -> int | None:
    """A worker's reserved concurrency from the scale table (at least its event source's maximum); a check's
    from .chalice/config.json when the stage reserves it."""
    if fn.queue:
        consumed = fn.queue.removesuffix(".fifo")
        workers = [scale.worker(q.name) for q in QUEUES if consumed == q.name or consumed.endswith(f"-{q.name}")]
        return workers[0].reserved_concurrency if workers and workers[0] else None
    return fn.reserved_concurrency if fn.schedule is not None and stage.reserve_check_concurrency else None


def _throughput(fifo: bool, scale: ScaleSettings) -> dict[str, object]:
    """High-throughput FIFO: throughput and deduplication per message group (the send queue's groups are each
    chain's), so the queue is not held to 300 calls a second."""
    if not (fifo and scale.send_high_throughput):
        return {}
    return {"fifo_throughput_limit": sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
            "deduplication_scope": sqs.DeduplicationScope.MESSAGE_GROUP}


def create_functions(scope: Construct, stage: Stage, artifact: Path, settings: list[FunctionSettings],
                     tables: dict[str, dynamodb.Table]) -> Functions:
    code = lambda_.Code.from_asset(str(artifact))  # the one build: the same zip for every function
    dlq = secure_queue(scope, "SchedulesDlq", f"{stage.stack_name}-schedules-dlq",
                       retention_period=Duration.days(14))
    scale = SCALE[stage.name]
    queues, queue_dlqs = {}, {}
    for spec in QUEUES:
        fifo: dict[str, object] = {"fifo": True} if spec.fifo else {}
        queue_dlqs[spec.name] = secure_queue(scope, f"QueueDlq-{spec.name}", spec.dead_letters(stage.stack_name),
                                             retention_period=Duration.days(14), **fifo)
        queues[spec.name] = secure_queue(
            scope, f"Queue-{spec.name}", spec.physical(stage.stack_name), **fifo, **_throughput(spec.fifo, scale),
            visibility_timeout=Duration.seconds(spec.visibility_timeout_s),
            dead_letter_queue=sqs.DeadLetterQueue(queue=queue_dlqs[spec.name], max_receive_count=spec.max_receives))
    role = _role(scope, stage, tables, [*queues.values(), *queue_dlqs.values()])
    egress = create_egress(scope, stage, code, RUNTIME, _log_group(scope, stage, f"{stage.stack_name}-wechat-egress"),
                           retention(stage), ARCHITECTURE)
    role.add_to_policy(iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[egress.function.function_arn]))
    common_env = {
        "POWERTOOLS_METRICS_NAMESPACE": NAMESPACE,
        "SMS_VIA_SNS": "1" if stage.sms_via_sns else "0",
        "WECHAT_EGRESS_FUNCTION": egress.function.function_name,
        **{f"QUEUE_URL_{name.upper().replace('-', '_')}": q.queue_url for name, q in queues.items()},
        **scale.environment(),  # shards, dispatch and worker settings: the app reads its scale from here only
    }
    built: dict[str, lambda_.Function] = {}
    for fn in settings:
        function_name = f"{stage.stack_name}-{fn.name}"
        scheduled = fn.schedule is not None
        built[fn.name] = lambda_.Function(
            scope, f"Fn-{fn.name}", function_name=function_name, runtime=RUNTIME, architecture=ARCHITECTURE,
            handler=fn.handler, code=code, role=role, timeout=Duration.seconds(fn.timeout), memory_size=fn.memory,
            environment={**fn.environment, **common_env},
            log_group=_log_group(scope, stage, function_name),
            **log_levels(scale),  # type: ignore[arg-type]
            reserved_concurrent_executions=_reserved(fn, stage, scale),
            on_failure=destinations.SqsDestination(dlq) if scheduled else None,
            retry_attempts=1 if scheduled else None,
            max_event_age=Duration.hours(1) if scheduled else None,
        )
        if scheduled:
            events.Rule(scope, f"Schedule-{fn.name}", rule_name=f"{function_name}-event",
                        schedule=events.Schedule.expression(str(fn.schedule)),
                        targets=[targets.LambdaFunction(built[fn.name], retry_attempts=2,
                                                        max_event_age=Duration.hours(1), dead_letter_queue=dlq)])
        if fn.queue:
            _consume(built[fn.name], fn, queues, scale)
    api_handler = built.pop(API_HANDLER)
    return Functions(role, api_handler, built, dlq, queues, queue_dlqs, egress.function, common_env)
