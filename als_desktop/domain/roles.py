"""The roles a clinic member's account can hold, and which records each role writes.

One team, one record: every member reads every patient. Writing a discipline's records needs
that discipline's role; nursing and the clinic coordinator also record visits, weights and team
actions; the administrator manages accounts and settings and reads the audit trail. A member
without the role can still write in an emergency by stating a reason ("break-glass"), which the
audit trail flags for the administrator to review.
"""

from __future__ import annotations

ADMINISTRATOR = "administrator"
COORDINATOR = "coordinator"
NURSING = "nursing"

# Code -> label, in the order the account form lists them.
ROLES: dict[str, str] = {
    "neurology": "Neurology",
    "slp": "Speech-language pathology",
    "nutrition": "Nutrition",
    "pulmonary": "Pulmonary / respiratory",
    "palliative": "Palliative care",
    "physiotherapy": "Physiotherapy",
    "occupational_therapy": "Occupational therapy",
    "social_work": "Social work",
    "psychology": "Psychology",
    NURSING: "Nursing",
    COORDINATOR: "Clinic coordinator",
    ADMINISTRATOR: "Administrator",
}


def role_label(code: str) -> str:
    return ROLES.get(code, code)


def parse_roles(text: str) -> tuple[str, ...]:
    """Roles as stored (space-separated codes), known ones only, in the order of ROLES."""
    held = set(text.split())
    return tuple(code for code in ROLES if code in held)


def stored_roles(roles: set[str] | frozenset[str] | tuple[str, ...] | list[str]) -> str:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValueError(f"Unknown role {', '.join(unknown)}; the roles are: {', '.join(ROLES)}.")
    return " ".join(code for code in ROLES if code in set(roles))
