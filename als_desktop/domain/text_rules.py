"""What every text field of the record accepts: its length, its lines and its characters.

One row per column (column names are unique in meaning across the record, as with the coded
columns). The service layer checks these for every save and every imported row; the models'
String lengths are these lengths; the forms size their inputs from them.

Why the character rules: a control character (NUL, ESC, a line break in a name) corrupts what
is printed, exported or logged; a bidirectional override (U+202A-U+202E, U+2066-U+2069) makes
text display in a different order from the one stored, so "Smith" can read as another name;
and a required field holding only invisible characters (a zero-width space) looks filled but
names nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRule:
    label: str
    max_length: int
    # Line breaks (and tabs) are allowed only in free text written in paragraphs.
    multiline: bool = False


NAME = 100
SHORT = 120
LINE = 500
PARAGRAPHS = 2000
NOTES = 4000
AUTHOR = 80

TEXT_RULES: dict[str, TextRule] = {
    # patient
    "mrn": TextRule("MRN", 40),
    "given_name": TextRule("Given name", NAME),
    "family_name": TextRule("Family name", NAME),
    "other_genetics": TextRule("Other genetics", PARAGRAPHS, multiline=True),
    # visit
    "site": TextRule("Site", NAME),
    # One per line or separated by commas: the team plan prints a signature line for each.
    "clinicians": TextRule("Clinicians", LINE, multiline=True),
    # every record's notes
    "notes": TextRule("Notes", NOTES, multiline=True),
    # medicines
    "drug_name": TextRule("Medicine", NAME),
    "dose_unit": TextRule("Dose unit", 16),
    "frequency": TextRule("Frequency", 60),
    "stop_reason": TextRule("Stop reason", LINE, multiline=True),
    # nutrition, speech and swallowing, palliative care
    "oral_supplements_detail": TextRule("Supplement detail", PARAGRAPHS, multiline=True),
    "texture_advice": TextRule("Texture advice", PARAGRAPHS, multiline=True),
    "meal_advice": TextRule("Meal advice", PARAGRAPHS, multiline=True),
    "strategies": TextRule("Strategies", PARAGRAPHS, multiline=True),
    "caregiver_support": TextRule("Caregiver support", PARAGRAPHS, multiline=True),
    # interventions and advance care planning
    "detail": TextRule("Detail", SHORT),
    "decision": TextRule("Decision", PARAGRAPHS, multiline=True),
    "document": TextRule("Document", SHORT),
    "proxy_name": TextRule("Proxy decision-maker", SHORT),
    # team actions and answers to prompts
    "description": TextRule("Action", PARAGRAPHS, multiline=True),
    "source": TextRule("Source", 1000, multiline=True),
    "rule_id": TextRule("Prompt", 40),
    "reason": TextRule("Reason", LINE, multiline=True),
    # clinic settings and details
    "key": TextRule("Setting", 40),
    "value": TextRule("Value", 1000),
    # authorship, kept by the writer and carried by record files
    "created_by": TextRule("Created by", AUTHOR),
    "updated_by": TextRule("Updated by", AUTHOR),
    "voided_by": TextRule("Voided by", AUTHOR),
    "void_reason": TextRule("Void reason", LINE, multiline=True),
}

# Characters that change the order in which text is displayed.
BIDI_OVERRIDES = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Letters that draw nothing although Unicode does not class them as format characters.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
CONTROL_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\r": "carriage return", "\n": "line break", "\t": "tab",
                 "\x7f": "DEL", "\x08": "backspace", "\x0c": "form feed", "\x0b": "vertical tab"}


def character_name(char: str) -> str:
    code = f"U+{ord(char):04X}"
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"{name}, {code}" if name else code


def is_invisible(char: str) -> bool:
    """True for a character that shows nothing: spaces, zero-width and format characters."""
    return char.isspace() or char in BLANK_LETTERS or unicodedata.category(char) in {"Cf", "Zs", "Zl", "Zp", "Cc"}


def is_blank(value: str) -> bool:
    """True when the text shows nothing at all (empty, spaces, or only invisible characters)."""
    return all(is_invisible(char) for char in value)


def text_problem(rule: TextRule, value: object, *, required: bool = False) -> str | None:
    """None when `value` obeys `rule`, otherwise the sentence shown at the field."""
    if not isinstance(value, str):
        return f"{rule.label} must be text (entered {value!r:.40})."
    if len(value) > rule.max_length:
        return f"{rule.label} is too long: {len(value):,} characters, at most {rule.max_length:,}."
    allowed = {"\n", "\r", "\t"} if rule.multiline else set()
    for position, char in enumerate(value, start=1):
        if char in BIDI_OVERRIDES:
            return (f"{rule.label} holds a direction override ({character_name(char)}) at character {position}, "
                    "which makes text display in a different order from the one stored: remove it.")
        category = unicodedata.category(char)
        if category == "Cs":
            return f"{rule.label} holds a broken character ({character_name(char)}) at character {position}: remove it."
        if category == "Cc" and char not in allowed:
            where = "" if rule.multiline else " (it must be one line)"
            return (f"{rule.label} holds a control character ({character_name(char)}) at character {position}"
                    f"{where}: remove it.")
    if required and value and is_blank(value):
        return f"{rule.label} holds only invisible characters (such as a zero-width space): type it in full."
    return None


__all__ = ["BIDI_OVERRIDES", "TEXT_RULES", "TextRule", "is_blank", "text_problem"]
