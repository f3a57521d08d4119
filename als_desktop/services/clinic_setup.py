"""The clinic's setup saved as one act: the settings the reference leaves to the clinic and the
clinic's contact details, both or neither.

Every value is checked before anything is stored, so one refusal names every wrong field at
once: a setting by its key, a contact detail by its stored key ("clinic.telephone").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from .clinic_details import check_clinic_details, save_clinic_details, storage_key
from .errors import ValidationError
from .settings import save_settings


def save_clinic_setup(session: Session, settings: Mapping[str, Any], details: Mapping[str, Any],
                      author: str) -> None:
    """Store the settings and the contact details given (others are left as they are)."""
    errors: dict[str, str] = {}
    try:
        check_clinic_details(details)
    except ValidationError as error:
        errors.update({storage_key(field): message for field, message in error.errors.items()})
    try:
        if settings:
            save_settings(session, settings, author)
    except ValidationError as error:
        errors.update(error.errors)
    if errors:
        # Raised inside the caller's transaction: any setting stored above is rolled back with it.
        raise ValidationError(errors)
    if details:
        save_clinic_details(session, details, author)


__all__ = ["save_clinic_setup"]
