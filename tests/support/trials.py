"""`make try` as a process a test can stop: started, read up to the step where its application exists."""

from __future__ import annotations

import subprocess
import sys

from .engine import Project

__all__ = ["start_try", "until_app_created"]


def start_try(project: Project, *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "dcr_components",
            "try",
            "--stack",
            project.stack,
            "--project",
            str(project.dir),
            *flags,
        ],
        env=project.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def until_app_created(trial: subprocess.Popen[str]) -> list[str]:
    """The trial's lines up to the one saying its application (with a live Auth0 client) exists."""
    assert trial.stdout is not None
    lines: list[str] = []
    for line in trial.stdout:
        lines.append(line.rstrip())
        if line.startswith("ok    app created"):
            return lines
    raise AssertionError("the trial ended before it created its app:\n" + "\n".join(lines))
