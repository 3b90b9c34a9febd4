"""The local run's settings in a file, so that a second shell can reach what `make run` started: the API (B),
the WeChat stand-in (W) and the demo apps' safe-mode key (K) that the README's walk-throughs use, the local
token, and every setting the app reads to find the embedded DynamoDB and the stand-ins (so that
`python -m devstack.onboard FILE` applies an onboarding file to the running tables).

Shell syntax, one `NAME=value` a line, each value quoted: `. .local/run.env` sets them in a shell. The run
writes it once the tables are seeded, just before it starts the API server, and removes it when it stops;
LOCAL_RUN_FILE names another place (the tests' runs).
"""
from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / ".local" / "run.env"
HEADER = "# written by `make run` (devstack/run.py) while it runs; `. .local/run.env` in another shell\n"


def path(environ: Mapping[str, str] | None = None) -> Path:
    given = (os.environ if environ is None else environ).get("LOCAL_RUN_FILE")
    return Path(given) if given else DEFAULT


def write(target: Path, settings: Mapping[str, str]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{name}={shlex.quote(value)}\n" for name, value in settings.items())
    partial = target.with_name(target.name + ".partial")
    partial.write_text(HEADER + body, encoding="utf-8")
    partial.replace(target)  # a reader never sees half a file


def read(source: Path) -> dict[str, str]:
    """The settings a file holds (what a shell would set by sourcing it)."""
    found: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            found[name.strip()] = "".join(shlex.split(value))
    return found


def shown(target: Path) -> str:
    """The file as a command names it: relative to the repository when inside it."""
    try:
        return str(target.resolve().relative_to(ROOT))
    except ValueError:
        return str(target)
