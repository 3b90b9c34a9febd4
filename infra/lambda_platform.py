"""The machine every function runs on, named once: the stacks set it on every Lambda function of every stage
(infra/functions.py, the board socket's and the egress function), `make package` fetches the wheels for it
(infra/package.py PLATFORM) and the cost model prices the functions' GB-seconds at its price (bench/cost_model.py).
One artifact serves every stage, so one architecture does too (decision 0085). PYTHON_VERSION names the functions'
runtime (infra/functions.py RUNTIME), the wheels' Python and the interpreter that compiles the package's bytecode:
this machine's CPython when it is that version, else the CPython that the npm package pyodide embeds (decision 0088).

Pure data: importing it loads no CDK, so the package build and the bench read it cheaply.
"""
from __future__ import annotations

import platform
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Machine:
    architecture: str  # Lambda's name for it (the function's Architectures)
    pip_platform: str  # the wheels' platform tag `pip --platform` fetches for it
    elf_machine: int  # e_machine of its shared objects (the ELF header)
    triplet: str  # the GNU triplet in CPython's extension module names: cpython-313-<triplet>.so


MACHINES = {
    "arm64": Machine("arm64", "manylinux2014_aarch64", 183, "aarch64-linux-gnu"),  # Graviton
    "x86_64": Machine("x86_64", "manylinux2014_x86_64", 62, "x86_64-linux-gnu"),
}
# Graviton: 0.8 x the x86 GB-second price (decision 0085)
ARCHITECTURE = "arm64"
FUNCTIONS = MACHINES[ARCHITECTURE]
PYTHON_VERSION = "3.13"  # the runtime's, the wheels' and the bytecode's (decision 0088)
# The .pyc magic number of each Python the functions may run (Include/internal/pycore_magic_number.h in CPython's
# source; 3.13 final kept 3.13b1's): a runtime loads only the bytecode of its own, else compiles every module.
MAGIC_NUMBERS = {"3.11": 3495, "3.13": 3571}


def compiles_here() -> bool:
    """Whether this machine's interpreter is the functions' Python (then it compiles the bytecode itself)."""
    return f"{sys.version_info.major}.{sys.version_info.minor}" == PYTHON_VERSION


def host() -> Machine:
    """This machine's (the package test imports a twin of the artifact built for it)."""
    return MACHINES["arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"]
