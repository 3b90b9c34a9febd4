"""The repository explains itself: no tracked text file points at a document or path outside it.

Rules are cited by their anchor in our own docs (`docs/product-rules.md#lateness`), never by a path above
the repository or by a bracketed number standing for some other document.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve()

# written in pieces, so that the patterns themselves are not a reference to anything
UP = ".." + "/"
SPEC = "SP" + "EC"
FORBIDDEN_TEXT = (UP + "shared", SPEC + " §", SPEC + ".md", "seeds" + "/")
CITATION = re.compile(r"\[0\d\d[^\]]*\]")  # [000], [003 17], [000 规范 2.2] ...


def tracked_text_files() -> list[tuple[Path, str]]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True
    ).stdout.decode("utf-8").split("\0")
    files = []
    for name in filter(None, listed):
        path = REPO / name
        if path.resolve() == THIS or not path.is_file():  # this file names the patterns; deleted files are gone
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue  # binary
        try:
            files.append((path, data.decode("utf-8")))
        except UnicodeDecodeError:
            continue  # not text
    return files


def outside_references(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if any(needle in line for needle in FORBIDDEN_TEXT) or CITATION.search(line):
            found.append((number, line.strip()))
    return found


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
def test_no_tracked_file_refers_outside_the_repository():
    files = tracked_text_files()
    assert files, "git ls-files listed no text file"
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line}"
        for path, text in files
        for number, line in outside_references(text)
    ]
    assert not offenders, "references outside the repository (cite docs/ instead):\n" + "\n".join(offenders)


@pytest.mark.parametrize("line", [
    f"see {UP}shared/{SPEC}.md", f"the {SPEC} §8 error shape", "loaded from seeds" + "/demo.json", "预留时间 [000]",
    "[000 2.14]", "[003 17]", "[002][003]", "(规范7 [000])", "[000 规范 2.2]", "[001]", "[004]",
])
def test_the_patterns_catch_every_citation_form(line):
    assert outside_references(line) == [(1, line)]


@pytest.mark.parametrize("line", [
    "(docs/product-rules.md#grace-release)", "预留时间, 削峰填谷", "seeds the demo chain", "xs[0]", "[1, 2]",
])
def test_the_patterns_leave_our_own_references_alone(line):
    assert outside_references(line) == []
