"""Import the engine toolchain's Python modules (tools/engine/, copied to .tools/bin by make setup) in tests."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["TOOLS", "tool_module"]

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "engine"


def tool_module(name: str) -> ModuleType:
    """tools/engine/<name>.py, imported the way the host imports its siblings (the folder on sys.path)."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    return importlib.import_module(name)
