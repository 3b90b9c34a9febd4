"""Create or update a chain from one JSON file (docs/onboarding.md), against the tables the environment names
(the local run's embedded DynamoDB, or a deployed stage's):

    python -m chalicelib.onboarding FILE [--dry-run]

Prints each change (or "no changes") and each warning; --dry-run prints them and writes nothing. A bad file
is refused as a whole, naming the path of the field (exit 2); nothing is written then.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from .domain.errors import DomainError


def run(raw: Any, onboarding: Any, *, dry_run: bool, environ: Mapping[str, str], out: TextIO) -> int:
    """Plan, print and (unless a dry run) apply one file with the given use case; the exit status."""
    try:
        plan = onboarding.plan(raw, environ)
    except DomainError as refused:
        where = refused.field or "file"
        print(f"error: {refused.message if refused.message.startswith(where) else f'{where}: {refused.message}'}", file=out)
        return 2
    for warning in plan.warnings:
        print(f"warning: {warning}", file=out)
    prefix = "would " if dry_run else ""
    for change in plan.changes:
        print(f"{prefix}{change}", file=out)
    if not plan.changes:
        print("no changes", file=out)
    elif not dry_run:
        onboarding.apply(plan)
    return 0


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    args = [a for a in argv if a != "--dry-run"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            raw = json.load(f)
    except (OSError, ValueError) as failed:
        print(f"error: {args[0]}: {failed}", file=out)
        return 2
    from .container import services

    return run(raw, services().onboarding, dry_run="--dry-run" in argv, environ=os.environ, out=out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
