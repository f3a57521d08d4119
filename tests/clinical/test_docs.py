from als_desktop.clinical import docs, rules
from als_desktop.clinical.settings import DEFINITIONS


def test_committed_clinical_md_matches_the_rule_table() -> None:
    committed = docs.DOC_PATH.read_text(encoding="utf-8")
    assert committed == docs.render_markdown(), "run: python -m als_desktop.clinical.docs"


def test_every_rule_and_setting_is_documented_with_its_logic_and_source() -> None:
    text = docs.render_markdown()
    for rule in rules.RULES:
        assert f"### {rule.rule_id}: {rule.title}" in text
        assert rule.logic.replace("|", "\\|") in text and rule.source in text
    for key in DEFINITIONS:
        assert f"`{key}`" in text
