"""The demo clinic's accounts: one per discipline, all with the published demo password.

They exist only in a demo database (every patient a demo patient, no account yet), so the
password printed in the README and the demo banner opens nothing else.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from als_desktop.domain.roles import ADMINISTRATOR, COORDINATOR, NURSING
from als_desktop.models import Account, Patient, utc_now

from . import audit, passwords
from .writer import Actor

DEMO_PASSWORD = "demo-clinic"
# (user name, full name, roles)
DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("admin", "Demo Administrator", (ADMINISTRATOR, COORDINATOR)),
    ("coordinator", "Demo Coordinator", (COORDINATOR,)),
    ("neuro", "Demo Neurologist", ("neurology",)),
    ("slp", "Demo Speech-Language Pathologist", ("slp",)),
    ("dietitian", "Demo Dietitian", ("nutrition",)),
    ("resp", "Demo Respiratory Therapist", ("pulmonary",)),
    ("palliative", "Demo Palliative Care Physician", ("palliative",)),
    ("nurse", "Demo Nurse", (NURSING,)),
)


def banner_lines() -> list[str]:
    names = ", ".join(name for name, _, _ in DEMO_ACCOUNTS)
    return [f"Demo accounts: {names}; password for each: {DEMO_PASSWORD}"]


def add_demo_accounts(session: Session, demo_prefix: str, workstation: str) -> bool:
    """Add the demo accounts when the database has no account and only demo patients."""
    if session.scalar(select(Account.id).limit(1)) is not None:
        return False
    if session.scalar(select(Patient.id).where(Patient.mrn.not_like(f"{demo_prefix}%")).limit(1)) is not None:
        return False
    # One hash for all: hashing eight times would only slow the demo's creation.
    hashed = passwords.hash_password(DEMO_PASSWORD)
    now = utc_now()
    for user_name, full_name, roles in DEMO_ACCOUNTS:
        session.add(Account(user_name=user_name, full_name=full_name, roles=" ".join(roles), password_hash=hashed,
                            must_change_password=False, failed_attempts=0, created_at=now, created_by="demo",
                            updated_at=now, updated_by="demo"))
    session.flush()
    audit.record(session, Actor("demo", workstation), "account",
                 detail=f"demo accounts added: {', '.join(name for name, _, _ in DEMO_ACCOUNTS)}")
    return True
