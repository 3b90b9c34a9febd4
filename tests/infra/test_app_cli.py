"""`python -m infra.app --out DIR` names each template it wrote, wherever DIR is (a folder outside the
repository included)."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import infra.app


def test_synth_into_a_folder_outside_the_repository_names_the_templates(tmp_path, monkeypatch, capsys):
    out = tmp_path / "cdk.out"
    template = str(out / "appt-dev.template.json")
    written = SimpleNamespace(stacks=[SimpleNamespace(stack_name="appt-dev", template_full_path=template)])
    asked = {}

    def build(artifact: Path, to: Path):
        asked["out"] = to
        return SimpleNamespace(synth=lambda: written)

    monkeypatch.setattr(infra.app, "build", build)
    assert infra.app.main(["--out", str(out)]) == 0
    assert asked["out"] == out
    assert capsys.readouterr().out.splitlines() == [f"appt-dev: {out / 'appt-dev.template.json'}"]


def test_a_template_inside_the_repository_is_named_from_its_root(monkeypatch, capsys):
    inside = infra.app.DEFAULT_OUT / "appt-dev.template.json"
    written = SimpleNamespace(stacks=[SimpleNamespace(stack_name="appt-dev", template_full_path=str(inside))])
    monkeypatch.setattr(infra.app, "build", lambda artifact, to: SimpleNamespace(synth=lambda: written))
    assert infra.app.main([]) == 0
    assert capsys.readouterr().out.splitlines() == ["appt-dev: infra/cdk.out/appt-dev.template.json"]
