"""Which resource plugins a Python program needs (GetRequiredPlugins/Packages), and what is installed."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["installed_packages", "plugin_installed", "plugin_specs"]


def installed_packages(python: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json", "-v"], capture_output=True, text=True, check=True
    )
    return list(json.loads(out.stdout))


def plugin_specs(python: str) -> list[dict[str, str]]:
    """Resource plugins declared by `pulumi-plugin.json` in installed packages.

    Read from the virtualenv's site-packages directly: asking pip (`pip list -v`) costs about 0.4 s on every
    preview and update, for a handful of small files. An interpreter outside a virtualenv is still asked through pip.
    """
    folders = site_packages(python)
    if folders:
        return [spec for folder in folders for spec in specs_in(folder)]
    return specs_via_pip(python)


def site_packages(python: str) -> list[Path]:
    """A virtualenv interpreter's site-packages (`<venv>/bin/python` → `<venv>/lib/python3.*/site-packages`)."""
    venv = Path(python).parent.parent
    return sorted(venv.glob("lib/python3*/site-packages")) if (venv / "pyvenv.cfg").exists() else []


def specs_in(folder: Path) -> list[dict[str, str]]:
    specs = []
    for meta in sorted(folder.glob("*/pulumi-plugin.json")):
        data = json.loads(meta.read_text())
        if not data.get("resource"):
            continue
        package = meta.parent.name
        version = data.get("version") or dist_version(folder, package)
        if version:
            specs.append(
                {
                    "name": data.get("name") or package.removeprefix("pulumi_").replace("_", "-"),
                    "version": version,
                    "server": data.get("server", ""),
                }
            )
    return specs


def dist_version(folder: Path, package: str) -> str:
    """The installed version of the distribution named like `package`, from its dist-info folder name."""
    for info in folder.glob(f"{package}-*.dist-info"):
        return info.name[len(package) + 1 : -len(".dist-info")]
    return ""


def specs_via_pip(python: str) -> list[dict[str, str]]:
    specs = []
    for pkg in installed_packages(python):
        name = pkg["name"].lower().replace("_", "-")
        if not name.startswith("pulumi-") or name == "pulumi":
            continue
        location = pkg.get("location")
        if not location:
            continue
        meta = Path(location) / name.replace("-", "_") / "pulumi-plugin.json"
        if not meta.exists():
            continue
        data = json.loads(meta.read_text())
        if data.get("resource"):
            specs.append(
                {
                    "name": data.get("name") or name.removeprefix("pulumi-"),
                    "version": data.get("version") or pkg["version"],
                    "server": data.get("server", ""),
                }
            )
    return specs


def plugin_installed(name: str, version: str) -> bool:
    """Only report plugins that are present: a reported-but-missing plugin fails every run when
    automatic acquisition is off, even for programs that never use it."""
    home = Path(os.environ.get("PULUMI_HOME") or Path.home() / ".pulumi")
    folder = home / "plugins" / f"resource-{name}-v{version.lstrip('v')}"
    on_path = any(
        (Path(p) / f"pulumi-resource-{name}").exists() for p in os.environ.get("PATH", "").split(os.pathsep) if p
    )
    return (folder.is_dir() and not Path(f"{folder}.partial").exists()) or on_path
