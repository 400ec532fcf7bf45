"""Fixtures of the unit tier: Pulumi mocks that record every registration."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest

from tests.support.mocks import AuthMocks


@pytest.fixture
def mocks() -> AuthMocks:
    recorder = AuthMocks()
    pulumi.runtime.set_mocks(recorder, preview=False)
    return recorder


@pytest.fixture
def stack_config() -> Iterator[Callable[[dict[str, Any]], None]]:
    """Set the stack config the program under test reads; cleared after the test."""

    def use(values: dict[str, Any]) -> None:
        pulumi.runtime.set_all_config({k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()})

    yield use
    pulumi.runtime.set_all_config({})
