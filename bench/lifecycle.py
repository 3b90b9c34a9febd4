"""The booking-life state machine (tests/service/lifecycle/) run longer than the suite does: random sequences of
what customers, staff and the clock do, checked after every step. Prints the examples and steps run, the time
taken, the known defects' cases it tolerated, and the first failure with the minimal sequence Hypothesis found.

    python -m bench.lifecycle --examples 2000 --steps 60 [--strict | --enforce NAME] [--derandomize] [--coverage]

`--strict` tolerates no known defect (tests/service/lifecycle/known.py), `--enforce NAME` not that one. Timing is printed, never
asserted."""
from __future__ import annotations

import argparse
import sys
import time
import traceback

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.service.lifecycle import known
from tests.service.lifecycle.machine import BookingLife


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="sequences to try (default 1000)")
    parser.add_argument("--steps", type=int, default=60, help="steps per sequence at most (default 60)")
    parser.add_argument("--strict", action="store_true", help="tolerate no known defect")
    parser.add_argument("--enforce", action="append", default=[], choices=sorted(known.KNOWN),
                        help="tolerate this known defect no more (repeatable): find its minimal sequence")
    parser.add_argument("--derandomize", action="store_true", help="the same sequences on every run")
    parser.add_argument("--coverage", action="store_true", help="print what the examples reached")
    args = parser.parse_args(argv)
    if args.strict:
        known.TOLERATED.clear()
    known.TOLERATED.difference_update(args.enforce)
    chosen = settings(max_examples=args.examples, stateful_step_count=args.steps, deadline=None, database=None,
                      derandomize=args.derandomize, print_blob=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    began = time.perf_counter()
    failure: BaseException | None = None
    try:
        run_state_machine_as_test(BookingLife, settings=chosen)
    except BaseException as error:  # noqa: BLE001 - reported below, with Hypothesis's minimal sequence above it
        failure = error
    spent = time.perf_counter() - began
    runs = BookingLife.runs
    print(f"examples run: {runs['examples']}  steps: {runs['steps']}  time: {spent:.1f} s "
          f"({1000 * spent / max(runs['steps'], 1):.1f} ms a step)")
    if args.coverage:
        for name, count in sorted(BookingLife.seen.items()):
            print(f"  {count:6d}  {name}")
    for name, count in sorted(BookingLife.tolerated.items()):
        print(f"known defect tolerated: {name}: {count} case(s), e.g. {BookingLife.first[name]}")
    if failure is not None:
        traceback.print_exception(failure, file=sys.stdout)
        print(f"FAILED: {type(failure).__name__}: {failure}")
        return 1
    print("no property failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
