"""The Pulumi project the command-line tools work on: its engine environment (the project's engine from
`make setup` when there is one, as `. .tools/env.sh` sets it up) and a stack's config and outputs read through the
pulumi CLI with secrets shown."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from .config import NAMESPACE
from .deployed import StackView

__all__ = ["ProjectError", "engine_env", "pulumi_json", "read_stack"]


class ProjectError(Exception):
    """A pulumi CLI call about the project failed; the message is the CLI's own."""


def engine_env(project: Path) -> dict[str, str]:
    """Use the project's engine (`make setup`) when present, as `. .tools/env.sh` would."""
    env = dict(os.environ)
    tools = project / ".tools" / "bin"
    if (tools / "pulumi").exists():
        env["PATH"] = f"{tools}{os.pathsep}{env.get('PATH', '')}"
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


def read_stack(stack: str, project: Path, namespace: str = NAMESPACE) -> StackView:
    env = engine_env(project)
    raw = pulumi_json(["config", "--stack", stack], project, env)
    config = {k: (v["objectValue"] if "objectValue" in v else v.get("value")) for k, v in raw.items()}
    outputs = pulumi_json(["stack", "output", "--stack", stack], project, env)
    return StackView(config=config, outputs=outputs, namespace=namespace)
