"""The clinic worklist on a large clinic against reading the same rows with plain SQL, in the same run.

    python benchmarks/worklist.py [--runs 5] [--patients 10000] [--rebuild]

  worklist   als_desktop.services.worklist.worklist(): every prompt in force for every living
             patient (reading the record, building each patient's snapshot, running the rule
             table, leaving out answered prompts, sorting by urgency);
  plain SQL  the very SELECT statements the worklist sends (captured from one run of it), sent
             again through Python's sqlite3 module and fetched into tuples: the least any
             program must spend to read those rows.

The two alternate, so a machine that slows down or warms up affects both alike. The report
gives medians and the ratio worklist/plain SQL: a number to watch over time, not a pass/fail.
The demo database is built once and kept in the temporary folder (as benchmarks/startup.py does).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import demo_database


def captured_statements(database, today: date) -> list[tuple[str, tuple]]:
    """The SELECT statements (with their parameters) that one worklist run sends."""
    from sqlalchemy import event

    from als_desktop.services.worklist import worklist

    statements: list[tuple[str, tuple]] = []

    def listener(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, tuple(parameters or ())))

    event.listen(database.engine, "before_cursor_execute", listener)
    try:
        with database.reading() as session:
            worklist(session, today)
    finally:
        event.remove(database.engine, "before_cursor_execute", listener)
    return statements


def time_worklist(database, today: date) -> tuple[float, int, int]:
    from als_desktop.services.worklist import worklist

    started = time.perf_counter()
    with database.reading() as session:
        result = worklist(session, today)
    return time.perf_counter() - started, len(result.rows), result.patient_count


def time_plain_sql(path: Path, statements: list[tuple[str, tuple]]) -> tuple[float, int]:
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    try:
        rows = sum(len(connection.execute(statement, parameters).fetchall()) for statement, parameters in statements)
    finally:
        connection.close()
    return time.perf_counter() - started, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measurements of each kind (default 5)")
    parser.add_argument("--patients", type=int, default=10000, help="demo clinic size (default 10000)")
    parser.add_argument("--rebuild", action="store_true", help="build the demo database again")
    options = parser.parse_args(argv)

    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database

    path = demo_database(options.patients, options.rebuild)
    database = open_database(sqlite_url(path), create=False, migrate=False)
    today = date.today()
    try:
        statements = captured_statements(database, today)  # also the warm-up of both
        time_plain_sql(path, statements)
        print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}; {options.patients} demo patients; "
              f"{options.runs} runs each, alternating, after one warm-up.")
        print(f"Plain SQL: the worklist's {len(statements)} SELECT statements through sqlite3, into tuples.")
        service: list[float] = []
        plain: list[float] = []
        for run in range(options.runs):
            seconds, prompts, patients = time_worklist(database, today)
            service.append(seconds)
            seconds, rows = time_plain_sql(path, statements)
            plain.append(seconds)
            print(f"  run {run + 1}: worklist {service[-1]:6.2f} s ({prompts} prompts, {patients} patients)   "
                  f"plain SQL {plain[-1]:6.2f} s ({rows} rows)", flush=True)
    finally:
        database.close()

    service_median, plain_median = statistics.median(service), statistics.median(plain)
    print()
    print(f"Worklist service:  median {service_median:6.2f} s (min {min(service):.2f}, max {max(service):.2f})")
    print(f"Plain SQL:         median {plain_median:6.2f} s (min {min(plain):.2f}, max {max(plain):.2f})")
    print(f"Ratio worklist/plain SQL: {service_median / plain_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
