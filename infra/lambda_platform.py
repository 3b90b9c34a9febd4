"""The machine every function runs on, named once: the stacks set it on every Lambda function of every stage
(infra/functions.py, the board socket's and the egress function), `make package` fetches the wheels for it
(infra/package.py PLATFORM) and the cost model prices the functions' GB-seconds at its price (bench/cost_model.py).
One artifact serves every stage, so one architecture does too (decision 0085).

Pure data: importing it loads no CDK, so the package build and the bench read it cheaply.
"""
from __future__ import annotations

import platform
from dataclasses import dataclass


@dataclass(frozen=True)
class Machine:
    architecture: str  # Lambda's name for it (the function's Architectures)
    pip_platform: str  # the wheels' platform tag `pip --platform` fetches for it
    elf_machine: int  # e_machine of its shared objects (the ELF header)
    triplet: str  # the GNU triplet in CPython's extension module names: cpython-311-<triplet>.so


MACHINES = {
    "arm64": Machine("arm64", "manylinux2014_aarch64", 183, "aarch64-linux-gnu"),  # Graviton
    "x86_64": Machine("x86_64", "manylinux2014_x86_64", 62, "x86_64-linux-gnu"),
}
# Graviton: 0.8 x the x86 GB-second price, the same Python (3.11: the package's bytecode is this machine's)
ARCHITECTURE = "arm64"
FUNCTIONS = MACHINES[ARCHITECTURE]
PYTHON_VERSION = "3.11"  # the runtime's, and the interpreter that compiles the package's bytecode


def host() -> Machine:
    """This machine's (the package test imports a twin of the artifact built for it)."""
    return MACHINES["arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"]
