"""Fixtures of the unit tier: Pulumi mocks that record every registration."""

from __future__ import annotations

import pulumi
import pytest

from tests.support.mocks import AuthMocks


@pytest.fixture
def mocks() -> AuthMocks:
    recorder = AuthMocks()
    pulumi.runtime.set_mocks(recorder, preview=False)
    return recorder
