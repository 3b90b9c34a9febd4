"""The three locks install one world: `make run` (requirements-run.lock), `make test`/`make synth`
(requirements-dev.lock) and the Lambda bundle (requirements.lock) pin every package they share to the same
version, every pin carries its hashes, and the local run's lock holds none of the test and deploy tools."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)((?:\s*\\\n\s*--hash=sha256:[0-9a-f]{64})*)", re.M)
TOOLS = {"pytest", "pytest-xdist", "hypothesis", "playwright", "mypy", "ruff", "import-linter", "aws-cdk-lib",
         "constructs", "cdk-nag", "cfn-lint", "pip-tools", "sympy"}


def pins(name: str) -> dict[str, tuple[str, frozenset[str]]]:
    """package: (version, its hashes)."""
    found = {}
    for package, version, hashes in PIN.findall((ROOT / name).read_text(encoding="utf-8")):
        assert hashes, f"{name}: {package}=={version} has no hash"
        found[package.lower()] = (version, frozenset(re.findall(r"sha256:([0-9a-f]{64})", hashes)))
    return found


def top_level(name: str) -> set[str]:
    names = set()
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-r"):
            names.add(re.split(r"[\[=<>]", line, maxsplit=1)[0].lower())
    return names


@pytest.mark.parametrize("lock", ["requirements-run.lock", "requirements-dev.lock"])
def test_each_lock_pins_what_its_requirements_name(lock):
    source = lock.replace(".lock", ".txt")
    assert top_level(source) | top_level("requirements.txt") <= set(pins(lock))


def test_the_local_runs_lock_agrees_with_the_tools_and_the_bundle():
    """Same version and the same files (hashes) wherever two locks pin one package."""
    run, dev, bundle = pins("requirements-run.lock"), pins("requirements-dev.lock"), pins("requirements.lock")
    assert {p: (v, dev.get(p)) for p, v in run.items() if dev.get(p) != v} == {}
    assert {p: (v, run.get(p)) for p, v in bundle.items() if run.get(p) != v} == {}


def test_the_local_run_installs_none_of_the_test_and_deploy_tools():
    assert TOOLS & set(pins("requirements-run.lock")) == set()
    assert set(pins("requirements-dev.lock")) >= TOOLS


def test_make_installs_each_environment_from_its_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_rule = makefile.split("$(RUN_STAMP): ", 1)[1].split("\n\n", 1)[0]
    dev_rule = makefile.split("$(STAMP): ", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r requirements-run.lock" in run_rule
    assert "--require-hashes -r requirements-dev.lock" in dev_rule
    assert re.search(r"^run: \$\(RUN_STAMP\)$", makefile, re.M)
