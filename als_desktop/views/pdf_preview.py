"""A PDF shown as page images, and printed, from its bytes.

The team plan is drawn once, as a PDF; the window shows and prints that same PDF (rendered
page by page with pdfium) so what is on screen, on paper and in the saved file never differ.
pypdfium2 and Qt's print support are imported only when a PDF is shown or printed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

# Screen pages are rendered once at this resolution and scaled to the width shown.
SCREEN_DPI = 144
# Paper: the printer's own resolution, but no finer than this (a 1200 dpi page image is
# 140 MB and looks no different).
MAX_PRINT_DPI = 300
POINTS_PER_INCH = 72
PAGE_GAP = 16


def documents_folder() -> Path:
    """The user's Documents folder (their home folder when the system names none)."""
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_images(pdf: bytes, dpi: float = SCREEN_DPI) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi` (white background)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [_render(document[number], dpi) for number in range(len(document))]
    finally:
        document.close()


def _render(page, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH)
    try:
        if bitmap.n_channels != 3:  # pdfium renders opaque pages as BGR; anything else is a surprise
            raise ValueError(f"unexpected page image format {bitmap.mode}")
        # Copied: the QImage must not point into pdfium's buffer once the bitmap is closed.
        return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                      QImage.Format.Format_BGR888).copy()
    finally:
        bitmap.close()
        page.close()


def print_pdf(pdf: bytes, printer) -> int:
    """Draw every page of `pdf` on `printer`, each scaled to fit its page; returns the pages printed."""
    import pypdfium2 as pdfium

    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    document = pdfium.PdfDocument(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        raise OSError("the printer could not be started")
    try:
        for number in range(len(document)):
            if number:
                printer.newPage()
            image = _render(document[number], dpi)
            painter.drawImage(_fitted(image, painter.viewport()), image)
        return len(document)
    finally:
        painter.end()
        document.close()


def _fitted(image: QImage, area: QRect) -> QRect:
    """The largest rectangle with the image's proportions inside `area`, centred at its top."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = round(image.width() * scale), round(image.height() * scale)
    return QRect(area.x() + (area.width() - width) // 2, area.y(), width, height)


class PdfPreview(QScrollArea):
    """Pages one under the other, as wide as the view; a message instead when there is no PDF."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Preview of the PDF")
        self.images: list[QImage] = []
        self.pages: list[QLabel] = []
        self.whole_pages = False  # False: pages as wide as the view; True: each page fits the view
        self.sheet = QWidget(self)
        self.sheet.setObjectName("pdfSheet")
        self.sheet.setStyleSheet("#pdfSheet { background: #8a8f96; }")
        self.column = QVBoxLayout(self.sheet)
        self.column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.column.setSpacing(PAGE_GAP)
        self.message = QLabel(self.sheet)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: white; font-size: 11pt;")
        self.column.addWidget(self.message)
        self.column.addStretch(1)
        self.setWidget(self.sheet)

    def show_message(self, text: str) -> None:
        """No pages: `text` says why (or what to do)."""
        self._clear()
        self.message.setText(text)
        self.message.show()

    def show_pdf(self, pdf: bytes) -> int:
        """Show the pages of `pdf`; returns how many."""
        return self.show_images(page_images(pdf))

    def show_images(self, images: list[QImage]) -> int:
        self._clear()
        self.message.hide()
        self.images = list(images)
        for number, image in enumerate(self.images, start=1):
            page = QLabel(self.sheet)
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setAccessibleName(f"Page {number} of {len(self.images)}")
            self.column.insertWidget(self.column.count() - 1, page)
            self.pages.append(page)
        self._fit()
        self.verticalScrollBar().setValue(0)
        return len(self.images)

    def _clear(self) -> None:
        for page in self.pages:
            self.column.removeWidget(page)
            page.hide()  # at once: deleteLater waits for the event loop
            page.deleteLater()
        self.pages = []
        self.images = []

    def shown_pages(self) -> list[QLabel]:
        """The page images on screen (none while a message is shown)."""
        return [page for page in self.sheet.findChildren(QLabel) if page is not self.message and page.isVisible()]

    def page_width(self) -> int:
        return max(self.viewport().width() - 2 * PAGE_GAP, 100)

    def set_whole_pages(self, whole: bool) -> None:
        self.whole_pages = whole
        self._fit()

    def _width_for(self, image: QImage) -> int:
        width = self.page_width()
        if self.whole_pages:
            height = max(self.viewport().height() - 2 * PAGE_GAP, 100)
            width = min(width, round(image.width() * height / image.height()))
        return width

    def _fit(self) -> None:
        for page, image in zip(self.pages, self.images, strict=True):
            scaled = image.scaledToWidth(self._width_for(image), Qt.TransformationMode.SmoothTransformation)
            page.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.pages and self.pages[0].pixmap().width() != self._width_for(self.images[0]):
            self._fit()


__all__ = ["PdfPreview", "documents_folder", "page_count", "page_images", "print_pdf"]
