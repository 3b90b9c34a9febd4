"""The stacks, synthesized once per worker (about 7 s for the three stages): every infra test reads these.
The template tests share one xdist group, so under `make test` (-n 2 --dist loadgroup) one worker synthesizes."""
from __future__ import annotations

import fcntl
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def artifact() -> Path:
    """dist/appt.zip as `make package` left it (`make test` builds it first); built here if missing."""
    from infra import package

    dist = ROOT / "dist"
    dist.mkdir(exist_ok=True)
    with open(dist / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (dist / package.ARTIFACT).is_file():
            package.build(dist)
    return dist / package.ARTIFACT


@dataclass
class Synth:
    stacks: dict[str, Any]  # stage name -> ApptStack
    templates: dict[str, dict[str, Any]]  # stage name -> the CloudFormation template
    paths: dict[str, Path]  # stage name -> template file (the data stacks' under "<stage>-data")
    data_stacks: dict[str, Any] = field(default_factory=dict)  # stage name -> its DataStack (the tables)
    data_templates: dict[str, dict[str, Any]] = field(default_factory=dict)


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Synth:
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from aws_cdk.assertions import Template

    from infra.app import build

    out = tmp_path_factory.mktemp("cdk.out")
    app = build(artifact(), out)
    assembly = app.synth()
    stacks = {child.stage.name: child for child in app.node.children if hasattr(child, "stage")}
    templates = {name: Template.from_stack(stack).to_json() for name, stack in stacks.items()}
    paths = {name: Path(assembly.get_stack_by_name(stack.stack_name).template_full_path) for name, stack in stacks.items()}
    data = {child.data_stage.name: child for child in app.node.children if hasattr(child, "data_stage")}
    paths |= {f"{name}-data": Path(assembly.get_stack_by_name(stack.stack_name).template_full_path)
              for name, stack in data.items()}
    return Synth(stacks, templates, paths, data, {name: Template.from_stack(stack).to_json() for name, stack in data.items()})
