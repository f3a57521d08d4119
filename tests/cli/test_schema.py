"""The shipped JSON Schema cannot drift from the models, the vocabularies or the limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from als_desktop.domain import vocab
from als_desktop.domain.limits import ALSFRS_ITEM, LIMITS
from als_desktop.models import ALSFRS_ITEMS, SYMPTOM_BURDEN, AlsfrsAssessment, Base
from als_desktop.services.exchange import BASE_VERSION, PATIENT, Section, column_kind, document_columns, schema

JSON_TYPES = {"uuid": "string", "date": "string", "datetime": "string", "string": "string",
              "integer": "integer", "number": "number", "boolean": "boolean"}

# Each coded column and the vocabulary it must offer, written out here on purpose: a code
# added to a vocabulary without the schema (or the other way round) fails this test.
VOCABULARIES: dict[str, dict] = {
    "sex": vocab.SEX, "onset_region": vocab.ONSET_REGION, "diagnostic_criteria": vocab.DIAGNOSTIC_CRITERIA,
    "c9orf72_status": vocab.GENETIC_RESULT, "sod1_status": vocab.GENETIC_RESULT, "ftd": vocab.YES_NO_UNKNOWN,
    "gastrostomy_status": vocab.GASTROSTOMY_STATUS, "co2_source": vocab.CO2_SOURCE, "niv_status": vocab.NIV_STATUS,
    "aac_status": vocab.AAC_STATUS, "iddsi_drink_level": vocab.IDDSI_DRINK, "iddsi_food_level": vocab.IDDSI_FOOD,
    "category": vocab.MEDICATION_CATEGORY, "indication": vocab.SYMPTOM_TARGET, "route": vocab.ROUTE,
    "kind": vocab.INTERVENTION_KIND, "topic": vocab.ACP_TOPIC, "owner_discipline": vocab.DISCIPLINE,
    "status": vocab.ACTION_STATUS, "cutting_form": {"5a": "", "5b": ""}, "response": vocab.PROMPT_RESPONSE,
    **{symptom: vocab.SEVERITY for symptom in SYMPTOM_BURDEN},
}


def sections(section: Section = PATIENT) -> Iterator[Section]:
    yield section
    for child in section.children:
        yield from sections(child)


def definition(section: Section) -> dict[str, Any]:
    return schema()["$defs"][section.key]


def types_of(prop: dict[str, Any]) -> set[str]:
    kind = prop["type"]
    return {kind} if isinstance(kind, str) else set(kind)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_table_is_a_section_of_the_document() -> None:
    # Clinic settings and accounts belong to the clinic, not to a patient's record; nor is the
    # change history (with its audit events).
    tables = {mapper.class_.__table__.name for mapper in Base.registry.mappers} - {
        "clinic_settings", "change_history", "accounts"}
    assert {section.model.__table__.name for section in sections()} == tables
    assert set(schema()["$defs"]) == {section.key for section in sections()}


@pytest.mark.parametrize("section", list(sections()), ids=lambda section: section.key)
def test_every_column_is_described_with_its_type(section: Section) -> None:
    props = definition(section)["properties"]
    columns = {column.key: column for column in document_columns(section)}
    children = {child.key for child in section.children}
    assert set(props) == set(columns) | children | {BASE_VERSION}
    assert definition(section)["additionalProperties"] is False
    for name, column in columns.items():
        prop = props[name]
        assert prop["description"].strip(), name
        assert JSON_TYPES[column_kind(column)] in types_of(prop), name
        assert ("null" in types_of(prop)) == (column.nullable and name != "id"), name
        if getattr(column.type, "length", None):
            assert prop["maxLength"] == column.type.length, name
    for child in children:
        assert props[child]["type"] == "array"
        assert props[child]["items"] == {"$ref": f"#/$defs/{child}"}


@pytest.mark.parametrize("section", list(sections()), ids=lambda section: section.key)
def test_codes_and_ranges_match_the_vocabularies_and_limits(section: Section) -> None:
    props = definition(section)["properties"]
    for column in document_columns(section):
        prop = props[column.key]
        if column.key in VOCABULARIES:
            expected = list(VOCABULARIES[column.key]) + ([None] if column.nullable else [])
            assert prop["enum"] == expected, column.key
        else:
            assert "enum" not in prop, column.key
        limit = ALSFRS_ITEM if section.model is AlsfrsAssessment and column.key in ALSFRS_ITEMS else LIMITS.get(column.key)
        if limit is None:
            assert "minimum" not in prop and "maximum" not in prop, column.key
        else:
            assert (prop["minimum"], prop["maximum"]) == (limit.low, limit.high), column.key
            if limit.unit:
                assert limit.unit in prop["description"], column.key


def test_version_2_is_version_1_with_the_base_version_of_every_row() -> None:
    one, two = schema(1), schema(2)
    assert two["properties"]["format_version"]["const"] == 2 and one["properties"]["format_version"]["const"] == 1
    assert set(one["$defs"]) == set(two["$defs"])
    for key, section in two["$defs"].items():
        props, earlier = section["properties"], one["$defs"][key]["properties"]
        assert props[BASE_VERSION] == {**props[BASE_VERSION], "type": "integer", "minimum": 1}, key
        assert {name: prop for name, prop in props.items() if name not in (BASE_VERSION, "version")} == {
            name: prop for name, prop in earlier.items() if name != "version"}, key


def test_every_limit_and_coded_column_is_in_some_section() -> None:
    columns = {column.key for section in sections() for column in document_columns(section)}
    assert set(LIMITS) <= columns
    assert set(VOCABULARIES) <= columns


def test_an_exported_record_is_valid_against_the_schema(demo_db) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from als_desktop.models import Patient
    from als_desktop.services.exchange import export_patient

    with demo_db.reading() as session:
        for mrn in session.scalars(select(Patient.mrn)):
            jsonschema.validate(export_patient(session, mrn), schema(), cls=jsonschema.Draft202012Validator)


def test_every_coded_column_the_services_check_is_listed_here() -> None:
    from als_desktop.services.records import CODES

    assert set(CODES) == set(VOCABULARIES)
    for name, codes in CODES.items():
        assert list(codes) == list(VOCABULARIES[name]), name
