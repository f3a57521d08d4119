"""The ALSFRS-R form: twelve items with the standard wording of every option, scored fast.

Typing a digit 0-4 on the focused item scores it and moves to the next item; 5-9 are refused
with a hint (no item has a score above 4). Backspace or Delete clears an item (not assessed).
Total and domain subscores update as items are scored and read "not recorded" until every
item they need is scored (clinical/alsfrs.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from als_desktop.clinical import alsfrs
from als_desktop.clinical.alsfrs_wording import ITEM_TITLES, options_for

from .dialogs import SaveFunction, database_of
from .fields import ErrorLabel, TextField
from .saving import Outcome, attempt

SCORES = (4, 3, 2, 1, 0)
STYLE = """
QLabel#alsfrsItemTitle, QLabel#alsfrsDomain, QLabel#alsfrsSummary { font-weight: 600; }
QLabel#alsfrsDomain { margin-top: 4px; }
QFrame#alsfrsItem { border: 1px solid palette(mid); border-radius: 4px; }
QFrame#alsfrsItem[current="true"] { border: 2px solid #2b6cb0; background: palette(alternate-base); }
"""
KEY_HINT = ("Keyboard: type 0–4 to score the highlighted item and move to the next one; "
            "Backspace clears it (not assessed). Items left blank are saved as not assessed.")


def score_text(value: int | None, out_of: int) -> str:
    return "not recorded" if value is None else f"{value} / {out_of}"


class OptionLabel(QLabel):
    """The wording of one option; clicking it chooses the option."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        self.clicked.emit()
        super().mousePressEvent(event)


class ItemChoice(QFrame):
    """One item: its title, five options with their wording, and a message line."""

    scored = Signal(str)  # the item name, after a digit was typed (to move on)
    changed = Signal()

    def __init__(self, item: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("alsfrsItem")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"ALSFRS-R {ITEM_TITLES[item]} (type a score 0 to 4)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.title = QLabel(ITEM_TITLES[item], self)
        self.title.setObjectName("alsfrsItemTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[int, QRadioButton] = {}
        self.wording: dict[int, OptionLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(1)
        for row, score in enumerate(SCORES):
            button = QRadioButton(str(score), self)
            # Focus stays on the item, so digits keep working after a mouse click.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            label = OptionLabel(self)
            label.setWordWrap(True)
            label.clicked.connect(lambda score=score: self.choose(score))
            self.group.addButton(button, score)
            self.buttons[score] = button
            self.wording[score] = label
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.error = ErrorLabel(self)
        self.error.setAccessibleName(f"{ITEM_TITLES[item]}: problem")
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.group.idClicked.connect(lambda _score: self._clicked())
        self.set_form("5a")

    def set_form(self, cutting_form: str) -> None:
        """Option wording for this item (item 5 differs between 5a and 5b)."""
        for score, text in options_for(self.item, cutting_form).items():
            self.wording[score].setText(text)
            self.buttons[score].setAccessibleName(f"{ITEM_TITLES[self.item]}: {score}, {text}")
        if self.item == "cutting_food":
            self.title.setText(f"5{cutting_form[-1]}. " + (
                "Cutting food and handling utensils (no gastrostomy)" if cutting_form == "5a"
                else "Cutting food and handling utensils (with gastrostomy)"))

    def value(self) -> int | None:
        score = self.group.checkedId()
        return None if score < 0 else score

    def set_value(self, score: int | None) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot be emptied
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        if score is not None and score in self.buttons:
            self.buttons[score].setChecked(True)
        self.changed.emit()

    def choose(self, score: int) -> None:
        self.set_value(score)
        self.setFocus()

    def _clicked(self) -> None:
        self.setFocus()
        self.error.show_message(None)
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text.isdigit() and len(text) == 1:
            digit = int(text)
            if digit in self.buttons:
                self.error.show_message(None)
                self.set_value(digit)
                self.scored.emit(self.item)
            else:
                self.error.show_message(f"ALSFRS-R items are scored 0 to 4: “{digit}” was ignored.")
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.set_value(None)
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            current = self.value()
            step = 1 if event.key() == Qt.Key.Key_Up else -1
            start = (4 if step < 0 else 0) if current is None else current + step
            self.set_value(min(4, max(0, start)))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.setProperty("current", True)
        self.style().polish(self)
        # Keep the item being scored on screen when the focus moves on by itself.
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self, 0, 40)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.setProperty("current", False)
        self.style().polish(self)
        super().focusOutEvent(event)


class AlsfrsForm(QWidget):
    """The twelve items, the 5a/5b choice, live total and subscores, and notes.

    Offers `clear_errors` and `show_errors` like `fields.Form`, so `saving.attempt` puts
    messages at the item they are about.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 3) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.general_error = ErrorLabel(self)
        layout.addWidget(self.general_error)

        form_row = QHBoxLayout()
        self.form_5a = QRadioButton("5a: no gastrostomy", self)
        self.form_5a.setAccessibleName("Item 5 form 5a: cutting food (no gastrostomy)")
        self.form_5b = QRadioButton("5b: gastrostomy in use", self)
        self.form_5b.setAccessibleName("Item 5 form 5b: cutting food and handling utensils with gastrostomy")
        self.form_group = QButtonGroup(self)
        self.form_group.addButton(self.form_5a)
        self.form_group.addButton(self.form_5b)
        self.form_5a.setChecked(True)
        form_row.addWidget(QLabel("Item 5 form:", self))
        form_row.addWidget(self.form_5a)
        form_row.addWidget(self.form_5b)
        self.form_reason = QLabel(self)
        self.form_reason.setObjectName("muted")
        self.form_reason.setWordWrap(True)
        form_row.addWidget(self.form_reason, 1)
        layout.addLayout(form_row)

        self.summary = QLabel(self)
        self.summary.setObjectName("alsfrsSummary")
        self.summary.setAccessibleName("ALSFRS-R total and subscores")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        hint = QLabel(KEY_HINT, self)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        self.items: dict[str, ItemChoice] = {}
        self.domain_labels: dict[str, QLabel] = {}
        row = 0
        for domain, items in alsfrs.DOMAINS.items():
            heading = QLabel(self)
            heading.setObjectName("alsfrsDomain")
            self.domain_labels[domain] = heading
            grid.addWidget(heading, row, 0, 1, columns)
            row += 1
            for number, item in enumerate(items):
                choice = ItemChoice(item, self)
                choice.changed.connect(self._update)
                choice.scored.connect(self._next)
                self.items[item] = choice
                grid.addWidget(choice, row + number // columns, number % columns)
            row += (len(items) + columns - 1) // columns
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)

        notes_row = QHBoxLayout()
        notes_row.addWidget(QLabel("Notes:", self))
        self.notes = TextField("ALSFRS-R notes", self, max_length=2000)
        notes_row.addWidget(self.notes, 1)
        layout.addLayout(notes_row)
        self.notes_error = ErrorLabel(self)
        layout.addWidget(self.notes_error)

        self.form_5a.toggled.connect(lambda _checked: self._form_changed())
        order = list(self.items.values())
        QWidget.setTabOrder(self.form_5a, self.form_5b)
        QWidget.setTabOrder(self.form_5b, order[0])
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(order[-1], self.notes)
        self._update()

    # ------------------------------------------------------------------ values

    def cutting_form(self) -> str:
        return "5b" if self.form_5b.isChecked() else "5a"

    def set_cutting_form(self, cutting_form: str, reason: str = "") -> None:
        (self.form_5b if cutting_form == "5b" else self.form_5a).setChecked(True)
        self.form_reason.setText(reason)
        self._form_changed()

    def scores(self) -> dict[str, int | None]:
        return {item: choice.value() for item, choice in self.items.items()}

    def values(self) -> dict:
        """What an AlsfrsAssessment stores: the twelve items, the 5a/5b form and notes."""
        return {**self.scores(), "cutting_form": self.cutting_form(), "notes": self.notes.value() or None}

    def set_values(self, values: Mapping) -> None:
        for item, choice in self.items.items():
            choice.set_value(values.get(item))
        self.notes.set_value(values.get("notes"))

    def clear(self) -> None:
        self.set_values({})
        self.clear_errors()

    def scored_count(self) -> int:
        return sum(score is not None for score in self.scores().values())

    # ------------------------------------------------------------------ messages

    def clear_errors(self) -> None:
        for choice in self.items.values():
            choice.error.show_message(None)
        self.general_error.show_message(None)
        self.notes_error.show_message(None)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.clear_errors()
        elsewhere = []
        for name, message in errors.items():
            if name in self.items:
                self.items[name].error.show_message(message)
            elif name == "notes":
                self.notes_error.show_message(message)
            else:
                elsewhere.append(message)
        self.general_error.show_message("\n".join(elsewhere) or None)
        first = next((self.items[name] for name in self.items if name in errors), None)
        if first is not None:
            first.setFocus()

    def error_text(self, name: str) -> str:
        if name in self.items:
            return self.items[name].error.text()
        return self.general_error.text()

    # ------------------------------------------------------------------ live scoring

    def _form_changed(self) -> None:
        self.items["cutting_food"].set_form(self.cutting_form())
        self._update()

    def _next(self, item: str) -> None:
        names = list(self.items)
        position = names.index(item)
        if position + 1 < len(names):
            self.items[names[position + 1]].setFocus()
        else:
            self.notes.setFocus()

    def _update(self) -> None:
        scores = self.scores()
        total = alsfrs.total(scores)
        subscores = alsfrs.subscores(scores)
        for domain, label in self.domain_labels.items():
            label.setText(f"{alsfrs.DOMAIN_LABELS[domain]}: {score_text(subscores[domain], 12)}")
        missing = len(alsfrs.ITEMS) - self.scored_count()
        total_text = score_text(total, alsfrs.MAX_TOTAL)
        if total is None:
            total_text += f" ({missing} of 12 items not scored)"
        parts = " · ".join(f"{alsfrs.DOMAIN_LABELS[d]} {score_text(v, 12)}" for d, v in subscores.items())
        self.summary.setText(f"<b>Total: {total_text}</b> &nbsp;&nbsp; {parts}")
        self.changed.emit()

    def total_text(self) -> str:
        return score_text(alsfrs.total(self.scores()), alsfrs.MAX_TOTAL)

    def subscore_text(self, domain: str) -> str:
        return score_text(alsfrs.subscores(self.scores())[domain], 12)


class AlsfrsDialog(QDialog):
    """Correct an ALSFRS-R recorded earlier; closes when saved (or when refused as stale).

    `save(session, values)` calls the use case inside the save's transaction.
    """

    def __init__(self, parent: QWidget | None, save: SaveFunction, values: Mapping,
                 cutting_form: str, context: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Correct ALSFRS-R")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.save_function = save
        self.outcome: Outcome | None = None
        self.form = AlsfrsForm(self)
        self.form.set_cutting_form(cutting_form, "as recorded")
        self.form.set_values(values)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save correction")
        self.save_button.setAccessibleName("Save ALSFRS-R correction")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(context, self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1100, 900
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def save(self) -> Outcome:
        self.outcome = attempt(self, self.form, "ALSFRS-R", database_of(self.parentWidget()), self.save_function,
                               collect=self.form.values)
        if self.outcome is Outcome.SAVED:
            self.accept()
        elif self.outcome is Outcome.STALE:
            self.reject()
        return self.outcome
