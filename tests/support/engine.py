"""Drive the real Pulumi engine (.tools/bin/pulumi, from `make setup`) on a throw-away project and stack."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from .data import INITIAL_SECRET, PROVIDERS, STRATEGIES
from .sandbox import KONNECT_TOKEN, RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".tools" / "bin"
PROGRAMS = ROOT / "tests" / "e2e" / "programs"
PASSPHRASE = "e2e-passphrase"


def engine_env(state_dir: Path) -> dict[str, str]:
    if not (BIN / "pulumi").exists():
        pytest.fail(f"the Pulumi engine is missing at {BIN}/pulumi: run `make setup` (it builds it from Go modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "KONNECT_"))}
    env.update(
        {
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            "PULUMI_HOME": str(ROOT / ".pulumi-home"),
            "PULUMI_BACKEND_URL": f"file://{state_dir}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
        }
    )
    return env


class Project:
    """One project directory holding one program, with one stack, on a local file backend."""

    def __init__(
        self,
        workdir: Path,
        program: str,
        stack: str = "e2e",
        name: str = "dcr-e2e",
        ca_file: Path | None = None,
        backend_url: str | None = None,
    ) -> None:
        """`program` names a file in tests/e2e/programs, or "main" for the project's own __main__.py; the state goes
        to a file backend in `workdir`, or to `backend_url` (e.g. a `postgres://` one)."""
        self.dir = workdir / "project"
        self.dir.mkdir(parents=True)
        self.stack = stack
        (self.dir / "Pulumi.yaml").write_text(
            f"name: {name}\nruntime:\n  name: python\n  options:\n"
            f"    toolchain: pip\n    virtualenv: {ROOT / '.venv'}\n"
        )
        source = ROOT / "__main__.py" if program == "main" else PROGRAMS / f"{program}.py"
        shutil.copy(source, self.dir / "__main__.py")
        self.env = engine_env(workdir / "state")
        if backend_url is not None:
            self.env["PULUMI_BACKEND_URL"] = backend_url
        if ca_file is not None:
            self.env["SSL_CERT_FILE"] = str(ca_file)  # the Auth0 sandbox's own CA
        (workdir / "state").mkdir()
        self.run("stack", "init", stack, stack_flag=False)

    def run(
        self,
        *args: str,
        check: bool = True,
        stack_flag: bool = True,
        extra_env: dict[str, str] | None = None,
        stderr_to: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(BIN / "pulumi"), *args, "--non-interactive"]
        if stack_flag:
            cmd += ["--stack", self.stack]
        env = {**self.env, **(extra_env or {})}
        if stderr_to is not None:
            with stderr_to.open("w") as err:
                done = subprocess.run(
                    cmd, cwd=self.dir, env=env, text=True, stdout=subprocess.PIPE, stderr=err, timeout=600
                )
        else:
            done = subprocess.run(cmd, cwd=self.dir, env=env, text=True, capture_output=True, timeout=600)
        if check and done.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def add_stack(self, stack: str) -> None:
        """Another stack of this project; the calls that follow go to it."""
        self.run("stack", "init", stack, stack_flag=False)
        self.stack = stack

    def config(self, key: str, value: str, secret: bool = False, path: bool = False) -> None:
        args = ["config", "set", key, value] + (["--secret"] if secret else []) + (["--path"] if path else [])
        self.run(*args)

    def config_object(self, key: str, value: Any) -> None:
        """Set a structured, non-secret value by editing the stack file (what a user writes by hand)."""
        stack_file = self.dir / f"Pulumi.{self.stack}.yaml"
        data = yaml.safe_load(stack_file.read_text()) if stack_file.exists() else {}
        data = data or {}
        data.setdefault("config", {})[key] = value
        stack_file.write_text(yaml.safe_dump(data, sort_keys=False))

    def up(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", *extra, check=check)

    def preview(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", *extra, check=check)

    def refresh(self) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview")

    def destroy(self) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview")

    def outputs(self) -> dict[str, Any]:
        return dict(json.loads(self.run("stack", "output", "--json", "--show-secrets").stdout))

    def export(self) -> str:
        return self.run("stack", "export").stdout

    def resources(self) -> dict[str, dict[str, Any]]:
        """Stack state by resource name (custom resources only)."""
        deployment = json.loads(self.export())["deployment"]
        return {
            r["urn"].rsplit("::", 1)[1]: r for r in deployment.get("resources", []) if r.get("custom") and "id" in r
        }


def sandbox_project(
    workdir: Path,
    program: str,
    konnect: Any,
    auth0: Any,
    name: str = "dcr-e2e",
    stack: str = "e2e",
    backend_url: str | None = None,
) -> Project:
    """A project wired to both running sandboxes (URLs, domain, tokens as secrets, the Auth0 sandbox's CA)."""
    project = Project(workdir, program, stack=stack, name=name, ca_file=auth0.ca_path, backend_url=backend_url)
    wire_sandboxes(project, konnect, auth0)
    return project


def run_tool(
    project: Project, command: str, *flags: str, env: Mapping[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """`python -m dcr_components <command> --stack … --project …` on the project's stack, as `make verify|try` run it."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "dcr_components",
            command,
            "--stack",
            project.stack,
            "--project",
            str(project.dir),
            *flags,
        ],
        env={**project.env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wire_sandboxes(project: Project, konnect: Any, auth0: Any) -> None:
    """The current stack's provider config for both sandboxes."""
    # One engine call for the four keys: each `config set` is a process of its own, and most tests start here.
    project.run(
        "config",
        "set-all",
        "--plaintext",
        f"konnect:serverUrl={konnect.url}",
        "--secret",
        f"konnect:token={konnect.token}",
        "--plaintext",
        f"auth0:domain={auth0.domain}",
        "--secret",
        f"auth0:apiToken={auth0.token}",
    )


def process_tree(root: int) -> set[int]:
    """The pid and every descendant of `root`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo += children.get(pid, [])
    return tree


def alive(pids: set[int]) -> set[int]:
    """Those still running (a zombie waits only for its reaper: it holds no memory and runs nothing)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            running.add(pid)
    return running


def start_up(project: Project, stack: str | None = None, *extra: str) -> subprocess.Popen[str]:
    """`pulumi up` of a stack in the background (its output kept), for runs that overlap."""
    cmd = [str(BIN / "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack or project.stack]
    cmd += extra
    return subprocess.Popen(
        cmd, cwd=project.dir, env=project.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def kill_up_after(project: Project, sandbox: Any, seen: Callable[[dict[str, Any]], bool]) -> set[int]:
    """Run `pulumi up` and SIGKILL the engine alone once the sandbox logged a request that `seen` accepts, as the
    OOM killer or a dying runner would. Returns the run's process tree, taken just before the kill (engine, language
    host, program, plugins): everything in it must end by itself."""
    cmd = [str(BIN / "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive", "--stack", project.stack]
    engine = subprocess.Popen(
        cmd,
        cwd=project.dir,
        env=project.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not [r for r in sandbox.requests() if seen(r)]:
        assert time.monotonic() < deadline and engine.poll() is None, "the up ended before the awaited request"
        time.sleep(0.05)
    tree = process_tree(engine.pid)
    os.kill(engine.pid, signal.SIGKILL)
    engine.wait()
    return tree


def assert_all_gone(tree: set[int], within: float = 30.0) -> None:
    """Nothing of a killed run outlives it: waits until all are gone, `within` seconds at most (a bound for a
    regression, wide enough for a machine whose cores are busy; the wait ends as soon as the last one is gone)."""
    deadline = time.monotonic() + within
    while alive(tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = {pid: " ".join(Path(f"/proc/{pid}/cmdline").read_text().split("\0"))[:120] for pid in alive(tree)}
    assert not survivors, f"processes of the killed run still alive after {within:g} s: {survivors}"


def make_project(
    tmp_path: Path,
    konnect: RunningSandbox,
    providers: dict[str, Any] | None = None,
    strategies: dict[str, Any] | None = None,
    backend_url: str | None = None,
) -> Project:
    """A project running the e2e Konnect program (tests/e2e/programs/konnect.py), declared through stack config."""
    project = Project(tmp_path, "konnect", backend_url=backend_url)
    configure_konnect(project, konnect)
    declare(
        project, providers if providers is not None else PROVIDERS, strategies if strategies is not None else STRATEGIES
    )
    return project


def configure_konnect(project: Project, konnect: RunningSandbox) -> None:
    """The current stack's Konnect settings and the DCR provider's secret (the e2e Konnect program's config)."""
    project.run(
        "config",
        "set-all",
        "--path",
        "--plaintext",
        f"konnect:serverUrl={konnect.url}",
        "--secret",
        f"konnect:token={KONNECT_TOKEN}",
        "--secret",
        f"secrets.auth0={INITIAL_SECRET}",
    )


def declare(project: Project, providers: dict[str, Any], strategies: dict[str, Any]) -> None:
    project.config_object("dcr-e2e:providers", providers)
    project.config_object("dcr-e2e:strategies", strategies)


def inventory(konnect: RunningSandbox) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    state = konnect.state()
    return state["dcr_providers"], state["application_auth_strategies"]
