"""Writing one key into a stack's settings file, keeping everything else in it as it was: the provider keys, the
encrypted secrets, the comments and the order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["write_key"]


def _block(key: str, value: Any) -> list[str]:
    dumped = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=120)
    return ["  " + line for line in dumped.splitlines()]


def write_key(path: Path, key: str, value: Any) -> bool:
    """Set `config.<key>` in the stack file at `path` to `value`; True when it replaced an earlier value."""
    lines = path.read_text().splitlines() if path.exists() else []
    if not any(line.rstrip() == "config:" for line in lines):
        lines.append("config:")
    start = next((i for i, line in enumerate(lines) if line.startswith(f"  {key}:")), None)
    replaced = start is not None
    if start is None:
        start = end = next(i for i, line in enumerate(lines) if line.rstrip() == "config:") + 1
    else:
        end = start + 1
        # The old value: every following line indented deeper than the key (or blank), up to the next key.
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("   ")):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # blank lines before the next key stay
    lines[start:end] = _block(key, value)
    text = "\n".join(lines) + "\n"
    yaml.safe_load(text)  # the file must stay valid YAML
    path.write_text(text)
    return replaced
