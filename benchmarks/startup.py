"""Start-up time of ALS Clinic Desktop against a bare PySide6 window, measured in the same run.

    python benchmarks/startup.py [--runs 7] [--patients 2000] [--rebuild]

Each measurement is a fresh Python process, timed from just before it is started until it
reports its main window shown:

  baseline  imports PySide6, builds a QMainWindow holding a QTabWidget with the six tabs
            (Overview, Neurology, SLP, Nutrition, Pulmonary, Palliative) and shows it;
  app       the program's real start-up (log file, crash handler, style, opening and checking
            the database, patient list, header and tabs) on a demo clinic of 2,000 patients.

The two kinds alternate, so a machine that slows down or warms up affects both alike. The
report gives medians and the ratio app/baseline: a number to watch over time, not a pass/fail.
The demo database is built once and kept in the temporary folder for later runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TABS = ("Overview", "Neurology", "SLP", "Nutrition", "Pulmonary", "Palliative")
SHOWN = "window-shown-at"
HOOK = "ALS_DESKTOP_EXIT_WHEN_SHOWN"
ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# Child processes. Both report the same moment: the main window has received its Show event
# and the event loop has run once after it.


def _report_when_main_window_shown(app) -> None:  # noqa: ANN001 (QApplication)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class Watcher(QObject):
        def eventFilter(self, watched, event):  # noqa: ANN001, ANN201, N802 (Qt API)
            if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
                app.removeEventFilter(self)
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        print(f"{SHOWN} {time.time():.6f}", flush=True)
        app.quit()

    app._startup_watcher = Watcher()
    app.installEventFilter(app._startup_watcher)


def child_baseline() -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

    app = QApplication(sys.argv[:1])
    _report_when_main_window_shown(app)
    window = QMainWindow()
    tabs = QTabWidget()
    for title in TABS:
        tabs.addTab(QLabel(title), title)
    window.setCentralWidget(tabs)
    window.resize(1200, 800)
    window.show()
    return app.exec()


def child_app(database_url: str) -> int:
    # The program's own run_window does everything (it reuses this QApplication, as it does
    # any existing one); the watcher only notices its main window appearing.
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    _report_when_main_window_shown(app)
    from als_desktop.app import run_window

    return run_window(database_url)


# ---------------------------------------------------------------------------------------------
# The measuring parent.


def demo_database(patients: int, rebuild: bool) -> Path:
    """A demo clinic in the temporary folder, rebuilt when the schema or the generator changed."""
    import hashlib

    from als_desktop.db import migrate

    sys.path.insert(0, str(ROOT))
    import als_desktop.services.demo as demo

    generator = hashlib.sha256(Path(demo.__file__).read_bytes()).hexdigest()[:10]
    folder = Path(tempfile.gettempdir()) / "als-desktop-benchmarks"
    folder.mkdir(exist_ok=True)
    path = folder / f"demo-{patients}-schema{migrate.head_revision()}-{generator}.sqlite"
    if path.exists() and not rebuild:
        return path
    for stale in folder.glob(path.name + "*"):
        stale.unlink()
    from als_desktop.config import sqlite_url
    from als_desktop.db import open_database

    print(f"Building a demo clinic of {patients} patients in {path} (kept for later runs)...", flush=True)
    started = time.perf_counter()
    database = open_database(sqlite_url(path))
    try:
        demo.populate(database, patients, seed=1)
    finally:
        database.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def app_honours_hook() -> bool:
    """Whether the program itself can quit once its window is shown (then it is run as shipped)."""
    app_source = ROOT / "als_desktop" / "app.py"
    return app_source.exists() and HOOK in app_source.read_text(encoding="utf-8")


def measure(command: list[str], env: dict[str, str], timeout: float) -> float:
    started = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    for line in result.stdout.splitlines():
        if line.startswith(SHOWN):
            return float(line.split()[1]) - started
    raise RuntimeError(
        f"{' '.join(command[:4])}... did not report its window (exit {result.returncode}):\n"
        f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measurements of each kind (default 7)")
    parser.add_argument("--patients", type=int, default=2000, help="demo clinic size (default 2000)")
    parser.add_argument("--rebuild", action="store_true", help="build the demo database again")
    parser.add_argument("--child", choices=("baseline", "app"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)

    if options.child == "baseline":
        return child_baseline()
    if options.child == "app":
        return child_app(options.database)

    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    path = demo_database(options.patients, options.rebuild)
    url = f"sqlite:///{path}"
    home = Path(tempfile.mkdtemp(prefix="als-desktop-bench-home-"))
    app_env = {**env, "ALS_DESKTOP_HOME": str(home), HOOK: "1"}
    app_env.pop("ALS_DESKTOP_DATABASE", None)

    this = str(Path(__file__).resolve())
    baseline_command = [sys.executable, this, "--child", "baseline"]
    if app_honours_hook():
        app_command = [sys.executable, "-m", "als_desktop", "--database", url]
        how = "the program as shipped (python -m als_desktop, quitting when shown)"
    else:
        app_command = [sys.executable, this, "--child", "app", "--database", url]
        how = "als_desktop.app.run_window in a driver process (the program has no quit-when-shown hook yet)"

    print(f"Platform: {env.get('QT_QPA_PLATFORM', 'default')}; Python {sys.version.split()[0]}; "
          f"{options.runs} runs each, alternating, after one warm-up of each.")
    print(f"App measured as: {how}")
    baseline: list[float] = []
    app: list[float] = []
    try:
        measure(baseline_command, env, 120)
        measure(app_command, app_env, 300)
        for run in range(options.runs):
            baseline.append(measure(baseline_command, env, 120))
            app.append(measure(app_command, app_env, 300))
            print(f"  run {run + 1}: baseline {baseline[-1] * 1000:7.0f} ms   app {app[-1] * 1000:7.0f} ms",
                  flush=True)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    base_median, app_median = statistics.median(baseline), statistics.median(app)
    print()
    print(f"Bare PySide6 window, six tabs:        median {base_median * 1000:7.0f} ms "
          f"(min {min(baseline) * 1000:.0f}, max {max(baseline) * 1000:.0f})")
    print(f"ALS Clinic Desktop, {options.patients} patients:  median {app_median * 1000:7.0f} ms "
          f"(min {min(app) * 1000:.0f}, max {max(app) * 1000:.0f})")
    print(f"Ratio app/baseline: {app_median / base_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
