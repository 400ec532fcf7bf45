"""Which Python language host `make setup` installs: an official Pulumi release's when one is installed, else ours.

The upstream host (`pulumi-language-python`, a Go binary) and its helper scripts (`pulumi-language-python-exec`,
`pulumi-resource-pulumi-python`) ship in every release tarball and with the official installer; they cannot be
built here (the Go module proxy refuses their module), so the project's host (tools/engine/langhost.py) is the
fallback. Places searched, in order:

1. `PULUMI_RELEASE_DIR`: an unpacked release tarball (the directory holding the binaries, or its parent);
2. the directory of each `pulumi` on PATH (the project's own `.tools/bin` excluded);
3. `~/.pulumi/bin`, where the official installer puts a release.

`KONNECT_DCR_LANGUAGE_HOST=project` forces ours; `=upstream` fails when no release is found.

Usage: python hostselect.py [--exclude DIR] → one line, `upstream DIR VERSION` or `project - VERSION`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["HELPERS", "HostChoice", "candidates", "choose", "release_host"]

HOST = "pulumi-language-python"
# What the upstream host needs beside it: the program runner and the dynamic-provider plugin.
HELPERS = ("pulumi-language-python-exec", "pulumi-resource-pulumi-python")
SEMVER = re.compile(r"v?(\d+\.\d+\.\d+\S*)")


@dataclass(frozen=True)
class HostChoice:
    source: str  # "upstream" or "project"
    directory: Path | None
    version: str

    def line(self) -> str:
        return f"{self.source} {self.directory or '-'} {self.version}"


def candidates(env: Mapping[str, str], exclude: Iterable[Path] = ()) -> list[Path]:
    """Directories that may hold an official release, in the order they are preferred."""
    skip = {p.resolve() for p in exclude}
    found: list[Path] = []
    release = env.get("PULUMI_RELEASE_DIR")
    if release:
        found += [Path(release), Path(release) / "pulumi"]
    for entry in env.get("PATH", "").split(os.pathsep):
        if entry and (Path(entry) / "pulumi").is_file():
            found.append(Path(entry))
    home = env.get("HOME")
    if home:
        found.append(Path(home) / ".pulumi" / "bin")
    unique: list[Path] = []
    for path in found:
        if path.is_dir() and path.resolve() not in skip:
            skip.add(path.resolve())  # each folder once, in the order of preference
            unique.append(path)
    return unique


def release_host(directory: Path) -> str | None:
    """The version of the upstream host in `directory`, or None when it is not a complete, working release."""
    host = directory / HOST
    if not (host.is_file() and os.access(host, os.X_OK)):
        return None
    if any(not (directory / helper).is_file() for helper in HELPERS):
        return None
    # The project's own wrapper is a shell script that runs langhost.py: never take it for a release.
    if b"langhost.py" in host.read_bytes()[:4096]:
        return None
    try:
        done = subprocess.run([str(host), "-version"], capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return None
    match = SEMVER.search(done.stdout)
    return match.group(1) if done.returncode == 0 and match else None


def choose(env: Mapping[str, str], project_version: str, exclude: Iterable[Path] = ()) -> HostChoice:
    forced = env.get("KONNECT_DCR_LANGUAGE_HOST", "")
    if forced not in ("", "project", "upstream"):
        raise ValueError(f"KONNECT_DCR_LANGUAGE_HOST must be 'project' or 'upstream', not {forced!r}")
    if forced != "project":
        for directory in candidates(env, exclude):
            version = release_host(directory)
            if version:
                return HostChoice("upstream", directory, version)
    if forced == "upstream":
        raise LookupError(
            "KONNECT_DCR_LANGUAGE_HOST=upstream, but no official release with pulumi-language-python and its helper "
            "scripts was found (set PULUMI_RELEASE_DIR to an unpacked release tarball)"
        )
    return HostChoice("project", None, project_version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hostselect")
    parser.add_argument("--exclude", action="append", default=[], type=Path)
    parser.add_argument("--project-version", default="")
    args = parser.parse_args(argv)
    try:
        print(choose(os.environ, args.project_version, args.exclude).line())
    except (ValueError, LookupError) as exc:
        print(f"hostselect: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
