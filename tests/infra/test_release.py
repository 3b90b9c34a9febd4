"""Releases (infra/release.py): `make release` tags a clean HEAD with its package's sha256; `make deploy
STAGE= VERSION=` deploys that tag's package (rebuilt from the tag, refused unless it is the released bytes)
with the CDK CLI of infra/package-lock.json; rolling back is deploying the previous tag."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from infra import release

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (["init", "-q"], ["config", "user.email", "ops@example.com"], ["config", "user.name", "ops"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    (repo / "app.py").write_text("print('v1')\n")
    (repo / "infra").mkdir()
    (repo / "infra" / "data_stack.py").write_text("# the tables' own stack\n")  # a release after the split
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "v1"], cwd=repo, check=True)
    return repo


def artifact(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "appt.zip"
    path.write_bytes(content)
    return path


def test_releases_are_numbered_per_day():
    assert release.next_version([], NOW) == "v2026.12.07.1"
    assert release.next_version(["v2026.12.07.1", "v2026.12.07.2", "v2026.12.06.5", "other"], NOW) == "v2026.12.07.3"


def test_a_release_tags_a_clean_head_with_its_package(repo, tmp_path):
    zip_path = artifact(tmp_path, b"package one")
    assert release.tag(repo, zip_path, NOW) == "v2026.12.07.1"
    assert release.recorded_sha(repo, "v2026.12.07.1") == release.package_sha(zip_path)
    assert release.tag(repo, zip_path, NOW) == "v2026.12.07.2"
    (repo / "app.py").write_text("print('changed')\n")
    with pytest.raises(SystemExit, match="uncommitted changes"):
        release.tag(repo, zip_path, NOW)


@pytest.mark.parametrize("version", ["main", "v2026.12.07.9"])
def test_only_a_release_tag_can_be_deployed(repo, version):
    with pytest.raises(SystemExit, match="tag --list"):
        release.recorded_sha(repo, version)


def test_a_deploy_builds_synthesizes_deploys_with_the_pinned_cli_and_migrates(tmp_path):
    certificate = "arn:aws-cn:acm:cn-northwest-1:1:certificate/x"
    job = release.Deploy("prod-cn", "v2026.12.07.1", tmp_path / "wt",
                         {"ApiDomainName": "api.example.cn", "ApiCertificateArn": certificate})
    steps = {what: (command, env) for what, command, env in job.steps()}
    assert list(steps) == ["compiler", "package", "synth", "deploy", "migrations"]
    # the tag's pinned Pyodide compiles its package's bytecode (decision 0088): installed in the tag's worktree
    assert steps["compiler"][0][:4] == ["npm", "ci", "--prefix", "infra"]
    command, _ = steps["deploy"]
    assert command[0] == str(ROOT / "infra" / "node_modules" / ".bin" / "cdk")
    assert command[4:6] == ["appt-prod-cn-data", "appt-prod-cn"]  # the tables' stack first
    assert command[-4:] == ["--parameters", f"appt-prod-cn:ApiCertificateArn={certificate}",
                            "--parameters", "appt-prod-cn:ApiDomainName=api.example.cn"]
    assert steps["migrations"][1] == {"STAGE": "prod-cn", "TABLE_PREFIX": "appt-prod-cn"}


def test_a_tag_whose_sources_build_other_bytes_deploys_nothing(repo, tmp_path, monkeypatch):
    release.tag(repo, artifact(tmp_path, b"released bytes"), NOW)
    ran = []

    class Rebuilt(release.Deploy):
        def steps(self):
            write = "import pathlib; pathlib.Path('dist').mkdir(); pathlib.Path('dist/appt.zip').write_bytes(b'other bytes')"
            return [("package", [sys.executable, "-c", write], {}), ("deploy", ["false"], {})]

    real = subprocess.run
    monkeypatch.setattr(release.subprocess, "run", lambda *a, **k: ran.append(a[0]) or real(*a, **k))
    with pytest.raises(SystemExit, match="deploy nothing"):
        release.deploy(Rebuilt("dev", "v2026.12.07.1", tmp_path / "wt"), repo)
    assert ["false"] not in ran and not (tmp_path / "wt").exists()  # the worktree is removed too


def test_the_cdk_cli_is_pinned_by_the_npm_lock_and_make_deploy_names_a_release():
    pinned = json.loads((ROOT / "infra" / "package.json").read_text())["devDependencies"]["aws-cdk"]
    locked = json.loads((ROOT / "infra" / "package-lock.json").read_text())["packages"]["node_modules/aws-cdk"]
    assert pinned == locked["version"] and locked["integrity"].startswith("sha512-")
    pyodide = json.loads((ROOT / "infra" / "package.json").read_text())["devDependencies"]["pyodide"]
    locked = json.loads((ROOT / "infra" / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]
    assert pyodide == locked["version"] and locked["integrity"].startswith("sha512-")  # the bytecode's compiler
    makefile = (ROOT / "Makefile").read_text()
    assert "npx" not in makefile.split("\ndeploy:", 1)[1].split("\n\n", 1)[0]
    assert "cd infra && npm ci" in makefile and "--version $(VERSION)" in makefile
