"""The package's import twin: dist/appt.zip, built for the functions' machine and Python (infra/lambda_platform.py:
arm64, 3.13), unpacked with its compiled extension modules swapped for this machine's and this interpreter's, so
that the package test can import it here (x86_64, Python 3.11, which ignores the cpython-313 bytecode). Only the
distributions whose RECORD lists a shared object are fetched again: the same locked versions, hashes required
(requirements.lock holds every platform's and Python's), for this platform and Python. Every other file of those
wheels must be byte-identical to the deployed one, so what is imported is what deploys, but for the extension
modules (decision 0085). Cheaper than a second build: two or three seconds, not nine.
"""
from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from . import package
from .lambda_platform import Machine

_SHARED = re.compile(r"\.so(\.\d+)*$")


def python_version() -> str:
    """This interpreter's version, which the twin's extension modules are built for."""
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def shared_object(name: str) -> bool:
    return _SHARED.search(name) is not None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def with_extensions(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Each installed distribution (normalized name) whose RECORD lists shared objects, with those objects."""
    found = {}
    for name in archive.namelist():
        if name.endswith(".dist-info/RECORD"):
            paths = [row.split(",")[0] for row in archive.read(name).decode().splitlines() if row]
            objects = [path for path in paths if shared_object(path)]
            if objects:
                found[_normalized(name.split("/")[0].removesuffix(".dist-info").rsplit("-", 1)[0])] = objects
    return found


def locked(lock: Path, names: set[str]) -> str:
    """The lock's entries (pin and hashes) of those distributions only."""
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text())
    chosen = [block for block in blocks if "==" in block.split("\n")[0]
              and _normalized(block.split("==")[0].strip()) in names]
    if len(chosen) != len(names):
        raise ValueError(f"requirements.lock pins {len(chosen)} of {sorted(names)}")
    return "\n".join(chosen) + "\n"


def _fetch(requirements: str, machine: Machine, wheels: Path) -> list[Path]:
    """The wheels for machine and this interpreter (3.11 here, whatever the functions' Python)."""
    (wheels / "requirements.txt").write_text(requirements)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--require-hashes", *package.pip_platform(machine, python_version()), "--dest", str(wheels),
         "-r", str(wheels / "requirements.txt")],
        check=True,
    )
    return sorted(wheels.glob("*.whl"))


def _swap(wheel: Path, task: Path) -> None:
    """Write the wheel's shared objects into task; every other file of it must be the deployed one."""
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            parts = PurePosixPath(member).parts
            if shared_object(member):
                (task / member).parent.mkdir(parents=True, exist_ok=True)
                (task / member).write_bytes(archive.read(member))
            elif member.endswith("/") or parts[0].endswith(".dist-info") or set(parts) & package.SKIPPED_DIRECTORIES:
                continue  # RECORD and WHEEL name the platform; the package leaves tests out
            elif not (task / member).is_file() or (task / member).read_bytes() != archive.read(member):
                raise ValueError(f"{wheel.name}: {member} is not the deployed file")


def unpack(artifact: Path, task: Path, machine: Machine, lock: Path = package.ROOT / "requirements.lock") -> list[str]:
    """Unpack artifact into task with its extension modules built for machine; returns the swapped distributions."""
    with zipfile.ZipFile(artifact) as archive:
        archive.extractall(task)
        swapped = with_extensions(archive)
    for objects in swapped.values():
        for name in objects:
            (task / name).unlink()
    with tempfile.TemporaryDirectory(prefix="appt-twin-") as tmp:
        for wheel in _fetch(locked(lock, set(swapped)), machine, Path(tmp)):
            _swap(wheel, task)
    return sorted(swapped)
