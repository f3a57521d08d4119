"""Text boxes take their length from the field's rule, and never cut a stored value."""

from __future__ import annotations

from als_desktop.domain.text_rules import TEXT_RULES
from als_desktop.views.fields import Form, TextField


def test_a_form_field_allows_exactly_what_its_rule_allows(qtbot) -> None:  # noqa: ANN001
    form = Form()
    qtbot.addWidget(form)
    notes = form.add("notes", "Notes", TextField("Notes", max_length=2000))
    mrn = form.add("mrn", "MRN", TextField("MRN"))
    assert notes.maxLength() == TEXT_RULES["notes"].max_length
    assert mrn.maxLength() == TEXT_RULES["mrn"].max_length


def test_a_stored_value_longer_than_the_box_is_shown_whole_and_read_back_whole(qtbot) -> None:  # noqa: ANN001
    field = TextField("Dose notes", max_length=500)
    qtbot.addWidget(field)
    stored = "x" * 900  # e.g. imported, within the rule for notes
    field.set_value(stored)
    assert field.value() == stored
