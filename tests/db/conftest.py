"""Helpers for the database tests: snapshots of a folder to prove nothing was written, and an
empty database on the throwaway PostgreSQL server."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_postgres import postgres_server  # noqa: F401 (a fixture, shared by every test here)


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


@pytest.fixture
def pg_url(postgres_server: str) -> Iterator[str]:  # noqa: F811
    """An empty database on the server, dropped afterwards."""
    import psycopg

    name = f"clinic_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
