"""The SDK's generated gRPC modules (language and plugin protocols), loaded without the rest of the SDK.

`pulumi/__init__` sets up the whole program runtime (about 0.2 s) before any submodule loads, and the host needs only
the generated `*_pb2` modules. The engine starts the host twice per run, so the host registers bare package objects
for `pulumi`, `pulumi.runtime` and `pulumi.runtime.proto` pointing at the installed folders: the generated modules
then import from them as usual, and `pulumi/__init__` never runs in the host. Where the SDK is already loaded
(tests importing the host's modules), it is used as it is.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

__all__ = ["language_pb2", "language_pb2_grpc", "plugin_pb2"]


def _bare_packages() -> None:
    if "pulumi" in sys.modules:
        return
    spec = importlib.util.find_spec("pulumi")  # locates the package without running its __init__
    if spec is None or spec.origin is None:
        return
    root = Path(spec.origin).parent
    for name, folder in (
        ("pulumi", root),
        ("pulumi.runtime", root / "runtime"),
        ("pulumi.runtime.proto", root / "runtime" / "proto"),
    ):
        package = types.ModuleType(name)
        package.__path__ = [str(folder)]
        sys.modules[name] = package


_bare_packages()

from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2  # noqa: E402
