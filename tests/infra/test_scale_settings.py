"""What each stage deploys is what the model models (decision 0021): the scale settings read back from the
synthesized template (the functions' environment, the workers' event sources and reserved concurrency, the
send queue's throughput mode, the HTTP API's route throttles) are the stage's row of infra/scale_settings.py,
and `python -m bench.scale --stage <stage>` models that row: the same figures from the template's values."""
from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

import pytest

from infra.scale_settings import SCALE, ScaleSettings, TableSettings, Throttle, WorkerScale
from infra.stages import STAGES
from tests.infra.test_templates import resources

pytestmark = pytest.mark.xdist_group("synth")  # with the other tests that read the synthesized stacks
STAGE_NAMES = [stage.name for stage in STAGES]
EGRESS = "chalicelib.egress.handler"
WORKERS = {"checks": "app.check_worker", "send": "app.send_worker"}


def _functions(template: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Logical id -> (handler, properties) of the app's functions (not the WeChat egress function, infra/egress.py,
    which fetches tokens only and is given no scale settings)."""
    return {key: (r["Properties"]["Handler"], r["Properties"])
            for key, r in resources(template, "AWS::Lambda::Function").items() if r["Properties"]["Handler"] != EGRESS}


def _worker(template: dict[str, Any], handler: str, environment: dict[str, str], parallel_key: str) -> WorkerScale:
    functions = _functions(template)
    [(key, props)] = [(k, p) for k, (h, p) in functions.items() if h == handler]
    [mapping] = [r["Properties"] for r in resources(template, "AWS::Lambda::EventSourceMapping").values()
                 if r["Properties"]["FunctionName"] == {"Ref": key}]
    return WorkerScale(batch_size=mapping["BatchSize"], maximum_concurrency=mapping["ScalingConfig"]["MaximumConcurrency"],
                       reserved_concurrency=props.get("ReservedConcurrentExecutions"),
                       parallel=int(environment[parallel_key]))


def _throttles(template: dict[str, Any]) -> dict[str, Throttle]:
    """Each audience's throttle, as the HTTP API stage's route settings give it to that audience's routes (one
    value per audience, or the test fails on the set)."""
    from chalicelib.api.audience import ROUTES

    [api] = [k for k, r in resources(template, "AWS::ApiGatewayV2::Api").items() if r["Properties"]["ProtocolType"] == "HTTP"]
    [stage] = [r["Properties"] for r in resources(template, "AWS::ApiGatewayV2::Stage").values()
               if r["Properties"]["ApiId"] == {"Ref": api}]
    found: dict[str, set[Throttle]] = {}
    for key, setting in stage.get("RouteSettings", {}).items():
        method, path = key.split(" ", 1)
        spec = ROUTES[(method, path)]
        found.setdefault(spec.audience.value, set()).add(
            Throttle(setting["ThrottlingRateLimit"], setting["ThrottlingBurstLimit"]))
    assert all(len(values) == 1 for values in found.values()), found
    return {audience: next(iter(values)) for audience, values in found.items()}


def _tables(data_template: dict[str, Any], stage: str) -> TableSettings:
    """Which tables the data stack leaves without point-in-time recovery, which it makes infrequent access."""
    props = [r["Properties"] for r in resources(data_template, "AWS::DynamoDB::Table").values()]
    name = {p["TableName"]: p["TableName"].removeprefix(f"appt-{stage}-") for p in props}
    # the provisioned tables' capacities and schedules are read back in tests/infra/test_provisioned_tables.py
    provisioned = {name[p["TableName"]] for p in props if p.get("BillingMode") != "PAY_PER_REQUEST"}
    return TableSettings(
        unbacked=tuple(sorted(name[p["TableName"]] for p in props
                              if not p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"])),
        infrequent_access=tuple(sorted(name[p["TableName"]] for p in props
                                       if p.get("TableClass") == "STANDARD_INFREQUENT_ACCESS")),
        provisioned=tuple(t for t in SCALE[stage].tables.provisioned if t.table in provisioned))


def deployed(template: dict[str, Any], stage: str, data_template: dict[str, Any] | None = None) -> ScaleSettings:
    """The stage's scale settings as the templates carry them (the account's quota is not in a template; the
    tables' settings are the data stack's, the table's own when it is not given)."""
    # the app's own functions (handlers in app.py); the egress function and CDK's helpers carry no scale
    environments = [props["Environment"]["Variables"] for handler, props in _functions(template).values()
                    if handler.startswith("app.")]
    env = environments[0]
    scale_keys = {k for k in env if k.startswith("APPT_")}
    assert all({k: e[k] for k in scale_keys} == {k: env[k] for k in scale_keys} for e in environments)
    logging = [props["LoggingConfig"] for handler, props in _functions(template).values() if handler.startswith("app.")]
    assert all((c["LogFormat"], c["SystemLogLevel"]) == ("JSON", "WARN") for c in logging)  # decision 0080
    [app_log_level] = {c["ApplicationLogLevel"] for c in logging}
    [send_queue] = [r["Properties"] for r in resources(template, "AWS::SQS::Queue").values()
                    if r["Properties"]["QueueName"] == f"appt-{stage}-send.fifo"]
    return ScaleSettings(
        stage, due_shards=int(env["APPT_DUE_SHARDS"]), dispatch_page_items=int(env["APPT_DISPATCH_PAGE_ITEMS"]),
        dispatch_budget_s=int(env["APPT_DISPATCH_BUDGET_S"]), dispatch_lookahead_s=int(env["APPT_DISPATCH_LOOKAHEAD_S"]),
        redispatch_after_s=int(env["APPT_REDISPATCH_AFTER_S"]), dispatchers=int(env["APPT_DISPATCHERS"]),
        checks=_worker(template, WORKERS["checks"], env, "APPT_CHECK_PARALLEL"),
        send=_worker(template, WORKERS["send"], env, "APPT_SENDERS"),
        send_high_throughput=(send_queue.get("FifoThroughputLimit"), send_queue.get("DeduplicationScope"))
        == ("perMessageGroupId", "messageGroup"),
        api=MappingProxyType(_throttles(template)), account_concurrency=SCALE[stage].account_concurrency,
        tables=_tables(data_template, stage) if data_template is not None else SCALE[stage].tables,
        app_log_level=app_log_level,
    )


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_template_carries_the_stage_scale_table(synth, stage):
    assert deployed(synth.templates[stage], stage, synth.data_templates[stage]) == replace(
        SCALE[stage], api=MappingProxyType(dict(SCALE[stage].api)))


@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_the_model_of_the_template_is_the_model_of_the_stage(synth, stage):
    """bench.scale --stage <stage> models SCALE[stage]; the same model of the template's values gives the same
    figures at 10,000 and 100,000 stores."""
    from bench.scale_model import Assumptions, model

    figures = {"reminders": {"per_store_day": 365.0, "requests_per_item": 3.7, "fixed_requests_per_tick": 12.0,
                             "wcu_per_item": 19.3, "rcu_per_item": 0.8, "sends_per_item": 0.36, "sqs_per_item": 1.7}}
    template = deployed(synth.templates[stage], stage)
    for stores in (10_000, 100_000):
        assumptions = Assumptions(due_shards=template.due_shards)
        assert model(figures, stores, assumptions, template) == model(figures, stores, assumptions, SCALE[stage])
