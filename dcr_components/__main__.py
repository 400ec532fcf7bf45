"""`python -m dcr_components verify --stack STACK`: live preflight of a deployed DCR environment."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .config import NAMESPACE
from .verify import StackView, run_checks


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
        raise SystemExit(f"pulumi {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return json.loads(done.stdout)


def read_stack(stack: str, project: Path, namespace: str = NAMESPACE) -> StackView:
    env = engine_env(project)
    raw = pulumi_json(["config", "--stack", stack], project, env)
    config = {k: (v["objectValue"] if "objectValue" in v else v.get("value")) for k, v in raw.items()}
    outputs = pulumi_json(["stack", "output", "--stack", stack], project, env)
    return StackView(config=config, outputs=outputs, namespace=namespace)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dcr_components")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check a deployed environment end to end")
    verify.add_argument("--stack", required=True)
    verify.add_argument("--project", type=Path, default=Path.cwd(), help="the Pulumi project directory")
    verify.add_argument("--namespace", default=NAMESPACE, help="the config namespace holding `dcr` (your program's)")
    args = parser.parse_args(argv)
    view = read_stack(args.stack, args.project, args.namespace)
    checks = run_checks(view)
    for check in checks:
        print(check.line())
    counts = {status: sum(c.status == status for c in checks) for status in ("pass", "fail", "skip")}
    print(f"\n{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    return 0 if counts["pass"] == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main())
