"""The invariant auditor from the command line: any store and date range, against the stage the environment
names (the local run's embedded DynamoDB, or a deployed stage's tables).

    python -m chalicelib.audit <chain_id> <store_id> <from YYYY-MM-DD> [<to YYYY-MM-DD>]

Prints one JSON line per store-day and exits 1 if any counter disagrees with the bookings it counts.
"""
from __future__ import annotations

import json
import sys
from datetime import date

from .container import services


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    chain_id, store_id, first = argv[0], argv[1], date.fromisoformat(argv[2])
    last = date.fromisoformat(argv[3]) if len(argv) == 4 else first
    found = services().auditor.store_range(chain_id, store_id, first, last)
    for day in found:
        print(json.dumps(day.to_json(), ensure_ascii=False))
    total = sum(d.total for d in found)
    print(json.dumps({"store_days": len(found), "drift": total}))
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
