"""The CDK app: one stack per stage (infra/stages.py), synthesized offline into infra/cdk.out/.

    AWS_DEFAULT_REGION=us-east-1 python -m infra.app [--artifact dist/appt.zip] [--out infra/cdk.out]

Each stage has two stacks: `appt-<stage>-data` owns the tables (infra/data_stack.py) and `appt-<stage>`
deploys the zip `make package` built (one build for every stage) with the queues, the functions, their
schedules, the API, the alarms and their topic. cdk-nag's AwsSolutions pack
checks every stack; each suppression carries its reason (infra/nag.py).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from chalice.app import Chalice
from constructs import Construct

from .alarms import create_alarms
from .api import create_api
from .board_socket import create_board_socket
from .buckets import create_upload_bucket
from .chalice_config import api_stage_name, endpoint_type, functions, load_app
from .data_stack import DataStack, table_refs
from .domain import create_domain
from .functions import create_functions
from .nag import suppress
from .stages import STAGES, Stage

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTIFACT = ROOT / "dist" / "appt.zip"
DEFAULT_OUT = Path(__file__).resolve().parent / "cdk.out"


class ApptStack(cdk.Stack):
    def __init__(self, scope: Construct, stage: Stage, artifact: Path, chalice_app: Chalice) -> None:
        super().__init__(scope, stage.stack_name, stack_name=stage.stack_name, env=cdk.Environment(region=stage.region),
                         description=f"appt service bookings, stage {stage.name}")
        self.stage = stage
        self.tables = table_refs(self, stage)  # the data stack's (infra/data_stack.py)
        self.functions = create_functions(self, stage, artifact, functions(stage.name, chalice_app), self.tables)
        self.api = create_api(self, stage, chalice_app, self.functions.api_handler, api_stage_name(stage.name),
                              endpoint_type(stage.name))
        every = {"api": self.functions.api_handler, **self.functions.scheduled}
        self.board_socket = create_board_socket(self, stage, artifact, functions(stage.name, chalice_app),
                                                self.functions.role, list(every.values()), api_stage_name(stage.name),
                                                self.functions.environment)
        self.uploads = create_upload_bucket(self, stage, self.functions, (self.board_socket.connect,))
        dlqs = {"schedules": self.functions.dlq, **self.functions.queue_dlqs}
        watched = {**every, "board_socket_connect": self.board_socket.connect}  # errors and throttles alarms
        self.topic, self.alarms = create_alarms(self, stage, watched, self.api, dlqs, self.functions.queues)
        create_domain(self, stage, self.api)
        cdk.CfnOutput(self, "ApiUrl", value=self.api.url)
        cdk.CfnOutput(self, "AlarmTopicArn", value=self.topic.topic_arn)
        cdk.Tags.of(self).add("app", "appt")
        cdk.Tags.of(self).add("stage", stage.name)
        suppress(self)


def build(artifact: Path = DEFAULT_ARTIFACT, out: Path = DEFAULT_OUT, stages: tuple[Stage, ...] = STAGES) -> cdk.App:
    if not artifact.is_file():
        raise SystemExit(f"{artifact} is missing: run `make package` first")
    app = cdk.App(outdir=str(out))
    chalice_app = load_app()
    for stage in stages:
        data = DataStack(app, stage)
        ApptStack(app, stage, artifact, chalice_app).add_dependency(data, "the tables come first")
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="synthesize every stage's template")
    parser.add_argument("--artifact", type=Path, default=DEFAULT_ARTIFACT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    assembly = build(args.artifact, args.out).synth()
    for stack in assembly.stacks:
        print(f"{stack.stack_name}: {_shown(Path(stack.template_full_path))}")
    return 0


def _shown(path: Path) -> Path:
    """From the repository's root when inside it (the default out), else as it is (`--out /tmp/x`)."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


if __name__ == "__main__":
    raise SystemExit(main())
