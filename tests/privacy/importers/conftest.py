from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "importers"
# A Saturday evening in Berlin, after every row of the fixture files.
NOW = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield
