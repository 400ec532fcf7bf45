"""What a trial is made of, apart from its steps: a step's line, the failure that stops it, and the published API it
registers for (from the stack's config and outputs)."""

from __future__ import annotations

from dataclasses import dataclass

from .stack import StackView

__all__ = ["Step", "Target", "TrialFailed", "one_line", "target_of"]


@dataclass(frozen=True)
class Step:
    name: str
    detail: str
    ok: bool = True

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAIL':<5} {self.name}: {self.detail}"


class TrialFailed(Exception):
    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step, self.reason = step, reason


@dataclass
class Target:
    """The published API the trial registers for, and the strategy it is published with."""

    portal_id: str
    portal_url: str
    api_name: str
    api_key: str
    api_id: str
    strategy_name: str
    strategy_id: str


def target_of(stack: StackView, api_name: str | None = None) -> Target:
    out, env = stack.outputs, stack.env
    if not out.get("portal_url") or not env.apis:
        raise TrialFailed("portal", "the stack publishes no API: declare `portal` and `apis` in its config")
    entry = next((a for a in env.apis if api_name in (None, a.name, a.resource_key)), None)
    if entry is None:
        raise TrialFailed("portal", f"no apis[] entry is named {api_name!r}")
    strategy = env.strategy_of(entry)
    return Target(
        portal_id=str(out["portal_id"]),
        portal_url=str(out["portal_url"]),
        api_name=entry.name,
        api_key=entry.resource_key,
        api_id=str(out["api_ids"][entry.name]),
        strategy_name=strategy.name,
        strategy_id=str(out["strategy_ids"][strategy.name]),
    )


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
