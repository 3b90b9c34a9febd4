"""`make package`: the one build of the deployable artifact, dist/appt.zip, which every stage's CDK app deploys.

The zip holds app.py, chalicelib/, Chalice's runtime (chalice/app.py, as `chalice package` ships it) and
the locked dependencies (requirements.lock, hashes required), installed for the functions' platform
(infra/lambda_platform.py: manylinux2014 aarch64, Graviton; CPython 3.13) with --no-deps: the lock leaves
out what the Lambda runtime already has (boto3, botocore and their dependencies), so pynamodb's botocore is
not vendored. Entries are written in a fixed order with a fixed timestamp, so the same sources and lock give
the same bytes (and the same asset hash). The bytecode is compiled by the functions' Python, whatever the
wheels' machine (.pyc files depend on the Python version, not the platform): this machine's interpreter when
it is that version, else the CPython 3.13 of the npm package pyodide (infra/compile_bytecode.mjs, decision
0088; `make package` installs infra's node_modules). This x86_64 Python 3.11 machine cannot import the
aarch64 3.13 build: the package test imports its twin (infra/import_twin.py), the same files but the
extension modules.

    python -m infra.package [--out dist]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .lambda_platform import FUNCTIONS, PYTHON_VERSION, Machine, compiles_here

ROOT = Path(__file__).resolve().parents[1]
ARTIFACT = "appt.zip"
LIMIT_BYTES = 15 * 1024 * 1024  # function zips and layers together
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "urllib3", "six")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
SKIPPED_DIRECTORIES = {"__pycache__", "tests"}
_SKIP_SUFFIXES = (".pyc", ".pyo")


def pip_platform(machine: Machine, python_version: str = PYTHON_VERSION) -> tuple[str, ...]:
    """pip's flags for the wheels of machine and a CPython, the functions' by default (binary wheels only)."""
    return ("--platform", machine.pip_platform, "--implementation", "cp", "--python-version", python_version,
            "--only-binary=:all:")


PLATFORM = pip_platform(FUNCTIONS)  # the machine the functions run on (arm64): one source


def locked_names(lock: Path) -> set[str]:
    names = set()
    for line in lock.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith(("#", "-")) and "==" in line:
            names.add(line.split("==")[0].strip().lower())
    return names


def install_dependencies(lock: Path, target: Path) -> None:
    leaked = locked_names(lock) & set(RUNTIME_PROVIDED)
    if leaked:
        raise SystemExit(f"{lock.name} pins {sorted(leaked)}, which the Lambda runtime provides")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--require-hashes", "--no-compile", *PLATFORM, "--target", str(target), "-r", str(lock)],
        check=True,
    )


def _files(base: Path, root: Path, *, keep_bytecode: bool = False) -> list[tuple[Path, str]]:
    skip_parts = SKIPPED_DIRECTORIES - {"__pycache__"} if keep_bytecode else SKIPPED_DIRECTORIES
    found = []
    for path in sorted(base.rglob("*") if base.is_dir() else [base]):
        relative = path.relative_to(root)
        skipped = path.name.endswith(_SKIP_SUFFIXES) and not (keep_bytecode and relative.parts[-2:-1] == ("__pycache__",))
        if path.is_file() and not skip_parts & set(relative.parts) and not skipped:
            found.append((path, relative.as_posix()))
    return found


def compile_bytecode(site: Path, *, here: bool | None = None) -> None:
    """Ship the bytecode of the functions' Python: /var/task is read-only, so without it every cold start
    compiles every module again. Unchecked-hash .pyc files hold no timestamp (the same bytes every build), and
    name their source as /var/task/... in tracebacks. This machine's interpreter compiles when it is the
    functions' Python (or `here`: bench/cold_start.py's twin for this interpreter); else Pyodide's CPython does
    (infra/compile_bytecode.mjs, which refuses another version)."""
    if compiles_here() if here is None else here:
        command = [sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                   "-s", str(site), "-p", "/var/task", str(site)]
    else:
        if not (ROOT / "infra" / "node_modules" / "pyodide").is_dir():
            raise SystemExit(f"Python {PYTHON_VERSION} compiles the bytecode: `npm ci` in infra/ first (make package does)")
        node = shutil.which("node") or "node"
        command = [node, str(ROOT / "infra" / "compile_bytecode.mjs"), str(site), PYTHON_VERSION, "/var/task"]
    subprocess.run(command, check=True, cwd=ROOT / "infra", env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"})


def chalice_runtime() -> list[tuple[Path, str]]:
    """Chalice's router, as `chalice package` ships it: chalice/__init__.py and chalice/app.py only."""
    import chalice
    import chalice.app

    return [(Path(chalice.__file__), "chalice/__init__.py"), (Path(chalice.app.__file__), "chalice/app.py")]


def _write(archive: zipfile.ZipFile, path: Path, name: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, path.read_bytes(), compresslevel=9)


def build(out: Path, *, root: Path = ROOT) -> Path:
    """Build out/appt.zip (and out/manifest.json with its size and sha256); returns the zip's path."""
    out.mkdir(parents=True, exist_ok=True)
    artifact = out / ARTIFACT
    with tempfile.TemporaryDirectory(prefix="appt-package-") as tmp:
        site = Path(tmp) / "site"
        install_dependencies(root / "requirements.lock", site)
        for path, name in chalice_runtime() + _files(root / "app.py", root) + _files(root / "chalicelib", root):
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / name)
        compile_bytecode(site)
        entries = _files(site, site, keep_bytecode=True)
        partial = Path(tmp) / ARTIFACT
        with zipfile.ZipFile(partial, "w") as archive:
            for path, name in sorted(entries, key=lambda entry: entry[1]):
                _write(archive, path, name)
        shutil.move(partial, artifact)
    data = artifact.read_bytes()
    manifest = {"artifact": ARTIFACT, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return artifact


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    artifact = build(args.out)
    size = artifact.stat().st_size
    print(f"{artifact.relative_to(ROOT) if artifact.is_relative_to(ROOT) else artifact}: "
          f"{size / 1024 / 1024:.2f} MB deployed in total (limit {LIMIT_BYTES / 1024 / 1024:.0f} MB)")
    if size > LIMIT_BYTES:
        print("over the limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
