"""A deployed stack as the operator tools see it: the project's engine environment (the engine `make setup` built,
as `. .tools/env.sh` sets it up, else the pulumi on PATH), and one stack's config and outputs read through the pulumi
CLI with secrets shown, with the environment parsed from that config. The only module that knows the repository's
engine folders (`.tools/bin`, `.pulumi-home`, `.state`)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import KEY, NAMESPACE, EnvironmentConfig, parse_config

__all__ = [
    "ProjectError",
    "StackView",
    "engine_env",
    "engine_root",
    "pulumi_json",
    "read_config",
    "read_stack",
    "stack_file",
]


class ProjectError(Exception):
    """A pulumi CLI call about the project failed; the message is the CLI's own."""


@dataclass
class StackView:
    """`pulumi config` and `pulumi stack output` of one stack (both with secrets shown)."""

    config: dict[str, Any]
    outputs: dict[str, Any]
    namespace: str = NAMESPACE
    env: EnvironmentConfig = field(init=False)

    def __post_init__(self) -> None:
        self.env = parse_config(self.config[f"{self.namespace}:{KEY}"], self.namespace)


def engine_root(project: Path) -> Path | None:
    """The folder holding the project's own engine (`<project>/.tools`, with `bin/pulumi`), if `make setup` ran."""
    tools = project / ".tools"
    return tools if (tools / "bin" / "pulumi").exists() else None


def engine_env(project: Path) -> dict[str, str]:
    """Use the project's engine (`make setup`) when present, as `. .tools/env.sh` would."""
    env = dict(os.environ)
    root = engine_root(project)
    if root is not None:
        env["PATH"] = f"{root / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env.setdefault("PULUMI_HOME", str(project / ".pulumi-home"))
        env.setdefault("PULUMI_BACKEND_URL", f"file://{project / '.state'}")
    env.setdefault("PULUMI_SKIP_UPDATE_CHECK", "true")
    return env


def pulumi_json(args: list[str], project: Path, env: dict[str, str]) -> Any:
    done = subprocess.run(
        ["pulumi", *args, "--json", "--show-secrets", "--non-interactive"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ProjectError(f"pulumi {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(done.stdout)


def read_config(stack: str, project: Path) -> dict[str, Any]:
    """A stack's config with secrets shown; ProjectError (the CLI's own words) when the stack does not exist."""
    raw = pulumi_json(["config", "--stack", stack], project, engine_env(project))
    return {k: (v["objectValue"] if "objectValue" in v else v.get("value")) for k, v in raw.items()}


def read_stack(stack: str, project: Path, namespace: str = NAMESPACE) -> StackView:
    config = read_config(stack, project)
    outputs = pulumi_json(["stack", "output", "--stack", stack], project, engine_env(project))
    return StackView(config=config, outputs=outputs, namespace=namespace)


def stack_file(stack: str, project: Path) -> Path:
    """Where a stack's settings live: `Pulumi.<stack>.yaml` in the project's `stackConfigDir` (or beside
    Pulumi.yaml)."""
    folder = project
    for line in (project / "Pulumi.yaml").read_text().splitlines():
        if line.startswith("stackConfigDir:"):
            folder = project / line.split(":", 1)[1].strip().strip("'\"")
    return folder / f"Pulumi.{stack}.yaml"
