"""Shared fixtures: every test gets its own archive home, a pinned clock and pinned record ids."""

from __future__ import annotations

import itertools
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(autouse=True)
def archiver_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("ARCHIVER_HOME", str(home))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def clock():
    """A clock that starts at 2024-03-05 12:00 UTC and ticks one millisecond per call."""
    start = datetime(2024, 3, 5, 12, 0, 0, tzinfo=timezone.utc)
    ticks = itertools.count()
    return lambda: start + timedelta(milliseconds=next(ticks))


@pytest.fixture
def make_id():
    """Deterministic WARC-Record-IDs."""
    counter = itertools.count(1)
    return lambda: f"<urn:uuid:{uuid.UUID(int=next(counter))}>"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
