"""The deep fuzz run, outside the suite: the suite's fuzz test (tests/e2e/test_fuzz.py, 25 cases per operation)
with thousands of cases, on its own embedded DynamoDB and stand-ins. Prints requests sent and server errors.

    python -m bench.fuzz [cases_per_operation]   # default 400 (about 20,000 requests)
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    cases = sys.argv[1] if len(sys.argv) > 1 else "400"
    env = {**os.environ, "FUZZ_CASES": cases}
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:xdist", "tests/e2e/test_fuzz.py"],
                           cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
