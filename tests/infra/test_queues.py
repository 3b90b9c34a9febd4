"""The workers' queues come from one list (infra/queues.py): a QueueSpec line gives the queue, its
dead-letter queue, the URL in every function's environment and IAM; a Chalice
@app.on_sqs_message(queue=<name>) handler consumes it."""
from __future__ import annotations

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Match, Template
from chalice import Chalice

from infra import chalice_config, functions
from infra.queues import QueueSpec
from infra.stages import BY_NAME
from infra.tables import create_tables
from tests.infra.conftest import artifact

pytestmark = pytest.mark.xdist_group("synth")  # with the other tests that load the CDK


def worker_app() -> Chalice:
    app = Chalice(app_name="appt")

    @app.on_sqs_message(queue="notify", batch_size=5)
    def notify_worker(event: object) -> None:
        return None

    return app


def test_a_worker_is_found_with_its_queue():
    [api, worker] = chalice_config.functions("dev", worker_app())
    assert (api.name, worker.name, worker.queue, worker.batch_size) == ("api_handler", "notify_worker", "notify", 5)
    assert worker.schedule is None


def test_one_line_in_queues_gives_queue_dlq_consumer_and_environment(monkeypatch, tmp_path):
    monkeypatch.setattr(functions, "QUEUES", (QueueSpec("notify"),))
    stage = BY_NAME["dev"]
    stack = Stack(App(outdir=str(tmp_path)), "queues", env=Environment(region=stage.region))
    built = functions.create_functions(stack, stage, artifact(), chalice_config.functions("dev", worker_app()),
                                       create_tables(stack, stage))
    template = Template.from_stack(stack)
    assert set(built.queues) == {"notify"} and set(built.queue_dlqs) == {"notify"}
    template.has_resource_properties("AWS::SQS::Queue", {
        "QueueName": "appt-dev-notify", "RedrivePolicy": Match.object_like({"maxReceiveCount": 5})})
    template.has_resource_properties("AWS::SQS::Queue", {"QueueName": "appt-dev-notify-dlq"})
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "BatchSize": 5, "FunctionResponseTypes": ["ReportBatchItemFailures"]})
    template.has_resource_properties("AWS::Lambda::Function", {
        "Handler": "app.app", "Environment": {"Variables": Match.object_like({"QUEUE_URL_NOTIFY": Match.any_value()})}})


def test_a_grouped_queue_is_fifo_with_a_fifo_dead_letter_queue(monkeypatch, tmp_path):
    """The send queue caps each chain's concurrent sends by message group: SQS FIFO, as is its DLQ (SQS
    requires it); the Chalice handler names it with ".fifo"."""
    app = Chalice(app_name="appt")

    @app.on_sqs_message(queue="appt-dev-send.fifo", batch_size=10)
    def send_worker(event: object) -> None:
        return None

    monkeypatch.setattr(functions, "QUEUES", (QueueSpec("send", fifo=True),))
    stage = BY_NAME["dev"]
    stack = Stack(App(outdir=str(tmp_path)), "queues", env=Environment(region=stage.region))
    functions.create_functions(stack, stage, artifact(), chalice_config.functions("dev", app), create_tables(stack, stage))
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SQS::Queue", {"QueueName": "appt-dev-send.fifo", "FifoQueue": True})
    template.has_resource_properties("AWS::SQS::Queue", {"QueueName": "appt-dev-send-dlq.fifo", "FifoQueue": True})
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_the_send_queue_is_the_grouped_one():
    from infra.queues import QUEUES

    assert {q.name: q.fifo for q in QUEUES} == {"checks": False, "send": True}


def test_a_worker_of_an_unlisted_queue_is_refused(tmp_path):
    stage = BY_NAME["dev"]
    stack = Stack(App(outdir=str(tmp_path)), "queues", env=Environment(region=stage.region))
    with pytest.raises(ValueError, match="QUEUES"):
        functions.create_functions(stack, stage, artifact(), chalice_config.functions("dev", worker_app()),
                                   create_tables(stack, stage))
