"""The patient's and family's copy: plain words in large type, what happens next with who and
when, no rule codes or severity words, the abbreviations it keeps explained; and, like the
team's copy, the patient on every page with 'Page x of y'."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_team_plan_pdf import (
    LONG_ACTION,
    body_font_sizes,
    empty_plan,
    flat,
    image_count,
    pages_text,
    plan_for,
    qpdf_check,
)

from als_desktop.clinical.rules import RULES
from als_desktop.domain import vocab
from als_desktop.reports import plain_words
from als_desktop.reports import team_plan as report
from als_desktop.reports.content import TeamPlan
from als_desktop.reports.family import family_steps

SEVERITY_WORDS = re.compile(r"\b(urgent|severity|info)\b", re.IGNORECASE)
RULE_IDS = [rule.rule_id for rule in RULES]


@pytest.fixture(scope="module")
def family_pdf() -> bytes:
    return report.render(plan_for(), family=True)


def test_every_rule_has_a_plain_sentence_for_the_family():
    assert sorted(plain_words.RULE_SENTENCES) == sorted(RULE_IDS)
    for rule_id, sentence in plain_words.RULE_SENTENCES.items():
        assert sentence.endswith(".") and sentence[0].islower(), rule_id  # follows on from "Your dietitian"
        assert not SEVERITY_WORDS.search(sentence), rule_id
        assert not re.search(r"\d", sentence.replace("one week", "")), rule_id  # numbers stay on the team's copy


def test_every_abbreviation_in_the_plain_sentences_is_explained():
    for rule_id, sentence in plain_words.RULE_SENTENCES.items():
        for abbreviation in re.findall(r"\b[A-Z]{2,}[A-Za-z₂-]*\b", sentence):
            assert abbreviation in plain_words.GLOSSARY, (rule_id, abbreviation)


def test_every_discipline_has_a_plain_name():
    assert set(plain_words.WHO) == set(vocab.DISCIPLINE)


def test_no_rule_id_and_no_severity_word_appear_on_the_family_copy(family_pdf: bytes):
    text = " ".join(pages_text(family_pdf))
    assert not [rule_id for rule_id in RULE_IDS if rule_id in text]
    assert not SEVERITY_WORDS.search(text)
    assert "rule " not in text.lower()


def test_what_happens_next_says_who_will_do_what_in_plain_sentences(family_pdf: bytes):
    text = flat(" ".join(pages_text(family_pdf)))
    expected = [
        "Your neurologist " + plain_words.RULE_SENTENCES["NEU-RILUZOLE-ALT-DUE"],
        "Your breathing (respiratory) team " + plain_words.RULE_SENTENCES["RESP-COUGH-INEFFECTIVE"],
        "Your breathing (respiratory) team " + plain_words.RULE_SENTENCES["RESP-NIV-NICE"],
        "Your dietitian " + plain_words.RULE_SENTENCES["NUT-GASTROSTOMY-10PC"],
        "Your speech and language therapist " + plain_words.RULE_SENTENCES["SLP-AAC-PLANNING"],
    ]
    for sentence in expected:
        assert flat(sentence) in text, sentence
    # the prompts' clinical messages stay on the team's copy
    assert "Peak cough flow 150 L/min (< 160)" not in text
    assert "By 24 Dec 2026" in text and "We will agree a time with you" in text


def test_actions_the_team_wrote_are_shown_as_written(family_pdf: bytes):
    text = flat(" ".join(pages_text(family_pdf)))
    assert "Your neurologist: Review riluzole tolerance by phone" in text
    assert f"Your occupational therapist: {flat(LONG_ACTION)}" in text
    assert "By 15 Jan 2027" in text


def test_advance_care_planning_conversations_are_one_gentle_sentence():
    steps = [sentence for sentence, _ in family_steps(plan_for()) if sentence.startswith("Your palliative care team")]
    assert len(steps) == 1
    assert "when you are ready" in steps[0]
    assert "resuscitation" in steps[0] and "where you would like to be cared for" in steps[0]


def test_information_for_the_team_only_is_left_out():
    from dataclasses import replace

    from als_desktop.reports.content import PlanAction

    plan = plan_for()
    info = PlanAction("neurology", "Neurology", "Tofersen is recorded without a positive SOD1 result.", None,
                      "Qalsody label", "prompt", rule_id="NEU-TOFERSEN-SOD1", severity="info")
    sections = tuple(replace(s, actions=(*s.actions, info)) if s.discipline == "neurology" else s for s in plan.sections)
    text = flat(" ".join(pages_text(report.render(replace(plan, sections=sections), family=True))))
    assert "SOD1" not in text and "genetic test result" not in text


def test_family_copy_names_the_patient_on_every_page_with_page_x_of_y(family_pdf: bytes):
    pages = pages_text(family_pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert "EXAMPLE, Alex" in page and "MRN-0001" in page and "Born 12 Apr 1961" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Private and confidential" in page


def test_family_copy_type_is_at_least_12_points(family_pdf: bytes):
    reader = PdfReader(BytesIO(family_pdf))
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * tm[3] * cm[3])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 12
    assert body_font_sizes(family_pdf, "Your neurologist will arrange") == [13.0]


def test_sections_medicines_and_plain_measures_are_there(family_pdf: bytes):
    text = flat(" ".join(pages_text(family_pdf)))
    for heading in ("Your care plan", "Who you saw today", "What happens next", "Your medicines",
                    "What we checked today", "How things are changing", "Questions and contacts",
                    "Words used in this plan"):
        assert heading in text, heading
    assert "Next ALT (liver test) due: 24 Dec 2026" in text
    assert "Breathing test sitting up (FVC) 55 % of the expected value" in text
    assert "Your dietitian checked:" in text
    assert "Telephone:" in text


def test_abbreviations_left_on_the_copy_are_explained_at_its_end(family_pdf: bytes):
    text = flat(" ".join(pages_text(family_pdf)))
    body, words = text.split("Words used in this plan")
    assert "FVC forced vital capacity" in words
    assert "ALSFRS-R a score of everyday abilities" in words
    identity = {"EXAMPLE", "MRN-0001"}
    for abbreviation in set(re.findall(r"(?<![\w-])[A-Z][A-Z0-9₂-]+(?![\w-])", body)) - identity:
        assert f" {abbreviation} " in f" {words} ", abbreviation


def test_the_plots_are_drawn_in_plain_words(family_pdf: bytes, tmp_path: Path):
    assert image_count(family_pdf) == 3
    qpdf_check(family_pdf, tmp_path)


def test_a_patient_with_no_data_gets_a_family_copy_too(tmp_path: Path):
    pdf = report.render(empty_plan(), family=True)
    text = flat(" ".join(pages_text(pdf)))
    for empty in ("Nothing new is planned before your next visit.", "No medicines are recorded by the clinic.",
                  "Nothing was measured at this visit.", "Questions and contacts"):
        assert empty in text, empty
    assert image_count(pdf) == 0
    qpdf_check(pdf, tmp_path)


def test_the_family_copy_of_a_plan_from_the_record(team_plan: TeamPlan, tmp_path: Path):
    pdf = report.render(team_plan, family=True)
    text = flat(" ".join(pages_text(pdf)))
    assert not [rule_id for rule_id in RULE_IDS if rule_id in text]
    assert not SEVERITY_WORDS.search(text)
    assert "Your dietitian: Dietitian review: enrich and fractionate meals" in text
    assert "Your physiotherapist: Review walking aids and the home exercise programme" in text
    assert "Your neurologist " + plain_words.RULE_SENTENCES["NEU-RILUZOLE-ALT-DUE"] in text
    assert "Diagnosis came" not in text  # information for the team
    assert "premorbid" not in text
    assert image_count(pdf) == 3
    qpdf_check(pdf, tmp_path)
