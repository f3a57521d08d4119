"""Printing the worklist and saving it as CSV: the window asks where (or which printer), the
services write what.

The CSV is never written over an existing file without asking: the save dialog's own question
is turned off so the one question asked is ours, also when ".csv" was added to the name typed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from als_desktop.files import (
    OutputRefused,
    check_output,
    why_not_written,
    write_atomically,
)
from als_desktop.services.worklist import Worklist
from als_desktop.services.worklist_export import (
    PrintedWorklist,
    csv_bytes,
    csv_file_name,
    pdf_file_name,
    worklist_pdf,
)

from . import messages

log = logging.getLogger(__name__)


def ask_csv_path(parent: QWidget, folder: Path, worklist: Worklist) -> Path | None:
    """The file the user names for the CSV (".csv" added when left out), or None."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, "Export the worklist as CSV", str(folder / csv_file_name(worklist)),
        "CSV file (*.csv)", options=QFileDialog.Option.DontConfirmOverwrite)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")


def save_csv(parent: QWidget, worklist: Worklist, path: Path) -> bool:
    """Write the CSV, asking first when a file of that name is there; a refusal is said."""
    replace = False
    try:
        check_output(path, replace=False)
    except OutputRefused as refused:
        if not refused.exists:
            return _not_saved(parent, path, refused)
        if not messages.confirm(parent, "Replace the file?",
                                f"A file named {path.name} is already in {path.parent}. Replace it with "
                                "this worklist?", "Replace"):
            return False
        replace = True
    try:
        write_atomically(path, csv_bytes(worklist), replace=replace)
    except OSError as error:
        return _not_saved(parent, path, error)
    log.info("worklist exported as CSV in %s", path.parent)
    return True


def _not_saved(parent: QWidget, path: Path, error: OSError) -> bool:
    log.warning("worklist not exported in %s: %s", path.parent, error.strerror)
    messages.warn(parent, "Worklist not exported", f"The worklist could not be saved as {path}: "
                                                   f"{why_not_written(error)}.",
                  detail="Nothing was saved. Choose another folder, or free some space, and export again.")
    return False


def printed_pdf(worklist: Worklist, group_by: str) -> bytes:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return worklist_pdf(worklist, group_by, PrintedWorklist())
    finally:
        QGuiApplication.restoreOverrideCursor()


def print_worklist(parent: QWidget, worklist: Worklist, group_by: str) -> int:
    """The system's print dialog, then the worklist's pages on the printer chosen; pages sent."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(pdf_file_name(worklist))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the worklist")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return 0
    return print_to(parent, worklist, group_by, printer)


def print_to(parent: QWidget, worklist: Worklist, group_by: str, printer) -> int:
    """Draw the worklist on `printer` (a PDF file in the tests); the pages sent, 0 on failure."""
    from .pdf_preview import print_pdf

    pdf = printed_pdf(worklist, group_by)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return print_pdf(pdf, printer)
    except OSError as error:
        messages.warn(parent, "Worklist not printed", f"The worklist could not be printed: {error}.",
                      detail="Check the printer, then print again.")
        return 0
    finally:
        QGuiApplication.restoreOverrideCursor()


__all__ = ["ask_csv_path", "print_to", "print_worklist", "printed_pdf", "save_csv"]
