"""What an empty database shows: a way to start with a real patient or explore the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePanel(QWidget):
    new_patient = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        title = QLabel("Welcome to ALS Clinic Desktop", card)
        title.setObjectName("welcomeTitle")
        text = QLabel(
            "This clinic database has no patients yet.\n\n"
            "Register your first patient to start recording visits, or open the demo clinic "
            "to explore the program with synthetic patients (kept in a separate database, "
            "so nothing mixes with your clinic's record).",
            card,
        )
        text.setWordWrap(True)
        self.database_label = QLabel(card)
        self.database_label.setTextFormat(Qt.TextFormat.PlainText)
        self.database_label.setObjectName("muted")
        self.database_label.setWordWrap(True)
        self.new_patient_button = QPushButton("New patient…", card)
        self.new_patient_button.setObjectName("primary")
        self.new_patient_button.setAccessibleName("New patient")
        self.demo_button = QPushButton("Open the demo clinic", card)
        self.demo_button.setAccessibleName("Open the demo clinic")
        self.new_patient_button.clicked.connect(self.new_patient)
        self.demo_button.clicked.connect(self.open_demo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_patient_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addLayout(buttons)
        inner.addWidget(self.database_label)
        card.setMaximumWidth(640)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_database(self, description: str) -> None:
        self.database_label.setText(f"Database: {description}")
