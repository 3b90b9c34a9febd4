"""Releases a person can deploy and roll back (docs/deploy.md):

    python -m infra.release tag                      # `make release`: tag HEAD as the next release
    python -m infra.release deploy --stage prod-cn --version v2026.12.07.1 [--api-domain H --api-certificate ARN]

`tag` refuses a tree with uncommitted changes, builds the package and makes an annotated tag
`v<YYYY.MM.DD>.<n>` (the n-th release of that UTC day) whose message records the package's sha256.
`deploy` checks the tag out into a worktree of its own, builds that tag's package there, its bytecode compiled by
that tag's pinned Pyodide (the build is reproducible: the same sources and locks give the same bytes), and
refuses it unless its sha256 is the one the tag recorded, synthesizes that tag's stacks, deploys the stage's
stack with the CDK CLI pinned in infra/package-lock.json, runs that tag's data migrations, and removes the
worktree. Rolling back is deploying the previous tag.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CDK = ROOT / "infra" / "node_modules" / ".bin" / "cdk"
TAG = re.compile(r"^v\d{4}\.\d{2}\.\d{2}\.\d+$")
SHA_LINE = re.compile(r"^package sha256 ([0-9a-f]{64})$", re.M)


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def next_version(existing: Sequence[str], now: datetime) -> str:
    day = now.astimezone(UTC).strftime("%Y.%m.%d")
    taken = [int(t.rsplit(".", 1)[1]) for t in existing if t.startswith(f"v{day}.") and TAG.match(t)]
    return f"v{day}.{max(taken, default=0) + 1}"


def package_sha(artifact: Path) -> str:
    return hashlib.sha256(artifact.read_bytes()).hexdigest()


def tag(repo: Path, artifact: Path, now: datetime) -> str:
    """Tag HEAD as the next release, recording the package's sha256; refuses uncommitted changes."""
    if git("status", "--porcelain", cwd=repo):  # untracked files too: the package takes what is on disk
        raise SystemExit("uncommitted changes or untracked files: a release is a commit, commit or stash them first")
    version = next_version(git("tag", "--list", "v*", cwd=repo).split(), now)
    git("tag", "--annotate", version, "--message",
        f"appt release {version}\n\npackage sha256 {package_sha(artifact)}", cwd=repo)
    return version


def recorded_sha(repo: Path, version: str) -> str:
    if not TAG.match(version):
        raise SystemExit(f"{version!r} is not a release tag (v<YYYY.MM.DD>.<n>): `git tag --list 'v*'` lists them")
    try:
        message = git("tag", "--list", "--format=%(contents)", version, cwd=repo)
    except subprocess.CalledProcessError:
        message = ""
    found = SHA_LINE.search(message)
    if not found:
        raise SystemExit(f"no release {version}: `git tag --list 'v*'` lists them (`make release` makes one)")
    return found.group(1)


@dataclass
class Deploy:
    stage: str
    version: str
    worktree: Path
    parameters: dict[str, str] = field(default_factory=dict)  # stack parameters given on this deploy

    def steps(self) -> list[tuple[str, list[str], dict[str, str]]]:
        """(what, command, extra environment), each run in the release's worktree."""
        stack = f"appt-{self.stage}"
        given = [arg for name, value in sorted(self.parameters.items()) for arg in ("--parameters", f"{stack}:{name}={value}")]
        region = {"AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1")}
        return [
            # the tag's Pyodide (its infra/package-lock.json) compiles that tag's bytecode (decision 0088)
            ("compiler", ["npm", "ci", "--prefix", "infra", "--no-audit", "--no-fund", "--loglevel=error"], {}),
            ("package", [sys.executable, "-m", "infra.package"], {}),
            ("synth", [sys.executable, "-m", "infra.app"], region),
            ("deploy", [str(CDK), "deploy", "--app", "infra/cdk.out", f"{stack}-data", stack,
                        "--require-approval", "broadening", *given], {}),
            ("migrations", [sys.executable, "-m", "infra.migrations"], {"STAGE": self.stage, "TABLE_PREFIX": stack}),
        ]


SPLIT_MARK = "infra/data_stack.py"  # a release that has it keeps the tables in appt-<stage>-data


def deploy(job: Deploy, repo: Path = ROOT) -> None:
    expected = recorded_sha(repo, job.version)
    if subprocess.run(["git", "cat-file", "-e", f"{job.version}:{SPLIT_MARK}"], cwd=repo, capture_output=True).returncode:
        raise SystemExit(f"{job.version} is from before the tables had their own stack: its app stack would create "
                         "them again under the same names. Deploy a release from after the split (docs/deploy.md)")
    git("worktree", "add", "--detach", str(job.worktree), job.version, cwd=repo)
    try:
        for what, command, extra in job.steps():
            if what == "migrations":
                extra = {**extra, "AWS_DEFAULT_REGION": stage_region(job.worktree, job.stage)}
            print(f"{job.version} -> {job.stage}: {what}", flush=True)
            subprocess.run(command, cwd=job.worktree, env={**os.environ, **extra}, check=True)
            if what == "package":
                built = package_sha(job.worktree / "dist" / "appt.zip")
                if built != expected:
                    raise SystemExit(f"{job.version}'s sources build {built}, not the package it was released with "
                                     f"({expected}): deploy nothing")
    finally:
        git("worktree", "remove", "--force", str(job.worktree), cwd=repo)


def stage_region(worktree: Path, stage: str) -> str:
    script = f"from infra.stages import BY_NAME; print(BY_NAME[{stage!r}].region)"
    return subprocess.run([sys.executable, "-c", script], cwd=worktree, check=True, capture_output=True,
                          text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tag")
    to = sub.add_parser("deploy")
    to.add_argument("--stage", required=True)
    to.add_argument("--version", default="")
    to.add_argument("--api-domain", default=None)
    to.add_argument("--api-certificate", default=None)
    args = parser.parse_args(argv)
    if args.command == "tag":
        print(tag(ROOT, ROOT / "dist" / "appt.zip", datetime.now(UTC)))
        return 0
    if not args.version:
        raise SystemExit("name the release to deploy: make deploy STAGE=<stage> VERSION=<tag> "
                         "(`git tag --list 'v*'`; rolling back is deploying the previous one)")
    parameters = {name: value for name, value in (("ApiDomainName", args.api_domain),
                                                  ("ApiCertificateArn", args.api_certificate)) if value is not None}
    with tempfile.TemporaryDirectory(prefix="appt-release-") as tmp:
        deploy(Deploy(args.stage, args.version, Path(tmp) / args.version, parameters))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
