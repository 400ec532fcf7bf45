"""A Python language host for the Pulumi engine, served over the LanguageRuntime gRPC API.

Why this exists: the Go module proxy reachable here refuses every version of
`github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3`, so the upstream host cannot be built.
This host implements what `preview/up/refresh/destroy` (and `--policy-pack` with a Python pack) need, on the gRPC
stubs shipped in the PyPI `pulumi` package: Handshake, GetPluginInfo, GetRequiredPlugins/Packages, Run, RunPlugin,
InstallDependencies, About, GetProgramDependencies, RuntimeOptionsPrompts and Cancel. Where an official release is
installed, `make setup` prefers its `pulumi-language-python` (tools/engine/hostselect.py); this one is the fallback.

The engine starts it as `pulumi-language-python [engine flags…] ENGINE_ADDRESS`, reads the port from the
first stdout line, then calls Run; Run starts the program under the project's virtualenv through
`pulumi-language-python-exec`, which sits next to this file.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from enginewatch import watch_parent
from google.protobuf import empty_pb2
from google.protobuf.json_format import MessageToDict
from plugindeps import installed_packages, plugin_installed, plugin_specs
from pluginrun import plugin_env, relay
from sdkprotos import language_pb2, language_pb2_grpc, plugin_pb2

HERE = Path(__file__).resolve().parent
EXEC = HERE / "pulumi-language-python-exec"
PLUGIN_EXEC = HERE / "pulumi-plugin-exec"
# The host speaks for the SDK it runs on (the pinned pulumi package's version, pyproject.toml); the build tag
# tells it apart from the upstream host of the same version in `pulumi about` and `pulumi plugin ls`.
HOST_TAG = "konnect-auth0-dcr"
VERSION = f"{importlib.metadata.version('pulumi')}+{HOST_TAG}"
BAIL_EXIT_CODE = 32  # the exec script's "error already reported" code


def _options(info: language_pb2.ProgramInfo) -> dict[str, Any]:
    """Pulumi.yaml `runtime.options`, e.g. {"virtualenv": ".venv", "toolchain": "pip"}."""
    return dict(MessageToDict(info.options)) if info.HasField("options") else {}


def python_for(root: str, options: dict[str, Any]) -> str:
    """The interpreter that runs the program: the project's virtualenv when one is configured."""
    venv = options.get("virtualenv") or os.environ.get("PULUMI_RUNTIME_VIRTUALENV")
    if venv:
        path = Path(venv) if os.path.isabs(venv) else Path(root) / venv
        python = path / "bin" / "python"
        if not python.exists():
            raise FileNotFoundError(
                f"The virtualenv {path} from Pulumi.yaml (runtime.options.virtualenv) does not exist: "
                "create it and install the project (`make setup` does both)"
            )
        return str(python)
    return os.environ.get("PULUMI_PYTHON_CMD", "python3")


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    def __init__(self, engine_address: str) -> None:
        self.engine_address = engine_address

    def Handshake(self, request: Any, context: Any) -> Any:
        if request.engine_address:
            self.engine_address = request.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version=VERSION)

    def _required(self, info: Any) -> list[dict[str, str]]:
        python = python_for(info.root_directory, _options(info))
        return [s for s in plugin_specs(python) if plugin_installed(s["name"], s["version"])]

    def GetRequiredPlugins(self, request: Any, context: Any) -> Any:
        deps = [
            plugin_pb2.PluginDependency(name=s["name"], kind="resource", version=s["version"], server=s["server"])
            for s in self._required(request.info)
        ]
        return language_pb2.GetRequiredPluginsResponse(plugins=deps)

    def GetRequiredPackages(self, request: Any, context: Any) -> Any:
        deps = [
            plugin_pb2.PackageDependency(name=s["name"], kind="resource", version=s["version"], server=s["server"])
            for s in self._required(request.info)
        ]
        return language_pb2.GetRequiredPackagesResponse(packages=deps)

    def Run(self, request: Any, context: Any) -> Any:
        info = request.info
        try:
            python = python_for(info.root_directory or request.pwd, _options(info))
        except FileNotFoundError as exc:
            return language_pb2.RunResponse(error=str(exc))
        entry = info.entry_point or request.program or "."
        program = entry if os.path.isabs(entry) else os.path.join(info.program_directory or request.pwd, entry)
        flags = {
            "--monitor": request.monitor_address,
            "--engine": self.engine_address,
            "--project": request.project,
            "--root_directory": info.root_directory,
            "--stack": request.stack,
            "--pwd": request.pwd,
            "--dry_run": "true" if request.dryRun else "false",
            "--parallel": str(request.parallel),
            "--organization": request.organization,
        }
        argv = [python, "-u", str(EXEC)]
        for flag, value in flags.items():
            if value:
                argv += [flag, value]
        argv += [program, *request.args]
        env = dict(os.environ)
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
        # The program's own output goes where ours goes: the engine relays this process's stdout/stderr.
        code = subprocess.run(argv, cwd=request.pwd or None, env=env, check=False).returncode
        if code == 0:
            return language_pb2.RunResponse()
        if code == BAIL_EXIT_CODE:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=f"Program exited with non-zero exit code: {code}")

    def RunPlugin(self, request: Any, context: Any) -> Iterator[language_pb2.RunPluginResponse]:
        """Runs a Python plugin directory (a policy pack) with the interpreter its PulumiPolicy.yaml names."""
        info = request.info
        root = info.root_directory or info.program_directory
        try:
            python = python_for(root, _options(info))
        except FileNotFoundError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
        entry = info.entry_point or "."
        plugin = os.path.normpath(entry if os.path.isabs(entry) else os.path.join(info.program_directory, entry))
        proc = subprocess.Popen(
            [python, "-u", str(PLUGIN_EXEC), plugin, *request.args],
            cwd=request.pwd or None,
            env=plugin_env(request.env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

        # The engine ends the call (its context) to stop the plugin: the process goes with it.
        def stop() -> None:
            if proc.poll() is None:
                proc.kill()

        context.add_callback(stop)
        yield from relay(proc)

    def InstallDependencies(self, request: Any, context: Any) -> Any:
        info = request.info
        options = _options(info)
        venv = options.get("virtualenv")
        root = Path(info.root_directory or request.directory)
        if not venv:
            yield language_pb2.InstallDependenciesResponse(stdout=b"no virtualenv configured; nothing to install\n")
            return
        path = Path(venv) if os.path.isabs(venv) else root / venv
        steps = []
        if not (path / "bin" / "python").exists():
            steps.append([sys.executable, "-m", "venv", str(path)])
        if (root / "requirements.txt").exists():
            steps.append([str(path / "bin" / "python"), "-m", "pip", "install", "-r", str(root / "requirements.txt")])
        for step in steps:
            done = subprocess.run(step, capture_output=True, check=False)
            yield language_pb2.InstallDependenciesResponse(stdout=done.stdout, stderr=done.stderr)
            if done.returncode != 0:
                context.abort(grpc.StatusCode.UNKNOWN, f"{' '.join(step)} failed with exit code {done.returncode}")

    def About(self, request: Any, context: Any) -> Any:
        python = os.environ.get("PULUMI_PYTHON_CMD", sys.executable)
        version = subprocess.run([python, "--version"], capture_output=True, text=True, check=False).stdout.split()[-1:]
        # `pulumi about` prints the metadata: which language host answers (ours, not upstream's).
        metadata = {"languageHost": f"{HOST_TAG} {VERSION}", "hostScript": str(Path(__file__).resolve())}
        return language_pb2.AboutResponse(executable=python, version=version[0] if version else "", metadata=metadata)

    def GetProgramDependencies(self, request: Any, context: Any) -> Any:
        python = python_for(request.info.root_directory, _options(request.info))
        deps = [language_pb2.DependencyInfo(name=p["name"], version=p["version"]) for p in installed_packages(python)]
        return language_pb2.GetProgramDependenciesResponse(dependencies=deps)

    def RuntimeOptionsPrompts(self, request: Any, context: Any) -> Any:
        return language_pb2.RuntimeOptionsResponse()

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


def main() -> None:
    # The engine stops plugins with SIGINT to the process group: leave quietly, no KeyboardInterrupt trace.
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    parser = argparse.ArgumentParser(prog="pulumi-language-python")
    parser.add_argument("-version", "--version", action="store_true")
    # The engine may add logging/tracing flags (-v=N, --logtostderr, --tracing URL); they are not ours.
    args, rest = parser.parse_known_args()
    if args.version:
        print(VERSION)
        return
    watch_parent()  # the engine is our parent: leave with it
    # The engine passes its address last.
    engine_address = rest[-1] if rest and not rest[-1].startswith("-") else ""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=4), options=[("grpc.max_receive_message_length", 400 * 1024 * 1024)]
    )
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(LanguageHost(engine_address), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
