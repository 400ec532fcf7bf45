"""The CI workflows a team copies (ci/github/) pass actionlint, which `make lint` runs; and actionlint does reject a
broken one (so its pass means something)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.engine import BIN, ROOT

WORKFLOWS = sorted((ROOT / "ci" / "github").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    if not (BIN / "actionlint").exists():
        pytest.fail("actionlint is missing at .tools/bin/actionlint: run `make setup` (it builds it from Go modules)")
    return subprocess.run(
        [str(BIN / "actionlint"), *map(str, files)], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_shipped_workflows_pass_actionlint() -> None:
    assert [w.name for w in WORKFLOWS] == ["deploy.yml", "drift.yml", "preview.yml"]
    done = actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_rejects_a_misspelled_key_and_an_unknown_expression(tmp_path: Path) -> None:
    broken = (ROOT / "ci" / "github" / "drift.yml").read_text()
    broken = broken.replace("timeout-minutes: 30", "timeout-minute: 30").replace("secrets.KONNECT_TOKEN", "secret.X")
    path = tmp_path / "drift.yml"
    path.write_text(broken)
    done = actionlint(path)
    assert done.returncode != 0
    assert 'unexpected key "timeout-minute"' in done.stdout and 'undefined variable "secret"' in done.stdout
