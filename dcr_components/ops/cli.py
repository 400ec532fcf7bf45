"""`python -m dcr_components verify|try --stack STACK`: live preflight of a deployed DCR environment, and a
developer's round trip through its Dev Portal for a person to watch; `fleet preview|up|drift|verify`: the same
operations over many stacks at once; `codify --stack STACK`: a setup made by hand brought under a stack."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from ..config import NAMESPACE
from ..konnect.client import KonnectClient, KonnectSettings
from ..konnect.errors import KonnectConfigError
from .inbox import NO_INBOX, choose_mailbox, is_sandbox
from .stack import ProjectError, read_stack
from .tenant import tenant
from .trial import Trial, TrialFailed
from .trial_leftovers import clean_up_leftovers
from .verify import run_checks


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
    if args.clean_up:
        with tenant(view.env) as auth0:
            try:
                removed = clean_up_leftovers(view, konnect, auth0, print, email=args.email)
            finally:
                konnect.close()
        print(f"{removed} object(s) of interrupted trials removed")
        return 0
    sandbox = is_sandbox(konnect.base_url)
    mailbox = choose_mailbox(konnect.base_url, args.email, sandbox=sandbox)
    if mailbox is None:
        print(f"try: {NO_INBOX}")
        return 2
    trial = Trial(view, konnect, mailbox, api_name=args.api, sandbox=sandbox)
    if args.email:
        trial.email = args.email
    print(f"A developer's round trip through the Dev Portal of stack {args.stack}:")

    def stop(_signal: int, _frame: FrameType | None) -> None:
        # SIGTERM (CI cancel, `timeout`) and Ctrl-C end the trial before its next step, then its clean-up runs. A
        # second signal does not wait for the step to end.
        if trial.interrupted:
            raise KeyboardInterrupt
        trial.interrupted = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        trial.run(lambda step: print(step.line(), flush=True))
    except TrialFailed as exc:
        print(f"FAIL  {exc.step}: {exc.reason}")
        return 1
    except KeyboardInterrupt:
        print("try: interrupted; what the trial had created was removed (above)", flush=True)
        return 130
    finally:
        konnect.close()
    print("\nDCR works: the app got Auth0 credentials, a token for the API, and its deletion removed the client.")
    return 0


def run_codify_command(args: argparse.Namespace) -> int:
    # Imported here: codify plans with the program's own declarations, which load pulumi_auth0.
    from .codify import run_codify

    return run_codify(args)


def run_fleet_command(args: argparse.Namespace) -> int:
    # Imported here: the Automation API is only needed by fleet runs.
    from .fleet import exit_code, render_json, run_fleet, workspace
    from .fleet_report import Progress, markdown_table, summary_table

    stacks = [s.strip() for s in args.stacks.split(",") if s.strip()] if args.stacks else None
    out = sys.stderr if args.json else sys.stdout
    names = stacks or sorted(s.name for s in workspace(args.project).list_stacks())
    progress = Progress(names, args.operation, out, tty=out.isatty())
    progress.start()
    results = run_fleet(args.project, args.operation, names, args.parallel, progress.event, args.namespace)
    progress.finish(results)
    print("\n" + summary_table(results), file=out)
    for r in results:
        if r.error:
            print(f"\n{r.stack}: {r.error}", file=out)
        advisory = [v for v in r.policy if not v.startswith("[mandatory]")]
        if advisory:
            print(f"\n{r.stack}: " + "\n  ".join(["policy warnings:", *advisory]), file=out)
    if args.summary:
        with args.summary.open("a") as summary:
            summary.write(markdown_table(args.operation, results))
    if args.json:
        print(render_json(args.operation, results))
    return exit_code(args.operation, results)


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
    trial.add_argument(
        "--clean-up",
        action="store_true",
        help="remove what interrupted trials left in the portal (their developers, apps and DCR clients) and exit",
    )
    fleet = commands.add_parser("fleet", help="preview, up, drift or verify many stacks in parallel")
    fleet.add_argument("operation", choices=("preview", "up", "drift", "verify"))
    fleet.add_argument("--stacks", help="comma-separated stack names (default: every stack of the project)")
    fleet.add_argument("--parallel", type=int, default=4, help="stacks run at once (default 4)")
    fleet.add_argument("--json", action="store_true", help="print the report as JSON on stdout (progress on stderr)")
    fleet.add_argument("--summary", type=Path, help="append the summary as a Markdown table to this file (CI)")
    fleet.add_argument("--project", type=Path, default=Path.cwd(), help="the Pulumi project directory")
    fleet.add_argument("--namespace", default=NAMESPACE, help="the config namespace holding `dcr` (yours)")
    codify = commands.add_parser(
        "codify", help="bring a DCR setup made by hand under a stack: discover it, plan it, write its config"
    )
    codify.add_argument("--stack", required=True, help="an existing stack with its auth0:* and konnect:* keys")
    codify.add_argument("--api-identifier", help="the Auth0 API (audience) when the strategies name several")
    codify.add_argument("--dcr-provider", help="the Konnect DCR provider id when the tenant has several")
    codify.add_argument("--portal", help="the portal id when the strategies are published in several")
    codify.add_argument("--write", action="store_true", help="write konnect-auth0-dcr:dcr into the stack file")
    codify.add_argument("--project", type=Path, default=Path.cwd(), help="the Pulumi project directory")
    codify.add_argument("--namespace", default=NAMESPACE, help="the config namespace holding `dcr` (yours)")
    args = parser.parse_args(argv)
    commands_by_name = {
        "verify": run_verify,
        "try": run_try,
        "fleet": run_fleet_command,
        "codify": run_codify_command,
    }
    try:
        return commands_by_name[args.command](args)
    except ProjectError as exc:
        raise SystemExit(str(exc)) from None


if __name__ == "__main__":
    sys.exit(main())
