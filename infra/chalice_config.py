"""The Chalice app as deployed: its functions and their settings, resolved from .chalice/config.json by
Chalice's own Config (stage per function > stage > per function > top level), so what `chalice local` and
the CDK app read cannot disagree. Settings are top-level or per function, never stage-wide where a
per-function value exists: a stage-wide lambda_timeout would shadow the checks' 120-300 s."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.app import Chalice, ScheduledEventConfig, SQSEventConfig
from chalice.config import Config

ROOT = Path(__file__).resolve().parents[1]
API_HANDLER = "api_handler"


@dataclass(frozen=True)
class FunctionSettings:
    name: str  # the Chalice function name: "api_handler" or a scheduled function's
    handler: str  # module.attribute Lambda calls
    timeout: int
    memory: int
    environment: dict[str, str]
    reserved_concurrency: int | None
    schedule: str | None  # EventBridge expression of a scheduled function
    queue: str | None = None  # the QueueSpec name (infra/queues.py) a worker consumes
    batch_size: int = 10


def load_app() -> Chalice:
    import app  # the wiring: routes and one schedule per check of chalicelib/jobs.py

    chalice_app: Chalice = app.app
    return chalice_app


def _config(stage: str, function: str, on_disk: dict[str, Any]) -> Config:
    return Config(chalice_stage=stage, function_name=function, user_provided_params={},
                  config_from_disk=on_disk, default_params={"project_dir": str(ROOT)})


def functions(stage: str, chalice_app: Chalice | None = None) -> list[FunctionSettings]:
    chalice_app = chalice_app or load_app()
    on_disk = json.loads((ROOT / ".chalice" / "config.json").read_text())
    if stage not in on_disk["stages"]:
        raise KeyError(f"stage {stage!r} is not in .chalice/config.json")
    found = []
    entries: list[tuple[str, str, str | None, SQSEventConfig | None]] = [(API_HANDLER, "app.app", None, None)]
    for source in chalice_app.event_sources:
        if isinstance(source, ScheduledEventConfig):
            expression = source.schedule_expression
            entries.append((source.name, source.handler_string,
                            expression if isinstance(expression, str) else expression.to_string(), None))
        elif isinstance(source, SQSEventConfig):
            entries.append((source.name, source.handler_string, None, source))
        else:
            raise ValueError(f"{source.name}: {type(source).__name__} is not deployed yet (add the kind to infra/)")
    for name, handler, schedule, sqs in entries:
        config = _config(stage, name, on_disk)
        found.append(FunctionSettings(name, handler, int(config.lambda_timeout), int(config.lambda_memory_size),
                                      dict(config.environment_variables), config.reserved_concurrency, schedule,
                                      queue=sqs.queue if sqs else None, batch_size=sqs.batch_size if sqs else 10))
    return found


def endpoint_type(stage: str) -> str:
    on_disk = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return str(_config(stage, API_HANDLER, on_disk).api_gateway_endpoint_type)


def api_stage_name(stage: str) -> str:
    on_disk = json.loads((ROOT / ".chalice" / "config.json").read_text())
    return str(_config(stage, API_HANDLER, on_disk).api_gateway_stage)
