"""One save through the use case and the writer against the bare write of the same row, in the same run.

    python benchmarks/saving.py [--runs 200] [--patients 2000] [--rebuild]

  use case   als_desktop.services.nutrition.correct_weight() in its own transaction, as a window
             save runs it (services.operations.perform): the version check, the field checks,
             the UPDATE and its change-history entry, the commit;
  bare       the same UPDATE of the same row (new value, version + 1) sent through Python's
             sqlite3 module and committed: the least any program must spend on that save.

Both write to a copy of the demo clinic (built once by benchmarks/startup.py's builder), with
the same SQLite settings as the program (WAL, synchronous NORMAL). They alternate, so a
machine that slows down affects both alike. The report gives medians in milliseconds and the
ratio use case/bare: a number to watch over time, not a pass/fail.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import demo_database


def pick_weight(path: Path) -> tuple[str, int]:
    """A live weight of a living demo patient: its id (as SQLite stores it) and version."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT id, version FROM weight_measurements WHERE voided_at IS NULL ORDER BY id LIMIT 1").fetchone()
    finally:
        connection.close()


def time_use_case(database, row_id, version: int, kg: float) -> float:
    from als_desktop.services.nutrition import correct_weight
    from als_desktop.services.operations import perform

    started = time.perf_counter()
    perform(database, correct_weight, row_id, version, kg, "benchmark")
    return time.perf_counter() - started


def time_bare(connection: sqlite3.Connection, stored_id: str, version: int, kg: float) -> float:
    started = time.perf_counter()
    connection.execute(
        "UPDATE weight_measurements SET weight_kg = ?, version = ?, updated_at = datetime('now'), updated_by = ?"
        " WHERE id = ? AND version = ?", (kg, version + 1, "benchmark", stored_id, version))
    connection.commit()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200, help="saves of each kind (default 200)")
    parser.add_argument("--patients", type=int, default=2000, help="demo clinic size (default 2000)")
    parser.add_argument("--rebuild", action="store_true", help="build the demo database again")
    options = parser.parse_args(argv)

    import uuid

    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database

    folder = Path(tempfile.mkdtemp(prefix="als-saving-"))
    try:
        path = folder / "clinic.sqlite"
        shutil.copyfile(demo_database(options.patients, options.rebuild), path)
        stored_id, version = pick_weight(path)
        row_id = uuid.UUID(hex=stored_id)
        database = open_database(sqlite_url(path), create=False, migrate=False)
        bare = sqlite3.connect(path)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = NORMAL")
        use_case: list[float] = []
        plain: list[float] = []
        try:
            for run in range(options.runs + 1):  # the first of each is the warm-up
                kg = 60.0 + (run % 20) / 10
                seconds = time_use_case(database, row_id, version, kg)
                version += 1
                if run:
                    use_case.append(seconds)
                seconds = time_bare(bare, stored_id, version, kg + 0.05)
                version += 1
                if run:
                    plain.append(seconds)
        finally:
            bare.close()
            database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; {options.patients} demo patients; "
          f"{options.runs} saves of each kind, alternating, after one warm-up.")
    use_case_median, plain_median = statistics.median(use_case), statistics.median(plain)
    print(f"Use case (checks, write, history, commit): median {use_case_median * 1000:6.2f} ms "
          f"(min {min(use_case) * 1000:.2f}, max {max(use_case) * 1000:.2f})")
    print(f"Bare UPDATE and commit:                    median {plain_median * 1000:6.2f} ms "
          f"(min {min(plain) * 1000:.2f}, max {max(plain) * 1000:.2f})")
    print(f"Ratio use case/bare: {use_case_median / plain_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
