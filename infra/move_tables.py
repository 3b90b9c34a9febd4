"""Moving a stage's tables from the app stack (releases before the split) into `appt-<stage>-data`, without
copying a byte: retain them in the old stack, let the new app stack drop them, import them into the data
stack (docs/deploy.md, "Moving the tables into their own stack"; dev first).

    python -m infra.move_tables retain OLD.json > RETAINED.json   # the deployed app template, tables retained
    python -m infra.move_tables mapping --stage dev > MAPPING.json  # `cdk import`'s resource mapping
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TABLE = "AWS::DynamoDB::Table"


def retained(template: dict[str, Any]) -> dict[str, Any]:
    """The template with every table kept when the stack drops it (or replaces it); nothing else changed."""
    kept = copy.deepcopy(template)
    for resource in kept["Resources"].values():
        if resource["Type"] == TABLE:
            resource["DeletionPolicy"] = resource["UpdateReplacePolicy"] = "Retain"
    return kept


def resource_mapping(data_template: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{logical id in the data stack: {"TableName": its table}}: which existing table each resource is."""
    return {key: {"TableName": r["Properties"]["TableName"]} for key, r in data_template["Resources"].items()
            if r["Type"] == TABLE}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("retain").add_argument("template", type=Path)
    mapping = sub.add_parser("mapping")
    mapping.add_argument("--stage", required=True)
    mapping.add_argument("--assembly", type=Path, default=ROOT / "infra" / "cdk.out")
    args = parser.parse_args(argv)
    if args.command == "retain":
        json.dump(retained(json.loads(args.template.read_text())), sys.stdout, indent=1)
    else:
        template = json.loads((args.assembly / f"appt-{args.stage}-data.template.json").read_text())
        json.dump(resource_mapping(template), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
