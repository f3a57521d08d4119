"""Coded choices used across the record, each code with the label a clinician reads.

Codes are what the database and the JSON export store; labels are what screens and reports
show. Codes never change once released (exported files and merged laptops depend on them);
labels may be reworded.
"""

from __future__ import annotations

Vocabulary = dict[str, str]

SEX: Vocabulary = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not recorded"}

ONSET_REGION: Vocabulary = {
    "bulbar": "Bulbar",
    "upper_limb": "Upper limb",
    "lower_limb": "Lower limb",
    "respiratory": "Respiratory",
    "trunk": "Trunk / axial",
    "generalised": "Generalised",
    "cognitive": "Cognitive / behavioural",
}

DIAGNOSTIC_CRITERIA: Vocabulary = {
    "el_escorial_definite": "El Escorial: definite",
    "el_escorial_probable": "El Escorial: probable",
    "el_escorial_probable_lab": "El Escorial: probable, laboratory-supported",
    "el_escorial_possible": "El Escorial: possible",
    "gold_coast": "Gold Coast criteria met",
    "other": "Other",
}

GENETIC_RESULT: Vocabulary = {
    "not_tested": "Not tested",
    "pending": "Pending",
    "negative": "Negative",
    "positive": "Positive",
    "vus": "Variant of uncertain significance",
}

YES_NO_UNKNOWN: Vocabulary = {"yes": "Yes", "no": "No", "unknown": "Not assessed"}

SITE_MAIN = "Main clinic"

DISCIPLINE: Vocabulary = {
    "neurology": "Neurology",
    "slp": "Speech-language pathology",
    "nutrition": "Nutrition / dietetics",
    "pulmonary": "Pulmonary / respiratory",
    "palliative": "Palliative care",
    "gastroenterology": "Gastroenterology",
    "physiotherapy": "Physical therapy",
    "occupational_therapy": "Occupational therapy",
    "social_work": "Social work",
    "psychology": "Psychology / mental health",
    "nursing": "Clinic nursing / coordination",
}

GASTROSTOMY_STATUS: Vocabulary = {
    "not_discussed": "Not discussed",
    "discussed": "Discussed",
    "declined": "Declined",
    "planned": "Planned",
    "placed": "Placed",
}

GASTROSTOMY_TYPE: Vocabulary = {
    "PEG": "PEG (percutaneous endoscopic)",
    "RIG": "RIG (radiologically inserted)",
    "PIG": "PIG (per-oral image-guided)",
}

NIV_STATUS: Vocabulary = {
    "not_indicated": "Not indicated",
    "discussed": "Discussed",
    "declined": "Declined",
    "started": "Started",
    "tracheostomy": "Tracheostomy ventilation",
}

AAC_STATUS: Vocabulary = {
    "not_needed": "Not needed yet",
    "planned": "Planned",
    "banking_done": "Voice / message banking done",
    "low_tech": "Low-tech AAC in use",
    "high_tech": "High-tech device in use (incl. eye gaze)",
}

# IDDSI framework (Cichero et al., Dysphagia 2017;32:293). Level 4 is "Extremely thick" for
# drinks and "Pureed" for foods; level 3 is "Moderately thick" / "Liquidised".
IDDSI_DRINK: dict[int, str] = {
    0: "0 Thin",
    1: "1 Slightly thick",
    2: "2 Mildly thick",
    3: "3 Moderately thick",
    4: "4 Extremely thick",
}
IDDSI_FOOD: dict[int, str] = {
    3: "3 Liquidised",
    4: "4 Pureed",
    5: "5 Minced & moist",
    6: "6 Soft & bite-sized",
    7: "7 Regular / easy to chew",
}

CO2_SOURCE: Vocabulary = {
    "arterial": "Arterial (PaCO₂)",
    "venous": "Venous",
    "transcutaneous": "Transcutaneous",
}

INTERVENTION_KIND: Vocabulary = {
    "gastrostomy": "Gastrostomy",
    "niv": "Non-invasive ventilation",
    "cough_assist": "Cough assist (MI-E)",
    "aac_device": "AAC device",
    "tracheostomy": "Tracheostomy",
    "hospice": "Hospice",
}

MEDICATION_CATEGORY: Vocabulary = {
    "disease_modifying": "Disease-modifying",
    "symptomatic": "Symptomatic",
}

DISEASE_MODIFYING_DRUGS = ("riluzole", "edaravone", "tofersen")

SYMPTOM_TARGET: Vocabulary = {
    "als": "ALS (disease-modifying)",
    "spasticity": "Spasticity",
    "cramps": "Cramps",
    "sialorrhoea": "Sialorrhoea",
    "pseudobulbar_affect": "Pseudobulbar affect",
    "mood": "Mood",
    "pain": "Pain",
    "sleep": "Sleep",
    "other": "Other",
}

ROUTE: Vocabulary = {
    "oral": "Oral",
    "iv": "Intravenous",
    "intrathecal": "Intrathecal",
    "gastrostomy": "Via gastrostomy",
    "subcutaneous": "Subcutaneous",
    "transdermal": "Transdermal",
    "sublingual": "Sublingual",
    "other": "Other",
}

ACP_TOPIC: Vocabulary = {
    "resuscitation": "Resuscitation status",
    "ventilatory_support": "Ventilatory support (NIV, tracheostomy)",
    "nutrition_hydration": "Artificial nutrition and hydration",
    "place_of_death": "Preferred place of death",
}

SEVERITY: Vocabulary = {"none": "None", "mild": "Mild", "moderate": "Moderate", "severe": "Severe"}

ACTION_STATUS: Vocabulary = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}

PROMPT_RESPONSE: Vocabulary = {
    "acknowledged": "Acknowledged",
    "deferred": "Deferred",
    "action_created": "Team action created",
    "declined": "Declined by the patient",
}


def label(vocabulary: dict, code: object, missing: str = "not recorded") -> str:
    """The label for a code, or a plain 'not recorded' for a missing one."""
    if code is None or code == "":
        return missing
    return vocabulary.get(code, str(code))


def in_sentence(label: str) -> str:
    """A label inside a sentence: its first word in lower case, abbreviations kept (NIV, ALS)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
