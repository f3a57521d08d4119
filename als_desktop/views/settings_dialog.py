"""The clinic Settings dialog: the values the reference leaves to the clinic.

Built from clinical.settings.DEFINITIONS, so a new setting appears here without a change to
this file. Each setting shows its unit, default, allowed range, source and who last changed
it. Below them, the clinic's contact details (services.clinic_details), printed on both care
plans: plain text, no source. Save stores every changed value, settings and details, in one
save (services.clinic_setup: a value out of range or too long gets its message at the field and
nothing is saved); the save is announced as clinic-wide, so the window recomputes the prompts
the settings drive.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from als_desktop.clinical.settings import DEFINITIONS, ClinicSettings, SettingDefinition
from als_desktop.reports.content import ClinicDetails
from als_desktop.services import auto_lock, clinic_details
from als_desktop.services.clinic_setup import save_clinic_setup
from als_desktop.services.errors import ValidationError
from als_desktop.services.queries_settings import SettingChange, setting_changes
from als_desktop.services.settings import load_settings

from .dialogs import FormDialog, SaveFunction
from .fields import CodeCombo, NumberField, TextField, WholeNumberField
from .table import datetime_text
from .tabs.base import RecordSession

if TYPE_CHECKING:
    from .main_window import MainWindow

# Readable words for the coded choices, as the reference words them (section 8).
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "alt_stop_rule": {
        "> 5": "more than 5 × upper limit of normal (> 5)",
        ">= 5": "5 × upper limit of normal or more (≥ 5)",
    },
    "edaravone_dose_pattern": {
        "consecutive": "the first 10 consecutive days of the 14",
        "weekdays": "weekdays only within the 14 days",
    },
}

INTRO = (
    "Where the clinical reference leaves a value to the clinic, it is set here. The values "
    "apply to every patient, and each prompt they drive shows the value in force beside it. "
    "Saving recomputes the prompts."
)

DETAILS_HEADING = "Clinic details"
DETAILS_INTRO = (
    "Printed on the care plans: the clinic's name on the team's copy, and the name and contacts "
    "on the family's copy. Left blank, the name or telephone gets a line to write it on instead."
)
DETAIL_HINTS = {
    "name": "e.g. Riverside ALS/MND Clinic",
    "telephone": "the number patients and families should call",
    "email": "optional",
    "address": "optional, one line",
}
# Form field names of the details, apart from any setting key.
DETAIL_PREFIX = "clinic_"
# The workstation lock (services/auto_lock.py): administrators only.
LOCK_FIELD = "auto_lock_minutes"


def field_of(key: str) -> str:
    """The form field of a stored key: a contact detail ("clinic.telephone") or a setting."""
    if key.startswith(clinic_details.KEY_PREFIX):
        return DETAIL_PREFIX + key.removeprefix(clinic_details.KEY_PREFIX)
    return key


def choice_label(key: str, code: str) -> str:
    return CHOICE_LABELS.get(key, {}).get(code, code)


def shown_value(definition: SettingDefinition, value: Any) -> str:
    if definition.choices is not None:
        return choice_label(definition.key, str(value))
    number = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{number} {definition.unit}".rstrip()


def describe(definition: SettingDefinition, default: Any, change: SettingChange | None) -> str:
    """The grey lines under a setting: default and range, source, and who last changed it."""
    lines = [f"Default: {shown_value(definition, default)}"]
    if definition.low is not None and definition.high is not None:
        lines[0] += f"; allowed {definition.low:g} to {definition.high:g}"
    lines.append(f"Source: {definition.source}")
    if change is None:
        lines.append("Never changed: the default is in force.")
    else:
        lines.append(f"Last changed by {change.updated_by}, {datetime_text(change.updated_at)}.")
    return "\n".join(lines)


def setting_field(definition: SettingDefinition) -> QWidget:
    if definition.choices is not None:
        labels = {code: choice_label(definition.key, code) for code in definition.choices}
        return CodeCombo(definition.label, labels, optional=False)
    return NumberField(definition.label, definition.unit, decimals=1)


class SettingsDialog(FormDialog):
    def __init__(self, parent: QWidget | None, save: SaveFunction, current: ClinicSettings,
                 changes: dict[str, SettingChange], details: ClinicDetails, lock_minutes: int | None = None) -> None:
        super().__init__(parent, "Clinic settings", save, "Clinic settings", intro=INTRO,
                         save_label="Save settings")
        defaults = asdict(ClinicSettings())
        for key, definition in DEFINITIONS.items():
            self.form.add(key, definition.label, setting_field(definition),
                          hint=describe(definition, defaults[key], changes.get(key)))
        self.form.set_values(asdict(current))
        self._add_details(details)
        if lock_minutes is not None:
            self._add_lock(lock_minutes)
        self.restore_button = self.buttons.addButton(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setText("Restore defaults")
        self.restore_button.setToolTip("Put every setting back to its default (the clinic details stay as "
                                       "they are); nothing is stored until you save.")
        self.restore_button.clicked.connect(self.restore_defaults)
        # Enter saves; restoring the defaults takes a deliberate click.
        self.restore_button.setAutoDefault(False)
        self.save_button.setDefault(True)
        self.setMinimumWidth(720)

    def _add_details(self, details: ClinicDetails) -> None:
        heading = QLabel(f"<b>{DETAILS_HEADING}</b>", self.form)
        intro = QLabel(DETAILS_INTRO, self.form)
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        self.form.layout_.addRow(heading)
        self.form.layout_.addRow(intro)
        for field, spec in clinic_details.FIELDS.items():
            # No cap while typing: a pasted entry that is too long is refused with a message
            # rather than silently cut short.
            edit = TextField(spec.label, max_length=1000)
            edit.setPlaceholderText(DETAIL_HINTS[field])
            self.form.add(DETAIL_PREFIX + field, spec.label, edit)
        self.form.set_values({DETAIL_PREFIX + field: value for field, value in asdict(details).items()})

    def _add_lock(self, minutes: int) -> None:
        field = WholeNumberField(auto_lock.LABEL, "minutes")
        # The window hides every patient behind its lock screen after this long without input.
        self.form.add(LOCK_FIELD, "Lock the window after", field,
                      hint=f"Default: {auto_lock.DEFAULT_MINUTES} minutes; allowed {auto_lock.SHORTEST} to "
                           f"{auto_lock.LONGEST}.")
        self.form.set_values({LOCK_FIELD: minutes})

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The grey lines wrap; size once the width is known so none is cut off.
        self.adjustSize()
        next(iter(self.form.fields.values())).setFocus()

    def adjustSize(self) -> None:
        super().adjustSize()
        # Qt's adjustSize stops at two thirds of the screen's height, too little for the
        # settings and the clinic details on a laptop: take what the wrapped lines need, up
        # to the screen's height.
        needed = self.heightForWidth(self.width()) if self.hasHeightForWidth() else -1
        needed = max(needed, self.sizeHint().height())
        room = self.screen().availableGeometry().height() - 60  # the title bar and a margin
        if self.height() < needed:
            self.resize(self.width(), min(needed, room))

    def restore_defaults(self) -> None:
        self.form.clear_errors()
        self.form.set_values(asdict(ClinicSettings()))


def open_settings(window: MainWindow) -> SettingsDialog:
    """Open the Settings dialog on the window's database (not blocking the window)."""
    with window.database.reading() as session:
        current = load_settings(session)
        changes = setting_changes(session)
        details = clinic_details.load_clinic_details(session)
        # Only an administrator changes when the window locks itself.
        lock_minutes = auto_lock.auto_lock_minutes(session) if window.user.is_administrator else None
    in_force = asdict(current)
    details_in_force = asdict(details)

    author = window.author

    def save(session: RecordSession, values: dict) -> None:
        # Only the values the user changed are stored, so an untouched default keeps no row
        # and a colleague's change made meanwhile to another setting is not overwritten.
        values = dict(values)
        entered = {name[len(DETAIL_PREFIX):]: values.pop(name) for name in list(values)
                   if name.startswith(DETAIL_PREFIX)}
        minutes = values.pop(LOCK_FIELD, lock_minutes)
        changed = {key: value for key, value in values.items() if value != in_force[key]}
        changed_details = {field: value for field, value in entered.items() if value != details_in_force[field]}
        if not changed and not changed_details and minutes == lock_minutes:
            return
        try:
            save_clinic_setup(session, changed, changed_details, author)
            if minutes != lock_minutes:
                auto_lock.save_auto_lock_minutes(session, minutes, author)
        except ValidationError as error:
            raise ValidationError({LOCK_FIELD if key == auto_lock.KEY else field_of(key): message
                                   for key, message in error.errors.items()}) from error

    dialog = SettingsDialog(window, save, current, changes, details, lock_minutes)
    dialog.accepted.connect(lambda: window.statusBar().showMessage("Clinic settings saved; prompts recomputed.", 5000))
    window.open_dialog(dialog)
    return dialog
