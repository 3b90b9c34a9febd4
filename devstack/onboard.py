"""`python -m chalicelib.onboarding FILE [--dry-run]` against the tables of the running `make run`, from any
shell: the settings come from the file the local run writes (devstack/run_file.py, `.local/run.env` or
LOCAL_RUN_FILE), over what the shell has. Without that file it says what to do instead.

    python -m devstack.onboard devstack/onboarding/demo.json [--dry-run]
"""
from __future__ import annotations

import os
import sys
from typing import TextIO

from devstack import run_file

NEEDED = ("STAGE", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    source = run_file.path()
    if not source.is_file():
        print(f"error: no local run settings in {run_file.shown(source)}: start `make run` first (it writes that file "
              f"while it runs), or use `python -m chalicelib.onboarding` with {', '.join(NEEDED)} set", file=out)
        return 2
    os.environ.update(run_file.read(source))
    from chalicelib.onboarding import main as onboard

    return onboard(argv, out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
