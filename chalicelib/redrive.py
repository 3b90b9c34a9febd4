"""Parked work items, from the command line: list them with their errors, or put them back on their queue
after the fix, against the stage the environment names (the local run's embedded queues, or a deployed
stage's dead-letter queues).

    python -m chalicelib.redrive list [checks|send] [--limit N]
    python -m chalicelib.redrive put-back [checks|send] [--check NAME] [--limit N]

`list` prints one JSON line per parked item (its check, kind, error and item); `put-back` prints how many
went back (and how many of another check were passed over). The queue defaults to both.
"""
from __future__ import annotations

import argparse
import json
import sys

from .container import services
from .services.runs.fanout import QUEUES


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m chalicelib.redrive", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("list", "put-back"))
    parser.add_argument("queue", nargs="?", choices=QUEUES)
    parser.add_argument("--check", help="only the items of this check (put-back)")
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args(argv)
    fanout = services().fanout
    for queue in [args.queue] if args.queue else QUEUES:
        if args.action == "list":
            for item in fanout.parked(queue, args.limit):
                print(json.dumps({"queue": queue, "check": item.check, "kind": item.kind, "error": item.error,
                                  "item": item.body}, ensure_ascii=False))
        else:
            print(json.dumps({"queue": queue, **fanout.redrive(queue, check=args.check, limit=args.limit)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
