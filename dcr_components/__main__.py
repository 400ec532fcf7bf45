"""`python -m dcr_components verify|try --stack STACK`: live preflight of a deployed DCR environment, and a
developer's round trip through its Dev Portal for a person to watch."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .config import NAMESPACE
from .deployed import StackView, is_sandbox
from .konnect.client import KonnectClient, KonnectSettings
from .konnect.errors import KonnectConfigError
from .trial import Trial, TrialFailed, prompt_mailbox, sandbox_mailbox
from .verify import run_checks


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


def run_verify(args: argparse.Namespace) -> int:
    view = read_stack(args.stack, args.project, args.namespace)
    checks = run_checks(view, round_trip=args.round_trip, email=args.email)
    for check in checks:
        print(check.line())
    counts = {status: sum(c.status == status for c in checks) for status in ("pass", "fail", "skip")}
    print(f"\n{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    return 0 if counts["pass"] == len(checks) else 1


def run_try(args: argparse.Namespace) -> int:
    view = read_stack(args.stack, args.project, args.namespace)
    try:
        konnect = KonnectClient(KonnectSettings.resolve(view.config.get))
    except KonnectConfigError as exc:
        print(f"try: {exc}")
        return 2
    if is_sandbox(konnect.base_url):
        mailbox = sandbox_mailbox(konnect.base_url)
    elif args.email and sys.stdin.isatty():
        mailbox = prompt_mailbox()
    else:
        print("try: Konnect is not the sandbox, so the verification email goes to a real inbox: pass --email <yours>")
        print("     and run in a terminal to paste the token from that email")
        return 2
    trial = Trial(view, konnect, mailbox, api_name=args.api, **({"email": args.email} if args.email else {}))
    print(f"A developer's round trip through the Dev Portal of stack {args.stack}:")
    try:
        trial.run(lambda step: print(step.line(), flush=True))
    except TrialFailed as exc:
        print(f"FAIL  {exc.step}: {exc.reason}")
        return 1
    finally:
        konnect.close()
    print("\nDCR works: the app got Auth0 credentials, a token for the API, and its deletion removed the client.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dcr_components")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="check a deployed environment end to end")
    trial = commands.add_parser("try", help="act out a developer registering an app through the Dev Portal")
    for command in (verify, trial):
        command.add_argument("--stack", required=True)
        command.add_argument("--project", type=Path, default=Path.cwd(), help="the Pulumi project directory")
        command.add_argument("--namespace", default=NAMESPACE, help="the config namespace holding `dcr` (yours)")
        command.add_argument("--email", help="the trial developer's address (default: a new one at example.com)")
    verify.add_argument(
        "--round-trip",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also act out a developer (default: on the sandbox only; elsewhere with --email, asking for its token)",
    )
    trial.add_argument("--api", help="the apis[] entry to register for (default: the first)")
    args = parser.parse_args(argv)
    return run_verify(args) if args.command == "verify" else run_try(args)


if __name__ == "__main__":
    sys.exit(main())
