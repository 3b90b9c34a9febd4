"""The deployable artifact: `make package` builds dist/appt.zip once; it stays under 15 MB, vendors neither
boto3/botocore nor test or CDK tooling, and imports in a clean environment that has only boto3 besides
(what the Lambda runtime offers): `app`, every handler Chalice deploys, and the modules imported lazily.

It is built for the functions' machine and Python (arm64, CPython 3.13: infra/lambda_platform.py), which cannot
run here: every shared object in it is an ELF for that machine and tagged for CPython 3.13 or the stable ABI,
every module's bytecode is 3.13's (compiled by Pyodide's CPython 3.13, decision 0088), and what is imported here
is its twin (infra/import_twin.py), the same files but the extension modules, which are this machine's build of
the same locked versions for its Python 3.11. So the import is checked on 3.11, not on 3.13: what 3.13 removed
from the standard library is looked for by reading the sources (infra/python_removals.py)."""
from __future__ import annotations

import _imp
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from chalicelib.api import console
from infra import import_twin, lambda_platform, package, python_removals
from tests.support.patience import TOOL

ROOT = Path(__file__).resolve().parents[2]
NOT_IN_BUNDLE = ("boto3/", "botocore/", "s3transfer/", "moto/", "pytest/", "aws_cdk/", "cdk_nag/", "jsii/",
                 "cfnlint/", "devstack/", "tests/", "bench/", "infra/")
BOTO3 = re.search(r"^boto3==(\S+)", (ROOT / "requirements-dev.txt").read_text(), re.M)

PROBE = """
import importlib, pkgutil, sys
import app
import chalicelib
names = ["app"] + [m.name for m in pkgutil.walk_packages(chalicelib.__path__, "chalicelib.")]
for name in names:
    importlib.import_module(name)
handlers = sorted(source.name for source in app.app.event_sources)  # deployed as "app.<name>"
assert handlers, "the scheduled functions"
for name in handlers:
    assert getattr(app, name) is app.app.handler_map[name], name
assert callable(app.app)  # the API handler, "app.app"
# imported lazily by the code, so importing app above did not prove them
import wechatpy.crypto, cryptography.hazmat.primitives.ciphers
import tencentcloud.sms.v20210111.sms_client
import aws_lambda_powertools.metrics, aws_lambda_powertools.logging
import botocore
assert "site-packages" in botocore.__file__, botocore.__file__  # the runtime's, not the bundle's
print(len(names), "modules;", "handlers:", ",".join(handlers))
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package.build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def twin(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    task = tmp_path_factory.mktemp("task")  # /var/task, on this machine
    import_twin.unpack(built, task, lambda_platform.host())
    return task


def elf_machine(data: bytes) -> int:
    assert data[:4] == b"\x7fELF", "not an ELF file"
    return int.from_bytes(data[18:20], "little" if data[5] == 1 else "big")  # e_machine, in EI_DATA's byte order


def shared(name: str) -> bool:
    return re.search(r"\.so(\.\d+)*$", name) is not None


def cpython_tag(version: str) -> str:
    return "cpython-" + version.replace(".", "")  # 3.13: cpython-313 (.pyc and extension module names)


def bytecode_of(source: str, tag: str) -> str:
    """a/b.py -> a/__pycache__/b.<tag>.pyc (app.py -> __pycache__/app.<tag>.pyc)"""
    directory, _, module = source.rpartition("/")
    return f"{directory}/__pycache__/{module.removesuffix('.py')}.{tag}.pyc".lstrip("/")


def test_the_package_is_under_15_mb_without_the_runtime_s_libraries(built: Path) -> None:
    assert built.stat().st_size <= package.LIMIT_BYTES, f"{built.stat().st_size / 2**20:.2f} MB"
    names = zipfile.ZipFile(built).namelist()
    assert {"app.py", "chalice/app.py", "chalicelib/container.py"} <= set(names)
    static = {f"chalicelib/api/static/{name}" for name in ("console.html", *console.ASSETS)}
    assert static <= set(names), "the staff console's and the board's files are package data"
    assert not [n for n in names if n.startswith(NOT_IN_BUNDLE)]
    assert any(n.startswith("cryptography/") for n in names), "wechatpy cannot import without it"


def test_the_lock_pins_every_requirement_with_hashes_and_nothing_the_runtime_has() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    direct = {re.split(r"[=<>\[ ]", line)[0].lower() for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert direct <= package.locked_names(ROOT / "requirements.lock")
    assert not package.locked_names(ROOT / "requirements.lock") & set(package.RUNTIME_PROVIDED)
    blocks = [b for b in re.split(r"\n(?=[a-z0-9])", lock) if "==" in b.split("\n")[0]]
    assert blocks and all("--hash=sha256:" in block for block in blocks)


def test_every_shared_object_is_built_for_the_functions_machine_and_python(built: Path) -> None:
    archive = zipfile.ZipFile(built)
    objects = [name for name in archive.namelist() if shared(name)]
    assert len(objects) >= 6  # cffi, cryptography, argon2's bindings, msgspec, charset_normalizer's two
    machine = lambda_platform.MACHINES[lambda_platform.ARCHITECTURE]
    for name in objects:
        assert elf_machine(archive.read(name)) == machine.elf_machine == 183, name  # EM_AARCH64
        assert name.endswith((f".cpython-313-{machine.triplet}.so", ".abi3.so")), name


def test_every_module_ships_the_bytecode_of_python_3_13_compiled_from_its_source(built: Path) -> None:
    """Unchecked-hash .pyc of 3.13 beside every module: its magic number (3.13's), its flags (0b01: a source hash,
    never checked against the source in /var/task) and that hash, which is SipHash-1-3 of the source keyed with
    the magic number: 3.11's _imp.source_hash computes 3.13's when given 3.13's key."""
    archive = zipfile.ZipFile(built)
    tag = cpython_tag(lambda_platform.PYTHON_VERSION)
    magic = lambda_platform.MAGIC_NUMBERS[lambda_platform.PYTHON_VERSION].to_bytes(2, "little") + b"\r\n"
    assert magic == bytes.fromhex("f30d0d0a")  # 3571, CPython 3.13's
    sources = sorted(name for name in archive.namelist() if name.endswith(".py"))
    compiled = sorted(name for name in archive.namelist() if name.endswith(".pyc"))
    assert len(sources) > 1000
    assert compiled == sorted(bytecode_of(name, tag) for name in sources)
    for name in sources:
        header = archive.read(bytecode_of(name, tag))[:16]
        assert header[:4] == magic, name
        assert int.from_bytes(header[4:8], "little") == 0b01, name  # hash-based, check_source off
        assert header[8:16] == _imp.source_hash(int.from_bytes(magic, "little"), archive.read(name)), name


def test_pyodide_compiles_only_for_the_python_it_embeds(tmp_path: Path) -> None:
    """The pinned Pyodide's CPython is the functions' (3.13): asked for another version it compiles nothing."""
    (tmp_path / "module.py").write_text("VALUE = 1\n")
    script = str(ROOT / "infra" / "compile_bytecode.mjs")
    refused = subprocess.run(["node", script, str(tmp_path), "3.11", "/var/task"], cwd=ROOT / "infra",
                             capture_output=True, text=True, timeout=TOOL)
    assert refused.returncode == 2 and "not 3.11" in refused.stderr, refused.stderr
    assert not (tmp_path / "__pycache__").exists()


def test_no_module_imports_what_python_3_13_removed_unguarded(built: Path) -> None:
    """The import test below runs on 3.11, which still has the modules 3.12 and 3.13 removed (PEP 594's cgi,
    imghdr, telnetlib, ...; distutils, imp): a source that imports one outside a try/except ImportError or a
    version test would pass there and fail in Lambda."""
    removed = python_removals.removed_since("3.11", lambda_platform.PYTHON_VERSION)
    assert {"cgi", "imghdr", "telnetlib", "distutils", "imp"} <= removed
    archive = zipfile.ZipFile(built)
    found = [hit for name in archive.namelist() if name.endswith(".py")
             for hit in python_removals.unguarded_imports(name, archive.read(name), removed)]
    assert found == []


def test_the_scan_finds_an_unguarded_import_of_a_removed_module_and_passes_a_guarded_one() -> None:
    source = (b"import cgi\nfrom tkinter import tix\ntry:\n    import imghdr\nexcept ImportError:\n    imghdr = None\n"
              b"import sys\nif sys.version_info < (3, 12):\n    import imp\ndef f():\n    from distutils import log\n")
    removed = python_removals.removed_since("3.11", "3.13")
    found = python_removals.unguarded_imports("m.py", source, removed)
    assert [(hit.line, hit.module) for hit in found] == [(1, "cgi"), (2, "tkinter.tix"), (11, "distutils")]
    assert python_removals.removed_since("3.11", "3.11") == frozenset()


def test_the_imported_twin_differs_from_the_artifact_only_in_its_extension_modules(built: Path, twin: Path) -> None:
    archive = zipfile.ZipFile(built)
    deployed, here = lambda_platform.MACHINES[lambda_platform.ARCHITECTURE], lambda_platform.host()
    # cpython-313-aarch64-linux-gnu (Lambda's) -> cpython-311-x86_64-linux-gnu (this machine's); abi3 stays
    there_tag = f"{cpython_tag(lambda_platform.PYTHON_VERSION)}-{deployed.triplet}"
    here_tag = f"{cpython_tag(import_twin.python_version())}-{here.triplet}"
    files = sorted(path.relative_to(twin).as_posix() for path in twin.rglob("*") if path.is_file())
    expected = sorted(name.replace(there_tag, here_tag) if shared(name) else name for name in archive.namelist())
    assert files == expected
    for name in archive.namelist():
        if shared(name):
            assert elf_machine((twin / name.replace(there_tag, here_tag)).read_bytes()) == here.elf_machine
        else:
            assert (twin / name).read_bytes() == archive.read(name), name


def test_the_same_sources_build_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = package.build(tmp_path)
    assert again.read_bytes() == built.read_bytes()


def test_the_package_imports_in_a_clean_environment_with_only_boto3(twin: Path, tmp_path: Path) -> None:
    assert BOTO3, "requirements-dev.txt pins boto3"
    task = twin  # the artifact, but for its extension modules (built for this machine)
    env_dir = tmp_path / "runtime"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"boto3=={BOTO3[1]}"],
                   check=True, capture_output=True)
    result = subprocess.run(
        [python, "-s", "-c", PROBE], cwd=task, capture_output=True, text=True, timeout=TOOL,
        env={"PYTHONPATH": str(task), "STAGE": "prod", "AWS_DEFAULT_REGION": "cn-north-1", "PATH": "/usr/bin:/bin",
             "TABLE_PREFIX": "appt-prod", "PYTHONDONTWRITEBYTECODE": "1"},  # /var/task is read-only
    )
    assert result.returncode == 0, result.stderr
    assert "handlers:" in result.stdout
    # imported by 3.11 from the sources (3.11 ignores the cpython-313 .pyc), with cp311 extension modules: the
    # deployed 3.13 is not run here (decision 0088)
    assert sys.version_info[:2] == (3, 11)


def test_the_twin_refuses_a_wheel_whose_other_files_are_not_the_deployed_ones(tmp_path: Path) -> None:
    """The twin swaps shared objects only: a wheel of the other machine whose Python differs is refused."""
    task = tmp_path / "task"
    (task / "pkg").mkdir(parents=True)
    (task / "pkg" / "__init__.py").write_text("deployed = True\n")
    wheel = tmp_path / "pkg-1.0-cp311-cp311-manylinux2014_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("pkg/_core.cpython-311-x86_64-linux-gnu.so", b"\x7fELF")
        archive.writestr("pkg-1.0.dist-info/WHEEL", "Tag: cp311-cp311-manylinux2014_x86_64\n")
        archive.writestr("pkg/tests/test_core.py", "left out of the package\n")
        archive.writestr("pkg/__init__.py", "deployed = True\n")
    import_twin._swap(wheel, task)
    assert (task / "pkg" / "_core.cpython-311-x86_64-linux-gnu.so").read_bytes() == b"\x7fELF"
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("pkg/other.py", "not deployed\n")
    with pytest.raises(ValueError, match="pkg/other.py is not the deployed file"):
        import_twin._swap(wheel, task)
