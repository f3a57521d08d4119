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
NEUROLOGY = "neurology"
SLP = "slp"
NUTRITION = "nutrition"
PULMONARY = "pulmonary"
PALLIATIVE = "palliative"

# Code -> label, in the order the account form lists them.
ROLES: dict[str, str] = {
    NEUROLOGY: "Neurology",
    SLP: "Speech-language pathology",
    NUTRITION: "Nutrition",
    PULMONARY: "Pulmonary / respiratory",
    PALLIATIVE: "Palliative care",
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


# ---------------------------------------------------------------------------- who writes what

# Everyone who sees patients: every role but the administrator's (an administrator who also
# sees patients holds their discipline's role as well).
CLINICAL_ROLES: tuple[str, ...] = tuple(code for code in ROLES if code != ADMINISTRATOR)

# Which roles may write each kind of record (the kinds of services/kinds.py). Writing covers
# recording, changing, voiding and restoring alike. Physiotherapy, occupational therapy,
# social work and psychology have no record of their own yet: they open visits, answer the
# prompts and record team actions (theirs and those they ask of others).
WRITERS: dict[str, tuple[str, ...]] = {
    # Registering a patient and correcting identity details is front-desk work (coordinator,
    # nursing); the disease facts kept on the patient record (onset, diagnosis, genetics,
    # cognition) are the neurologist's, entered on the Neurology tab.
    "patient": (NEUROLOGY, NURSING, COORDINATOR),
    # A visit is the encounter every discipline records on: whoever sees the patient opens it.
    "visit": CLINICAL_ROLES,
    # The neurologist's scale; clinic nurses are trained raters and often take it at check-in.
    "alsfrs": (NEUROLOGY, NURSING),
    # Weighing is done at check-in by whoever is there; the dietitian interprets it.
    "weight": (NUTRITION, NURSING, COORDINATOR),
    "nutrition": (NUTRITION,),
    "respiratory": (PULMONARY,),
    "slp": (SLP,),
    "palliative": (PALLIATIVE,),
    # Prescribing: neurology (disease-modifying and symptomatic), palliative care (symptomatic:
    # pain, sialorrhoea, mood, sleep). Nursing reconciles the medicine list at each visit.
    "medication": (NEUROLOGY, PALLIATIVE, NURSING),
    # Doses given (edaravone cycles, tofersen injections) and the liver tests that riluzole
    # needs are the neurologist's orders, given, drawn and entered by the clinic nurses.
    "dose": (NEUROLOGY, NURSING),
    "liver_test": (NEUROLOGY, NURSING),
    # By the intervention's kind (INTERVENTION_WRITERS); this is any of them, for a kind the
    # field rules refuse anyway.
    "intervention": (NUTRITION, PULMONARY, SLP, PALLIATIVE),
    # Advance care planning is led by palliative care and by the neurologist who follows the
    # patient (many clinics have no palliative member at every visit).
    "care_planning": (PALLIATIVE, NEUROLOGY),
    # The team's actions: any member asks any discipline for something (the issue names
    # nursing and the coordinator; every discipline needs it as much).
    "team_action": CLINICAL_ROLES,
    # Answering a prompt changes no clinical value: it records, with its author and reason,
    # that the team saw it (or made it a team action), lists it under "Answered (n)…" and
    # anyone can reopen it. Prompts show on the Overview to the whole team, so any member may.
    "prompt_response": CLINICAL_ROLES,
    # The clinic's settings (thresholds, lock delay, clinic details) apply to everyone.
    "clinic_setting": (ADMINISTRATOR,),
}

# An intervention is written by the discipline that assesses for it and follows it up.
INTERVENTION_WRITERS: dict[str, tuple[str, ...]] = {
    "gastrostomy": (NUTRITION,),
    "niv": (PULMONARY,),
    "cough_assist": (PULMONARY,),
    "tracheostomy": (PULMONARY,),
    "aac_device": (SLP,),
    "hospice": (PALLIATIVE,),
}

# Importing a patient record file brings in what another clinic (or installation) recorded,
# every kind at once, with its authors kept: a records task rather than a clinical one. The
# coordinator handles transfers and referrals; the administrator moves records between
# installations. Anyone else may still import in an emergency, stating a reason.
IMPORT_WRITERS: tuple[str, ...] = (COORDINATOR, ADMINISTRATOR)


def writers_of(kind: str, intervention: str | None = None) -> tuple[str, ...]:
    """The roles that may write a record of `kind` (and, for an intervention, of its kind)."""
    if kind == "intervention" and intervention in INTERVENTION_WRITERS:
        return INTERVENTION_WRITERS[intervention]
    return WRITERS[kind]


def may_write(held: frozenset[str] | set[str] | tuple[str, ...], kind: str, intervention: str | None = None) -> bool:
    return not set(held).isdisjoint(writers_of(kind, intervention))


def roles_in_words(codes: tuple[str, ...] | list[str]) -> str:
    """"Nutrition, Nursing or Clinic coordinator"."""
    labels = [role_label(code) for code in codes]
    if len(labels) <= 1:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} or {labels[-1]}"
