from als_desktop.services import field_docs


def test_committed_fields_md_matches_the_rules() -> None:
    committed = field_docs.DOC_PATH.read_text(encoding="utf-8")
    assert committed == field_docs.render_markdown(), "run: python -m als_desktop.services.field_docs"


def test_the_document_states_the_rules_a_clinician_meets() -> None:
    text = field_docs.render_markdown()
    assert "| `weight_kg` | yes | number 20 to 300 kg |" in text
    assert "| `speech` |  | whole number 0 to 4 |" in text
    assert "| `eat10_score` |  | whole number 0 to 40 |" in text
    assert "`given_name` | yes | text, at most 100 characters, one line" in text
