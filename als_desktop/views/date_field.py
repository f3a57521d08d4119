"""Date inputs: typed the way each clinician types dates, or picked from a calendar.

The text is read by `domain.typed_dates` (ISO, the workstation's short format, a month by
name, digits only) and shown back as "12 Mar 1960" when the field is left, so what was
understood is visible before anything is saved. Empty means no date: there is no stand-in
date (1899, 2000) that could be saved by accident. Alt+Down or F4 opens the calendar.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain.typed_dates import (
    EARLIEST_YEAR,
    EXAMPLE,
    LATEST_YEAR,
    NotADate,
    order_of_pattern,
    read_typed_date,
    shown_date,
    typing_hint,
)

NOT_RECORDED = "Not recorded"


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 Feb in a year that has none
        return day.replace(year=day.year - years, day=28)


def calendar_icon(widget: QWidget, size: int = 16) -> QIcon:
    """A small calendar page drawn in the widget's text colour (follows light and dark themes)."""
    ratio = widget.devicePixelRatioF() or 1.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = widget.palette().color(QPalette.ColorRole.Text)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(colour)
    painter.drawRoundedRect(QRectF(1.5, 2.5, size - 3, size - 4), 1.5, 1.5)
    painter.fillRect(QRectF(1.5, 2.5, size - 3, 3.5), colour)
    for row in range(2):
        for column in range(3):
            painter.fillRect(QRectF(4 + column * 3.2, 8 + row * 3, 1.8, 1.8), colour)
    painter.end()
    return QIcon(pixmap)


def day_or(field: DateField, fallback: date) -> date:
    """The whole date in `field`, or `fallback` while it holds none (half typed, or wrong)."""
    try:
        typed = field.value()
    except ValueError:
        typed = None
    return typed if typed is not None else fallback


class CalendarPopup(QFrame):
    """The calendar under a date field: arrows move, Enter or a click picks, Esc closes."""

    picked = Signal(QDate)

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setDateRange(QDate(EARLIEST_YEAR, 1, 1), QDate(LATEST_YEAR, 12, 31))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName(f"{owner.accessibleName()}: calendar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)  # Enter, or a double click
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(day)


class DateField(QLineEdit):
    """A date typed or picked; `blank=True` starts empty (and empty reads as no date),
    otherwise it starts at today and must hold a date.

    `calendar_years_back` opens the calendar of an empty field that many years ago (a date of
    birth); a date already typed always opens the calendar on its own month.
    """

    dateChanged = Signal(QDate)  # a new date understood (an invalid QDate: emptied)

    def __init__(self, label: str, parent: QWidget | None = None, blank: bool = False,
                 calendar_years_back: int = 0) -> None:
        super().__init__(parent)
        self.label = label
        self.blank = blank
        self.calendar_years_back = calendar_years_back
        # The workstation's habit decides whether 04/05 is 4 May or 5 April.
        self.order = order_of_pattern(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
        self.help_text = typing_hint(self.order)
        self.setAccessibleName(label)
        self.setMaxLength(40)
        self.setPlaceholderText(f"e.g. {EXAMPLE}")
        super().setToolTip(self.help_text)
        self.popup: CalendarPopup | None = None
        self.shown_problem = ""
        self.understood: date | None = None
        self.calendar_action = self.addAction(calendar_icon(self), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Calendar (Alt+Down or F4)")
        self.calendar_action.triggered.connect(self.show_calendar)
        for button in self.findChildren(QToolButton):
            button.setAccessibleName(f"{label}: calendar")
        wide = max(self.fontMetrics().horizontalAdvance(text) for text in ("30 Sep 2000", f"e.g. {EXAMPLE}"))
        self.setFixedWidth(wide + 52)  # room for the calendar button and the frame
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self.tidy)
        self.set_value(None)

    # -- the public reading and writing, as every form uses it

    def value(self) -> date | None:
        """The date typed; None when empty (if allowed); ValueError naming the field otherwise."""
        try:
            day = read_typed_date(self.text(), self.order)
        except NotADate as problem:
            raise ValueError(f"{self.label}: {problem}") from None
        if day is None and not self.blank:
            raise ValueError(f"{self.label} is required; type e.g. {EXAMPLE}")
        return day

    def set_value(self, value: date | None) -> None:
        if value is None and not self.blank:
            value = date.today()
        self.setText(shown_date(value) if value else "")
        self._show_problem("")

    def date(self) -> QDate:
        """The date as Qt holds it; an invalid QDate when empty or not a date."""
        try:
            day = read_typed_date(self.text(), self.order)
        except NotADate:
            return QDate()
        return to_qdate(day) if day else QDate()

    def setDate(self, value: QDate | date) -> None:
        self.set_value(from_qdate(value) if isinstance(value, QDate) else value)

    def setToolTip(self, text: str) -> None:
        super().setToolTip(f"{text}\n{self.help_text}" if text else self.help_text)

    # -- the calendar

    def calendarWidget(self) -> QCalendarWidget:
        return self._calendar_popup().calendar

    def _calendar_popup(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
            start = years_before(date.today(), self.calendar_years_back)
            self.popup.calendar.setSelectedDate(to_qdate(start))
            self.popup.calendar.setCurrentPage(start.year, start.month)
        return self.popup

    def show_calendar(self) -> None:
        popup = self._calendar_popup()
        calendar = popup.calendar
        typed = self.date()
        if typed.isValid():
            calendar.setSelectedDate(typed)
            calendar.setCurrentPage(typed.year(), typed.month())
        popup.adjustSize()
        screen = self.screen().availableGeometry()
        below = self.mapToGlobal(QPoint(0, self.height()))
        x = max(screen.left(), min(below.x(), screen.right() - popup.width()))
        y = below.y() if below.y() + popup.height() <= screen.bottom() else \
            self.mapToGlobal(QPoint(0, 0)).y() - popup.height()
        popup.move(x, y)
        popup.show()
        calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        # As if typed: undo works and whoever watches for edits (textEdited) sees this one.
        self.setFocus()
        self.selectAll()
        self.insert(shown_date(from_qdate(day)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or (event.key() == Qt.Key.Key_F4 and not event.modifiers()):
            self.show_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- reading as the user types, tidying when the field is left

    def _text_changed(self, _text: str) -> None:
        try:
            day = read_typed_date(self.text(), self.order)
        except NotADate:
            return  # half-typed: the last date understood stands until the field is left
        label = self._error_label()
        if label is not None and self.owns_message(label.text()):
            self.shown_problem = label.text()  # read and refused at saving: now corrected
        if self.shown_problem:
            self._show_problem("")
        if day != self.understood:
            self.understood = day
            self.dateChanged.emit(to_qdate(day) if day else QDate())

    def tidy(self) -> None:
        """Show the date understood the one way dates are shown, or say why it is not a date."""
        try:
            day = self.value()
        except ValueError as problem:
            self._show_problem(str(problem))
            return
        self._show_problem("")
        if day is not None and self.text() != shown_date(day):
            self.setText(shown_date(day))

    def owns_message(self, message: str) -> bool:
        """Whether `message` is this field's own complaint about what was typed."""
        return message.startswith((f"{self.label}: '", f"{self.label} is required; type"))

    def _show_problem(self, message: str) -> None:
        """The message in the red line under this field, where a form has one."""
        label = self._error_label()
        if label is not None and (message or label.text() == self.shown_problem):
            label.setText(message)
            label.setVisible(bool(message))
            if message and isinstance(self.window(), QDialog):
                self.window().adjustSize()  # grow to show the message in full, as a refused save does
        self.shown_problem = message

    def _error_label(self) -> QLabel | None:
        holder = self.parentWidget()
        if holder is None:
            return None
        # A form puts each field in a holder with its own message line (fields.ErrorLabel).
        labels = holder.findChildren(QLabel, "fieldError", Qt.FindChildOption.FindDirectChildrenOnly)
        return labels[0] if len(labels) == 1 else None


class NoDateSwitch(QObject):
    """What the "Not recorded" box of an optional date was, kept for the code that uses it:
    checked while the field is empty; checking it empties the field."""

    toggled = Signal(bool)

    def __init__(self, field: OptionalDateField) -> None:
        super().__init__(field)
        self.field = field
        self.checked = True
        self.accessible_name = f"{field.label}: not recorded"

    def isChecked(self) -> bool:
        return self.checked

    def setChecked(self, checked: bool) -> None:
        if checked and self.field.text():
            self.field.set_value(None)  # emptied: the field reports it, which checks this
        self.follow(checked)

    def follow(self, checked: bool) -> None:
        if checked != self.checked:
            self.checked = checked
            self.toggled.emit(checked)

    def text(self) -> str:
        return self.field.placeholderText()

    def setText(self, text: str) -> None:
        self.field.setPlaceholderText(text)

    def accessibleName(self) -> str:
        return self.accessible_name

    def setAccessibleName(self, name: str) -> None:
        self.accessible_name = name
        self.field.setAccessibleDescription(f"Empty: {self.text().lower()}")


class OptionalDateField(DateField):
    """A date that may be left unrecorded: empty is "Not recorded", never a stand-in date."""

    def __init__(self, label: str, parent: QWidget | None = None, calendar_years_back: int = 0) -> None:
        super().__init__(label, parent, blank=True, calendar_years_back=calendar_years_back)
        self.setPlaceholderText(NOT_RECORDED)
        self.setAccessibleDescription(f"Empty: {NOT_RECORDED.lower()}")
        self.not_recorded = NoDateSwitch(self)
        self.dateChanged.connect(lambda day: self.not_recorded.follow(not day.isValid()))

    @property
    def date_edit(self) -> DateField:
        """The field itself (it once sat beside a "Not recorded" box)."""
        return self
