"""Print GET /openapi.json's document without a server: `python -m devstack.openapi_dump`. The mini-program's
type generator (miniprogram/scripts/openapi-types.js) reads it."""
from __future__ import annotations

import json
import sys


def main() -> None:
    import app  # noqa: F401  (registers every route)
    from chalicelib.api.openapi import document

    json.dump(document(), sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
