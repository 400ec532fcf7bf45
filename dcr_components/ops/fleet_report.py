"""What a person sees while a fleet runs: a line per stack with its current step and resource counts, redrawn in
place on a terminal and printed as plain lines otherwise (CI logs), then the summary table."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TextIO

from pulumi import automation as auto

from .fleet import StackResult, drift_of, headline

__all__ = ["Progress", "markdown_table", "summary_table"]

SYMBOLS = {"create": "+", "update": "~", "replace": "+-", "delete": "-"}
WRITES = ("create", "update", "replace", "delete")


class Progress:
    def __init__(self, stacks: Sequence[str], operation: str, out: TextIO, tty: bool) -> None:
        self.stacks, self.operation, self.out, self.tty = list(stacks), operation, out, tty
        self.step = dict.fromkeys(self.stacks, "waiting")
        self.counts: dict[str, dict[str, int]] = {s: {} for s in self.stacks}
        self.lock = threading.Lock()
        self.drawn = 0
        self.stop = threading.Event()
        self.painter: threading.Thread | None = None

    def line(self, stack: str) -> str:
        counts = self.counts[stack]
        done = " ".join(f"{SYMBOLS[k]}{counts[k]}" for k in WRITES if counts.get(k))
        seen = sum(counts.values())
        return f"{stack:<20} {self.step[stack]:<48} {seen:>4} resources {done}".rstrip()

    def say(self, stack: str, step: str) -> None:
        with self.lock:
            self.step[stack] = step
            if not self.tty:
                self.out.write(f"[{stack}] {step}\n")
                self.out.flush()

    def event(self, stack: str, event: auto.EngineEvent) -> None:
        """Engine events of one stack: the resource being worked on, then what was done to it."""
        if event.resource_pre_event is not None:
            meta = event.resource_pre_event.metadata
            with self.lock:
                self.step[stack] = f"{meta.op.value} {meta.urn.rsplit('::', 1)[-1]}"[:48]
        elif event.res_outputs_event is not None:
            meta = event.res_outputs_event.metadata
            op = meta.op.value
            if self.operation == "drift" and op == "update" and drift_of(event) is None:
                op = "same"  # the engine's refresh calls every resource `update`; only changed inputs are drift
            with self.lock:
                self.counts[stack][op] = self.counts[stack].get(op, 0) + 1
                if not self.tty and op in WRITES:
                    self.out.write(f"[{stack}] {SYMBOLS[op]} {meta.urn.rsplit('::', 1)[-1]} ({op})\n")
                    self.out.flush()

    def start(self) -> None:
        for stack in self.stacks:
            self.say(stack, f"{self.operation} started")
        if self.tty:
            self.painter = threading.Thread(target=self._paint_until_stopped, daemon=True)
            self.painter.start()

    def finish(self, results: Sequence[StackResult]) -> None:
        with self.lock:
            for r in results:
                self.step[r.stack] = r.result if not r.error else f"{r.result}: {headline(r.error)}"[:48]
        self.stop.set()
        if self.painter is not None:
            self.painter.join()
            self._paint()
        else:
            for r in results:
                self.out.write(f"[{r.stack}] {self.operation} finished: {r.result} in {r.seconds:.1f} s\n")
            self.out.flush()

    def _paint_until_stopped(self) -> None:
        while not self.stop.wait(0.2):
            self._paint()

    def _paint(self) -> None:
        with self.lock:
            block = [self.line(s) for s in self.stacks]
            up = f"\x1b[{self.drawn}F" if self.drawn else ""
            self.out.write(up + "".join(f"\x1b[2K{line}\n" for line in block))
            self.out.flush()
            self.drawn = len(block)


def changes_text(changes: dict[str, int]) -> str:
    shown = [f"{SYMBOLS[k]}{changes[k]}" for k in WRITES if changes.get(k)]
    return " ".join(shown) or "no changes"


def rows_of(results: Sequence[StackResult]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for r in results:
        result: str = r.result
        if r.drift:
            result = "drift: " + "; ".join(f"{d.resource} ({', '.join(d.fields)})" for d in r.drift)
        elif r.checks:
            result = f"{r.result}: {r.checks['pass']} passed, {r.checks['fail']} failed, {r.checks['skip']} skipped"
        elif r.error:
            result = f"{r.result}: {headline(r.error)}"
        elif r.policy:
            result = f"{r.result} ({len(r.policy)} policy warning{'s' if len(r.policy) > 1 else ''})"
        rows.append((r.stack, r.operation, changes_text(r.changes), f"{r.seconds:.1f} s", result))
    return rows


HEADER = ("stack", "operation", "changes (+create ~update +-replace -delete)", "duration", "result")


def summary_table(results: Sequence[StackResult]) -> str:
    rows = [HEADER, *rows_of(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] for row in rows]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def markdown_table(operation: str, results: Sequence[StackResult]) -> str:
    """The summary as Markdown, for a CI job summary (`--summary "$GITHUB_STEP_SUMMARY"`)."""
    lines = [f"### fleet {operation}", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows_of(results)]
    return "\n".join(lines) + "\n"
