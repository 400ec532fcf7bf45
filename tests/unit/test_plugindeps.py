"""The language host finds a program's resource plugins from its virtualenv's files, as pip would report them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.engine import ROOT
from tests.support.toolchain import tool_module

plugindeps = tool_module("plugindeps")


def test_plugins_are_read_from_site_packages_without_starting_pip(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    for package, meta in {
        "pulumi_auth0": {"resource": True, "name": "auth0", "version": "3.49.0"},
        "pulumi_my_cloud": {"resource": True, "server": "https://plugins.example"},
        "pulumi_policy": {"resource": False},
    }.items():
        (site / package).mkdir(parents=True)
        (site / package / "pulumi-plugin.json").write_text(json.dumps(meta))
    (site / "pulumi_my_cloud-1.2.3.dist-info").mkdir()
    (venv / "bin").mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")

    assert plugindeps.plugin_specs(str(venv / "bin" / "python")) == [
        {"name": "auth0", "version": "3.49.0", "server": ""},
        {"name": "my-cloud", "version": "1.2.3", "server": "https://plugins.example"},
    ]


def test_the_files_give_what_pip_gives_for_the_projects_virtualenv() -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    assert plugindeps.site_packages(python), "the project's .venv is a virtualenv"
    assert plugindeps.plugin_specs(python) == plugindeps.specs_via_pip(python)
