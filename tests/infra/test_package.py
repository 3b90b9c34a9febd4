"""The deployable artifact: `make package` builds dist/appt.zip once; it stays under 15 MB, vendors neither
boto3/botocore nor test or CDK tooling, and imports in a clean environment that has only boto3 besides
(what the Lambda runtime offers): `app`, every handler Chalice deploys, and the modules imported lazily.

It is built for the functions' machine (arm64, infra/lambda_platform.py), which cannot run here: every shared
object in it is an ELF for that machine and tagged for CPython 3.11 or the stable ABI, and what is imported
here is its twin (infra/import_twin.py), the same files but the extension modules, which are this machine's
build of the same locked versions."""
from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from chalicelib.api import console
from infra import import_twin, lambda_platform, package
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
        assert name.endswith((f".cpython-311-{machine.triplet}.so", ".abi3.so")), name


def test_the_imported_twin_differs_from_the_artifact_only_in_its_extension_modules(built: Path, twin: Path) -> None:
    archive = zipfile.ZipFile(built)
    deployed, here = lambda_platform.MACHINES[lambda_platform.ARCHITECTURE], lambda_platform.host()
    files = sorted(path.relative_to(twin).as_posix() for path in twin.rglob("*") if path.is_file())
    expected = sorted(name.replace(deployed.triplet, here.triplet) if shared(name) else name for name in archive.namelist())
    assert files == expected
    for name in archive.namelist():
        if shared(name):
            assert elf_machine((twin / name.replace(deployed.triplet, here.triplet)).read_bytes()) == here.elf_machine
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
    assert sys.version_info[:2] == (3, 11)  # the bundle's wheels are cp311


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
