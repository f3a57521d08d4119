"""What the audit trail records besides changes to the record: who looked, printed, exported,
signed in or out, locked the screen, wrote without the role, or changed accounts and settings.

The codes are stored in the trail (change_history.event); the labels are what the Audit log,
`als-desktop audit list` and the CSV export show.
"""

from __future__ import annotations

EVENTS: dict[str, str] = {
    "sign_in": "Signed in",
    "sign_in_failed": "Sign-in failed",
    "sign_out": "Signed out",
    "lock": "Screen locked",
    "unlock": "Screen unlocked",
    "open_record": "Opened the record",
    "export": "Exported",
    "report": "Made a report",
    "print": "Printed",
    "import": "Imported",
    "break_glass": "Wrote without the role (break-glass)",
    "account": "Changed an account",
    "password": "Changed a password",
    "settings": "Changed the clinic settings",
    "audit": "Read or exported the audit trail",
}

# How it ended.
OUTCOMES: dict[str, str] = {
    "done": "Done",
    "refused": "Refused",
    "failed": "Failed",
}


def event_label(code: str | None) -> str:
    return EVENTS.get(code or "", code or "")
