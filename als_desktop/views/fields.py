"""Form building blocks: inputs that show their unit, and a red message under each field.

A `Form` collects values by field name (the model's column names), so the messages of a
ValidationError land under the input they are about.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from als_desktop.domain.text_rules import TEXT_RULES
from als_desktop.services.errors import ValidationError

# Dates are typed and picked in their own module; these names stay importable from here.
from .date_field import NOT_RECORDED, DateField, OptionalDateField, from_qdate, to_qdate  # noqa: F401


class ErrorLabel(QLabel):
    """The message under a field; empty and hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)  # a message quotes the value typed
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class NumberField(QWidget):
    """A number typed freely (so an implausible value gets a message, not a silent clamp)."""

    def __init__(self, label: str, unit: str, parent: QWidget | None = None, decimals: int = 1) -> None:
        super().__init__(parent)
        self.label = label
        self.unit = unit
        self.decimals = decimals
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(f"{label} ({unit})" if unit else label)
        self.edit.setMaximumWidth(110)
        # Never squeezed below the widest valid value ("10000.0"): a narrow row showed "0.7" for 50.7.
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("10000.0") + 16)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.edit)
        if unit:
            unit_label = QLabel(unit, self)
            unit_label.setObjectName("unit")
            self.row.addWidget(unit_label)
        self.row.addStretch(1)
        self.setFocusProxy(self.edit)

    def add_beside(self, widget: QWidget) -> None:
        """Put `widget` (e.g. the button that records the value) right after the unit."""
        self.row.insertWidget(self.row.count() - 1, widget)

    def text(self) -> str:
        return self.edit.text().strip()

    def value(self) -> float | None:
        """The number typed, None when empty; ValueError with a sentence when not a number."""
        text = self.text().replace(",", ".").replace(" ", "")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            unit = f" in {self.unit}" if self.unit else ""
            raise ValueError(f"{self.label} must be a number{unit} (entered '{self.text()}').") from None

    def set_value(self, value: float | None) -> None:
        if value is None:
            self.edit.setText("")
            return
        shown = f"{value:.{self.decimals}f}"
        # Trailing zeros go only after a decimal point: 10 stays "10", 0 stays "0".
        self.edit.setText(shown.rstrip("0").rstrip(".") if "." in shown else shown)


class WholeNumberField(NumberField):
    """A count or score that has no fractions (EAT-10, minutes): 3.5 gets a message."""

    def __init__(self, label: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(label, unit, parent, decimals=0)

    def value(self) -> int | None:  # type: ignore[override]
        number = super().value()
        if number is None:
            return None
        if not number.is_integer():
            raise ValueError(f"{self.label} must be a whole number (entered '{self.text()}').")
        return int(number)


class CodeCombo(QComboBox):
    """Choice from a vocabulary: shows labels, hands back codes."""

    def __init__(self, label: str, vocabulary: Mapping, parent: QWidget | None = None,
                 optional: bool = True) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        if optional:
            self.addItem(NOT_RECORDED, None)
        for code, text in vocabulary.items():
            self.addItem(text, code)

    def value(self) -> object:
        return self.currentData()

    def set_value(self, code: object) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class YesNoField(QComboBox):
    """Yes, No, or Not recorded (None): "not asked" is never saved as "no"."""

    CHOICES = ((NOT_RECORDED, None), ("Yes", True), ("No", False))

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        for text, _value in self.CHOICES:
            self.addItem(text)

    def value(self) -> bool | None:
        return self.CHOICES[self.currentIndex()][1]

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex(next(i for i, (_text, v) in enumerate(self.CHOICES) if v is value))


class NoteField(QPlainTextEdit):
    """A few lines of free text (advice, strategies); Tab moves on instead of typing a tab."""

    def __init__(self, label: str, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: str | None) -> None:
        self.setPlainText(value or "")


class TextField(QLineEdit):
    def __init__(self, label: str, parent: QWidget | None = None, max_length: int = 100) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        self.setMaxLength(max_length)

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: str | None) -> None:
        text = value or ""
        # A stored value longer than this box allows would be cut by setText and the cut text
        # saved on the next Save: the box grows to hold it, and the rule decides on saving.
        if len(text) > self.maxLength():
            self.setMaxLength(len(text))
        self.setText(text)


class Form(QWidget):
    """Labelled fields, each with its own error label, read and checked together."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.holders: dict[str, QWidget] = {}
        self.general_error = ErrorLabel(self)
        self.layout_.addRow(self.general_error)

    def add(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """Add `widget` as field `name`; `hint` is a short grey line under it (e.g. a cut-off)."""
        holder = QWidget(self)
        # The holder takes the whole field column, so a message under a short input (a date,
        # a number) has room for a full sentence instead of wrapping into a narrow strip.
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        stretches = widget.sizePolicy().horizontalPolicy() in (
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
        column.addWidget(widget, 0, Qt.AlignmentFlag(0) if stretches else Qt.AlignmentFlag.AlignLeft)
        if hint:
            hint_label = QLabel(hint, holder)
            hint_label.setObjectName("muted")
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
            widget.setToolTip(hint)
        error = ErrorLabel(holder)
        error.setAccessibleName(f"{label}: problem")
        column.addWidget(error)
        title = QLabel(label + ":", self)
        title.setBuddy(widget.focusProxy() or widget)
        self.layout_.addRow(title, holder)
        self.fields[name] = widget
        self.errors[name] = error
        self.holders[name] = holder
        if isinstance(widget, TextField) and name in TEXT_RULES:
            # The field's own rule (domain/text_rules.py), not a number chosen by the form.
            widget.setMaxLength(TEXT_RULES[name].max_length)
        # Every input is announced by its label: the field itself and what takes its focus.
        for part in {widget, widget.focusProxy() or widget}:
            if not part.accessibleName():
                part.setAccessibleName(label)
        return widget

    def set_field_visible(self, name: str, visible: bool) -> None:
        """Show or hide a field with its label (a question that applies only sometimes)."""
        self.layout_.setRowVisible(self.holders[name], visible)

    def values(self) -> dict:
        """Every field's value; a ValidationError for fields that cannot even be read."""
        values, problems = {}, {}
        for name, widget in self.fields.items():
            try:
                values[name] = widget.value()
            except ValueError as error:
                problems[name] = str(error)
        if problems:
            raise ValidationError(problems)
        return values

    def set_values(self, values: Mapping) -> None:
        for name, value in values.items():
            if name in self.fields:
                self.fields[name].set_value(value)

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.show_message(None)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message under its field; any about fields not on this form go on top."""
        self.clear_errors()
        elsewhere = [message for name, message in errors.items() if name not in self.errors]
        for name, message in errors.items():
            if name in self.errors:
                self.errors[name].show_message(message)
        self.general_error.show_message("\n".join(elsewhere) or None)
        first = next((self.fields[name] for name in self.fields if name in errors), None)
        if first is not None:
            first.setFocus()

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) or label.text() else ""
