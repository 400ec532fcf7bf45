"""`pulumi about` tells which Python language host runs: the one make setup chose (.tools/language-host)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.engine import ROOT, Project

pytestmark = pytest.mark.e2e


def test_pulumi_about_names_the_language_host_make_setup_installed(tmp_path: Path) -> None:
    source, _, version = (ROOT / ".tools" / "language-host").read_text().split()
    project = Project(tmp_path, "guarded")

    about = project.run("about").stdout

    plugins = [line.split() for line in about.splitlines() if line.startswith("language ")]
    assert ["language", "python", version] in plugins, about
    if source == "project":
        assert "+konnect-auth0-dcr" in version
        assert f"languageHost='konnect-auth0-dcr {version}'" in about, about
    else:
        assert "konnect-auth0-dcr" not in about, about
