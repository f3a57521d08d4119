"""Helpers for the database tests: snapshots of a folder to prove nothing was written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(name="folder_state")
def folder_state_fixture():
    return folder_state


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """An empty folder that holds only the database file a test puts there."""
    folder = tmp_path / "place"
    folder.mkdir()
    return folder
