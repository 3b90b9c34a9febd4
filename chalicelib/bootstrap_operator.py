"""A stage's first platform operator, against the tables and secrets the environment names (the local run's
embedded DynamoDB, or a deployed stage's with an administrator's credentials):

    python -m chalicelib.bootstrap_operator [USERNAME] [--reset]

Creates the platform chain when missing and the operator USERNAME ("operator" by default) with a random
password, printed once and stored only as its hash: sign in with it and change it (POST /staff/me/password).
--reset gives an existing operator a new password and ends their sessions. Exit 2 when refused.
"""
from __future__ import annotations

import secrets
import sys
from typing import Any, TextIO

from .domain.errors import DomainError


def new_password() -> str:
    """24 URL-safe characters (144 random bits)."""
    return secrets.token_urlsafe(18)


def run(bootstrap: Any, username: str, *, reset: bool, out: TextIO) -> int:
    try:
        member, password = bootstrap.reset(username) if reset else bootstrap.create(username)
    except DomainError as refused:
        print(f"error: {refused.message}", file=out)
        return 2
    print(f"platform operator '{member.username}' (chain '{member.chain_id}'): one-time password {password}", file=out)
    print("sign in with it and change it now: POST /staff/me/password; it is not shown again", file=out)
    return 0


def main(argv: list[str], out: TextIO = sys.stdout) -> int:
    names = [a for a in argv if a != "--reset"]
    if len(names) > 1 or any(a.startswith("-") for a in names):
        print(__doc__, file=sys.stderr)
        return 2
    from .adapters.people.passwords import Argon2Passwords
    from .container import services
    from .services.people.operator_bootstrap import OperatorBootstrap

    ports = services().ports
    bootstrap = OperatorBootstrap(ports.stores, ports.staff, Argon2Passwords(), new_password)
    return run(bootstrap, names[0] if names else "operator", reset="--reset" in argv, out=out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
