"""Leave when the process that started us is gone, so that nothing of a killed `pulumi` run lingers.

The engine starts the language host and the plugins; the language host starts the program. When the engine is
killed (SIGKILL, the OOM killer, a CI runner torn down), its children are re-parented and would otherwise wait,
holding memory, until a later health check or forever. Each of our processes watches its parent instead and exits
within a second of losing it; the program follows the language host the same way.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["watch_parent"]

INTERVAL = 0.5


def watch_parent(interval: float = INTERVAL) -> threading.Thread:
    """Start a daemon thread that ends this process as soon as its parent changes (it died, we were re-parented)."""
    parent = os.getppid()

    def run() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=run, name="enginewatch", daemon=True)
    thread.start()
    return thread
