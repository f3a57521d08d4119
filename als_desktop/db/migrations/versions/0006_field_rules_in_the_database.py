"""field rules in the database

The field rules the program applies to every save and import become CHECK constraints too, for
rows another program writes straight into the database: whole numbers in whole-number columns,
real calendar dates and UUID text in SQLite's date and id columns, text lengths, no control
characters in one-line text and no direction overrides in any text, a date of birth from 1900,
a version of at least 1, an author who is not blank (models/field_checks.py lists them).

They hold for live rows only. A database may already hold a live row that breaks one (written by
another program, or by a release that checked less): such a row is voided, with a reason naming
each field, its value and the rule, and each void appends its entry to the change history in the
same transaction, as the program's writer would. Nothing is deleted or changed but the void: the
value stays in the row and in the reason, readable, and the clinic can enter it again correctly.
An upgrade therefore never fails on old data.

The constraints are those models/field_checks.py generated at this release, written out below
(RULES) so that this migration keeps meaning the same whatever the models become. SQLite rebuilds each table
(batch mode) to add them; PostgreSQL adds them in place. Downgrade removes them; rows voided here
stay voided (the reason and the history say why).

Revision ID: 0006
Revises: 0005
Create Date: 2027-01-12 09:00:00
"""

import json
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

UPGRADE_AUTHOR = 'upgrade 0006'
UPGRADE_WORKSTATION = 'upgrade'
REASON_LENGTH = 500

# Whose record a row is, for the history (clinic settings are no patient's).
PATIENT_OF = {
    'patients': 'id',
    'visits': 'patient_id',
    'medications': 'patient_id',
    'liver_tests': 'patient_id',
    'interventions': 'patient_id',
    'care_planning_decisions': 'patient_id',
    'team_actions': 'patient_id',
    'prompt_responses': 'patient_id',
    'medication_doses': '(SELECT m.patient_id FROM medications m WHERE m.id = medication_id)',
}
BY_VISIT = '(SELECT v.patient_id FROM visits v WHERE v.id = visit_id)'


# The rules of this release, frozen: a later change to models/field_checks.py comes with its own
# migration, and this one keeps building the schema of 0006 whatever the models hold by then.
# (table, [(rule name, column it is about, condition for live rows, database or None for both)]).
RULES = [
    ('clinic_settings', [
        ('key_length', 'key', 'voided_at IS NOT NULL OR (key IS NULL OR length(key) <= 40)', None),
        ('key_characters', 'key', "voided_at IS NOT NULL OR (key IS NULL OR (instr(key, char(0)) = 0 AND key NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('key_characters', 'key', "voided_at IS NOT NULL OR (key IS NULL OR key !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('value_length', 'value', 'voided_at IS NOT NULL OR (value IS NULL OR length(value) <= 1000)', None),
        ('value_characters', 'value', "voided_at IS NOT NULL OR (value IS NULL OR (instr(value, char(0)) = 0 AND value NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('value_characters', 'value', "voided_at IS NOT NULL OR (value IS NULL OR value !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('patients', [
        ('mrn_length', 'mrn', 'voided_at IS NOT NULL OR (mrn IS NULL OR length(mrn) <= 40)', None),
        ('mrn_characters', 'mrn', "voided_at IS NOT NULL OR (mrn IS NULL OR (instr(mrn, char(0)) = 0 AND mrn NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('mrn_characters', 'mrn', "voided_at IS NOT NULL OR (mrn IS NULL OR mrn !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('given_name_length', 'given_name', 'voided_at IS NOT NULL OR (given_name IS NULL OR length(given_name) <= 100)', None),
        ('given_name_characters', 'given_name', "voided_at IS NOT NULL OR (given_name IS NULL OR (instr(given_name, char(0)) = 0 AND given_name NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('given_name_characters', 'given_name', "voided_at IS NOT NULL OR (given_name IS NULL OR given_name !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('family_name_length', 'family_name', 'voided_at IS NOT NULL OR (family_name IS NULL OR length(family_name) <= 100)', None),
        ('family_name_characters', 'family_name', "voided_at IS NOT NULL OR (family_name IS NULL OR (instr(family_name, char(0)) = 0 AND family_name NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('family_name_characters', 'family_name', "voided_at IS NOT NULL OR (family_name IS NULL OR family_name !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('date_of_birth_date', 'date_of_birth', "voided_at IS NOT NULL OR (date(date_of_birth, '+0 days') IS date_of_birth)", 'sqlite'),
        ('onset_date_date', 'onset_date', "voided_at IS NOT NULL OR (date(onset_date, '+0 days') IS onset_date)", 'sqlite'),
        ('diagnosis_date_date', 'diagnosis_date', "voided_at IS NOT NULL OR (date(diagnosis_date, '+0 days') IS diagnosis_date)", 'sqlite'),
        ('other_genetics_length', 'other_genetics', 'voided_at IS NOT NULL OR (other_genetics IS NULL OR length(other_genetics) <= 2000)', None),
        ('other_genetics_characters', 'other_genetics', "voided_at IS NOT NULL OR (other_genetics IS NULL OR (instr(other_genetics, char(0)) = 0 AND other_genetics NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('other_genetics_characters', 'other_genetics', "voided_at IS NOT NULL OR (other_genetics IS NULL OR other_genetics !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('ecas_total_whole', 'ecas_total', "voided_at IS NOT NULL OR (typeof(ecas_total) IN ('integer', 'null'))", 'sqlite'),
        ('ecas_date_date', 'ecas_date', "voided_at IS NOT NULL OR (date(ecas_date, '+0 days') IS ecas_date)", 'sqlite'),
        ('date_of_death_date', 'date_of_death', "voided_at IS NOT NULL OR (date(date_of_death, '+0 days') IS date_of_death)", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
        ('date_of_birth_from_earliest', 'date_of_birth', "voided_at IS NOT NULL OR (date_of_birth >= '1900-01-01')", None),
    ]),
    ('care_planning_decisions', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('decision_length', 'decision', 'voided_at IS NOT NULL OR (decision IS NULL OR length(decision) <= 2000)', None),
        ('decision_characters', 'decision', "voided_at IS NOT NULL OR (decision IS NULL OR (instr(decision, char(0)) = 0 AND decision NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('decision_characters', 'decision', "voided_at IS NOT NULL OR (decision IS NULL OR decision !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('discussed_on_date', 'discussed_on', "voided_at IS NOT NULL OR (date(discussed_on, '+0 days') IS discussed_on)", 'sqlite'),
        ('document_length', 'document', 'voided_at IS NOT NULL OR (document IS NULL OR length(document) <= 120)', None),
        ('document_characters', 'document', "voided_at IS NOT NULL OR (document IS NULL OR (instr(document, char(0)) = 0 AND document NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('document_characters', 'document', "voided_at IS NOT NULL OR (document IS NULL OR document !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('proxy_name_length', 'proxy_name', 'voided_at IS NOT NULL OR (proxy_name IS NULL OR length(proxy_name) <= 120)', None),
        ('proxy_name_characters', 'proxy_name', "voided_at IS NOT NULL OR (proxy_name IS NULL OR (instr(proxy_name, char(0)) = 0 AND proxy_name NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('proxy_name_characters', 'proxy_name', "voided_at IS NOT NULL OR (proxy_name IS NULL OR proxy_name !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('interventions', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('detail_length', 'detail', 'voided_at IS NOT NULL OR (detail IS NULL OR length(detail) <= 120)', None),
        ('detail_characters', 'detail', "voided_at IS NOT NULL OR (detail IS NULL OR (instr(detail, char(0)) = 0 AND detail NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('detail_characters', 'detail', "voided_at IS NOT NULL OR (detail IS NULL OR detail !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('started_on_date', 'started_on', "voided_at IS NOT NULL OR (date(started_on, '+0 days') IS started_on)", 'sqlite'),
        ('ended_on_date', 'ended_on', "voided_at IS NOT NULL OR (date(ended_on, '+0 days') IS ended_on)", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('liver_tests', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('taken_on_date', 'taken_on', "voided_at IS NOT NULL OR (date(taken_on, '+0 days') IS taken_on)", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('medications', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('drug_name_length', 'drug_name', 'voided_at IS NOT NULL OR (drug_name IS NULL OR length(drug_name) <= 100)', None),
        ('drug_name_characters', 'drug_name', "voided_at IS NOT NULL OR (drug_name IS NULL OR (instr(drug_name, char(0)) = 0 AND drug_name NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('drug_name_characters', 'drug_name', "voided_at IS NOT NULL OR (drug_name IS NULL OR drug_name !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('dose_unit_length', 'dose_unit', 'voided_at IS NOT NULL OR (dose_unit IS NULL OR length(dose_unit) <= 16)', None),
        ('dose_unit_characters', 'dose_unit', "voided_at IS NOT NULL OR (dose_unit IS NULL OR (instr(dose_unit, char(0)) = 0 AND dose_unit NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('dose_unit_characters', 'dose_unit', "voided_at IS NOT NULL OR (dose_unit IS NULL OR dose_unit !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('frequency_length', 'frequency', 'voided_at IS NOT NULL OR (frequency IS NULL OR length(frequency) <= 60)', None),
        ('frequency_characters', 'frequency', "voided_at IS NOT NULL OR (frequency IS NULL OR (instr(frequency, char(0)) = 0 AND frequency NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('frequency_characters', 'frequency', "voided_at IS NOT NULL OR (frequency IS NULL OR frequency !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('started_on_date', 'started_on', "voided_at IS NOT NULL OR (date(started_on, '+0 days') IS started_on)", 'sqlite'),
        ('stopped_on_date', 'stopped_on', "voided_at IS NOT NULL OR (date(stopped_on, '+0 days') IS stopped_on)", 'sqlite'),
        ('stop_reason_length', 'stop_reason', 'voided_at IS NOT NULL OR (stop_reason IS NULL OR length(stop_reason) <= 500)', None),
        ('stop_reason_characters', 'stop_reason', "voided_at IS NOT NULL OR (stop_reason IS NULL OR (instr(stop_reason, char(0)) = 0 AND stop_reason NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('stop_reason_characters', 'stop_reason', "voided_at IS NOT NULL OR (stop_reason IS NULL OR stop_reason !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('visits', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('visit_date_date', 'visit_date', "voided_at IS NOT NULL OR (date(visit_date, '+0 days') IS visit_date)", 'sqlite'),
        ('site_length', 'site', 'voided_at IS NOT NULL OR (site IS NULL OR length(site) <= 100)', None),
        ('site_characters', 'site', "voided_at IS NOT NULL OR (site IS NULL OR (instr(site, char(0)) = 0 AND site NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('site_characters', 'site', "voided_at IS NOT NULL OR (site IS NULL OR site !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('clinicians_length', 'clinicians', 'voided_at IS NOT NULL OR (clinicians IS NULL OR length(clinicians) <= 500)', None),
        ('clinicians_characters', 'clinicians', "voided_at IS NOT NULL OR (clinicians IS NULL OR (instr(clinicians, char(0)) = 0 AND clinicians NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('clinicians_characters', 'clinicians', "voided_at IS NOT NULL OR (clinicians IS NULL OR clinicians !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('alsfrs_assessments', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('speech_whole', 'speech', "voided_at IS NOT NULL OR (typeof(speech) IN ('integer', 'null'))", 'sqlite'),
        ('salivation_whole', 'salivation', "voided_at IS NOT NULL OR (typeof(salivation) IN ('integer', 'null'))", 'sqlite'),
        ('swallowing_whole', 'swallowing', "voided_at IS NOT NULL OR (typeof(swallowing) IN ('integer', 'null'))", 'sqlite'),
        ('handwriting_whole', 'handwriting', "voided_at IS NOT NULL OR (typeof(handwriting) IN ('integer', 'null'))", 'sqlite'),
        ('cutting_food_whole', 'cutting_food', "voided_at IS NOT NULL OR (typeof(cutting_food) IN ('integer', 'null'))", 'sqlite'),
        ('dressing_hygiene_whole', 'dressing_hygiene', "voided_at IS NOT NULL OR (typeof(dressing_hygiene) IN ('integer', 'null'))", 'sqlite'),
        ('turning_in_bed_whole', 'turning_in_bed', "voided_at IS NOT NULL OR (typeof(turning_in_bed) IN ('integer', 'null'))", 'sqlite'),
        ('walking_whole', 'walking', "voided_at IS NOT NULL OR (typeof(walking) IN ('integer', 'null'))", 'sqlite'),
        ('climbing_stairs_whole', 'climbing_stairs', "voided_at IS NOT NULL OR (typeof(climbing_stairs) IN ('integer', 'null'))", 'sqlite'),
        ('dyspnea_whole', 'dyspnea', "voided_at IS NOT NULL OR (typeof(dyspnea) IN ('integer', 'null'))", 'sqlite'),
        ('orthopnea_whole', 'orthopnea', "voided_at IS NOT NULL OR (typeof(orthopnea) IN ('integer', 'null'))", 'sqlite'),
        ('respiratory_insufficiency_whole', 'respiratory_insufficiency', "voided_at IS NOT NULL OR (typeof(respiratory_insufficiency) IN ('integer', 'null'))", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('medication_doses', [
        ('medication_id_uuid', 'medication_id', "voided_at IS NOT NULL OR (medication_id IS NULL OR (length(medication_id) = 32 AND medication_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('given_on_date', 'given_on', "voided_at IS NOT NULL OR (date(given_on, '+0 days') IS given_on)", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('nutrition_assessments', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('oral_supplements_detail_length', 'oral_supplements_detail', 'voided_at IS NOT NULL OR (oral_supplements_detail IS NULL OR length(oral_supplements_detail) <= 2000)', None),
        ('oral_supplements_detail_characters', 'oral_supplements_detail', "voided_at IS NOT NULL OR (oral_supplements_detail IS NULL OR (instr(oral_supplements_detail, char(0)) = 0 AND oral_supplements_detail NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('oral_supplements_detail_characters', 'oral_supplements_detail', "voided_at IS NOT NULL OR (oral_supplements_detail IS NULL OR oral_supplements_detail !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('texture_advice_length', 'texture_advice', 'voided_at IS NOT NULL OR (texture_advice IS NULL OR length(texture_advice) <= 2000)', None),
        ('texture_advice_characters', 'texture_advice', "voided_at IS NOT NULL OR (texture_advice IS NULL OR (instr(texture_advice, char(0)) = 0 AND texture_advice NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('texture_advice_characters', 'texture_advice', "voided_at IS NOT NULL OR (texture_advice IS NULL OR texture_advice !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('meal_advice_length', 'meal_advice', 'voided_at IS NOT NULL OR (meal_advice IS NULL OR length(meal_advice) <= 2000)', None),
        ('meal_advice_characters', 'meal_advice', "voided_at IS NOT NULL OR (meal_advice IS NULL OR (instr(meal_advice, char(0)) = 0 AND meal_advice NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('meal_advice_characters', 'meal_advice', "voided_at IS NOT NULL OR (meal_advice IS NULL OR meal_advice !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('palliative_reviews', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('referral_date_date', 'referral_date', "voided_at IS NOT NULL OR (date(referral_date, '+0 days') IS referral_date)", 'sqlite'),
        ('caregiver_support_length', 'caregiver_support', 'voided_at IS NOT NULL OR (caregiver_support IS NULL OR length(caregiver_support) <= 2000)', None),
        ('caregiver_support_characters', 'caregiver_support', "voided_at IS NOT NULL OR (caregiver_support IS NULL OR (instr(caregiver_support, char(0)) = 0 AND caregiver_support NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('caregiver_support_characters', 'caregiver_support', "voided_at IS NOT NULL OR (caregiver_support IS NULL OR caregiver_support !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('respiratory_assessments', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('slp_assessments', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('eat10_score_whole', 'eat10_score', "voided_at IS NOT NULL OR (typeof(eat10_score) IN ('integer', 'null'))", 'sqlite'),
        ('iddsi_drink_level_whole', 'iddsi_drink_level', "voided_at IS NOT NULL OR (typeof(iddsi_drink_level) IN ('integer', 'null'))", 'sqlite'),
        ('iddsi_food_level_whole', 'iddsi_food_level', "voided_at IS NOT NULL OR (typeof(iddsi_food_level) IN ('integer', 'null'))", 'sqlite'),
        ('strategies_length', 'strategies', 'voided_at IS NOT NULL OR (strategies IS NULL OR length(strategies) <= 2000)', None),
        ('strategies_characters', 'strategies', "voided_at IS NOT NULL OR (strategies IS NULL OR (instr(strategies, char(0)) = 0 AND strategies NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('strategies_characters', 'strategies', "voided_at IS NOT NULL OR (strategies IS NULL OR strategies !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('slp_referral_date_date', 'slp_referral_date', "voided_at IS NOT NULL OR (date(slp_referral_date, '+0 days') IS slp_referral_date)", 'sqlite'),
        ('aac_referral_date_date', 'aac_referral_date', "voided_at IS NOT NULL OR (date(aac_referral_date, '+0 days') IS aac_referral_date)", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('team_actions', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('description_length', 'description', 'voided_at IS NOT NULL OR (description IS NULL OR length(description) <= 2000)', None),
        ('description_characters', 'description', "voided_at IS NOT NULL OR (description IS NULL OR (instr(description, char(0)) = 0 AND description NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('description_characters', 'description', "voided_at IS NOT NULL OR (description IS NULL OR description !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('due_on_date', 'due_on', "voided_at IS NOT NULL OR (date(due_on, '+0 days') IS due_on)", 'sqlite'),
        ('completed_on_date', 'completed_on', "voided_at IS NOT NULL OR (date(completed_on, '+0 days') IS completed_on)", 'sqlite'),
        ('source_length', 'source', 'voided_at IS NOT NULL OR (source IS NULL OR length(source) <= 1000)', None),
        ('source_characters', 'source', "voided_at IS NOT NULL OR (source IS NULL OR (instr(source, char(0)) = 0 AND source NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('source_characters', 'source', "voided_at IS NOT NULL OR (source IS NULL OR source !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('rule_id_length', 'rule_id', 'voided_at IS NOT NULL OR (rule_id IS NULL OR length(rule_id) <= 40)', None),
        ('rule_id_characters', 'rule_id', "voided_at IS NOT NULL OR (rule_id IS NULL OR (instr(rule_id, char(0)) = 0 AND rule_id NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('rule_id_characters', 'rule_id', "voided_at IS NOT NULL OR (rule_id IS NULL OR rule_id !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('weight_measurements', [
        ('visit_id_uuid', 'visit_id', "voided_at IS NOT NULL OR (visit_id IS NULL OR (length(visit_id) = 32 AND visit_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('notes_length', 'notes', 'voided_at IS NOT NULL OR (notes IS NULL OR length(notes) <= 4000)', None),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR (instr(notes, char(0)) = 0 AND notes NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('notes_characters', 'notes', "voided_at IS NOT NULL OR (notes IS NULL OR notes !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
    ('prompt_responses', [
        ('patient_id_uuid', 'patient_id', "voided_at IS NOT NULL OR (patient_id IS NULL OR (length(patient_id) = 32 AND patient_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('rule_id_length', 'rule_id', 'voided_at IS NOT NULL OR (rule_id IS NULL OR length(rule_id) <= 40)', None),
        ('rule_id_characters', 'rule_id', "voided_at IS NOT NULL OR (rule_id IS NULL OR (instr(rule_id, char(0)) = 0 AND rule_id NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('rule_id_characters', 'rule_id', "voided_at IS NOT NULL OR (rule_id IS NULL OR rule_id !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('reason_length', 'reason', 'voided_at IS NOT NULL OR (reason IS NULL OR length(reason) <= 500)', None),
        ('reason_characters', 'reason', "voided_at IS NOT NULL OR (reason IS NULL OR (instr(reason, char(0)) = 0 AND reason NOT GLOB '*[' || char(1, 45, 8, 11, 45, 12, 14, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('reason_characters', 'reason', "voided_at IS NOT NULL OR (reason IS NULL OR reason !~ '[\\u0001-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('deferred_until_date', 'deferred_until', "voided_at IS NOT NULL OR (date(deferred_until, '+0 days') IS deferred_until)", 'sqlite'),
        ('prompt_due_on_date', 'prompt_due_on', "voided_at IS NOT NULL OR (date(prompt_due_on, '+0 days') IS prompt_due_on)", 'sqlite'),
        ('team_action_id_uuid', 'team_action_id', "voided_at IS NOT NULL OR (team_action_id IS NULL OR (length(team_action_id) = 32 AND team_action_id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('id_uuid', 'id', "voided_at IS NOT NULL OR (id IS NULL OR (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'))", 'sqlite'),
        ('version_whole', 'version', "voided_at IS NOT NULL OR (typeof(version) IN ('integer', 'null'))", 'sqlite'),
        ('created_by_length', 'created_by', 'voided_at IS NOT NULL OR (created_by IS NULL OR length(created_by) <= 80)', None),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR (instr(created_by, char(0)) = 0 AND created_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('created_by_characters', 'created_by', "voided_at IS NOT NULL OR (created_by IS NULL OR created_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('updated_by_length', 'updated_by', 'voided_at IS NOT NULL OR (updated_by IS NULL OR length(updated_by) <= 80)', None),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR (instr(updated_by, char(0)) = 0 AND updated_by NOT GLOB '*[' || char(1, 45, 31, 127, 45, 159, 8234, 45, 8238, 8294, 45, 8297) || ']*'))", 'sqlite'),
        ('updated_by_characters', 'updated_by', "voided_at IS NOT NULL OR (updated_by IS NULL OR updated_by !~ '[\\u0001-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]')", 'postgresql'),
        ('version_from_first', 'version', 'voided_at IS NOT NULL OR (version >= 1)', None),
        ('created_by_not_blank', 'created_by', 'voided_at IS NOT NULL OR (length(trim(created_by)) > 0)', None),
        ('updated_by_not_blank', 'updated_by', 'voided_at IS NOT NULL OR (length(trim(updated_by)) > 0)', None),
    ]),
]


def rules_for(table: str, dialect: str) -> list[tuple[str, str | None, str]]:
    """The table's rules for this database: (name, column, condition)."""
    return [(name, column, condition) for name, column, condition, only in dict(RULES)[table]
            if only in (None, dialect)]


def plain(value):
    if isinstance(value, datetime):
        return value.isoformat().replace('+00:00', 'Z')
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def dump(fields) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(',', ':'))


def void_breaking_rows(table: str, rules: list[tuple[str, str | None, str]], now: datetime) -> None:
    """Void each live row that breaks a new rule, naming every field, value and rule it breaks."""
    from als_desktop.db.refusals import rule_message

    connection = op.get_bind()
    patient = PATIENT_OF.get(table, 'NULL' if table == 'clinic_settings' else BY_VISIT)
    broken: dict = {}
    for name, column, condition in rules:
        shown = column or 'NULL'
        rows = connection.execute(sa.text(
            f'SELECT id, version, voided_by, void_reason, {patient} AS patient, {shown} AS value '
            f'FROM {table} WHERE NOT ({condition})'
        )).all()
        for row in rows:
            entry = broken.setdefault(row.id, {'row': row, 'reasons': []})
            entry['reasons'].append(rule_message(table, name, row.value if column else None))
    entries = []
    for row_id, found in broken.items():
        row = found['row']
        reason = ('Voided on upgrade: ' + ' '.join(found['reasons']))[:REASON_LENGTH]
        version = row.version + 1 if isinstance(row.version, int) and row.version >= 1 else 1
        connection.execute(
            sa.text(f'UPDATE {table} SET voided_at = :now, voided_by = :author, void_reason = :reason, '
                    'updated_at = :now, updated_by = :author, version = :version WHERE id = :id'),
            {'now': now.replace(tzinfo=None), 'author': UPGRADE_AUTHOR, 'reason': reason,
             'version': version, 'id': row_id},
        )
        entries.append({
            'recorded_at': now.replace(tzinfo=None), 'actor': UPGRADE_AUTHOR, 'workstation': UPGRADE_WORKSTATION,
            'operation': 'void', 'table_name': table, 'row_id': row_id, 'patient_id': row.patient,
            'version_before': row.version if isinstance(row.version, int) else None, 'version_after': version,
            'fields': dump({
                'voided_at': [None, plain(now)],
                'voided_by': [plain(row.voided_by), UPGRADE_AUTHOR],
                'void_reason': [plain(row.void_reason), reason],
            }),
            'reason': reason,
        })
    if entries:
        # Ids as the rows hold them (a malformed one included), so the entry names the very row.
        connection.execute(sa.text(
            'INSERT INTO change_history (recorded_at, actor, workstation, operation, table_name, row_id, '
            'patient_id, version_before, version_after, fields, reason, source) VALUES (:recorded_at, :actor, '
            ':workstation, :operation, :table_name, :row_id, :patient_id, :version_before, :version_after, '
            ':fields, :reason, NULL)'), entries)


def upgrade() -> None:
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    dialect = op.get_bind().dialect.name
    for table, _rules in RULES:
        rules = rules_for(table, dialect)
        void_breaking_rows(table, rules, now)
        names = [(op.f(f'ck_{table}_{name}'), condition) for name, _column, condition in rules]
        if dialect == 'sqlite':
            with op.batch_alter_table(table, recreate='always') as batch:
                for name, condition in names:
                    batch.create_check_constraint(name, sa.text(condition))
        else:
            for name, condition in names:
                op.create_check_constraint(name, table, sa.text(condition))


def downgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    # A table rebuild drops `patients` while visits point at it: with foreign keys checked that
    # fails (db/migrate.py switches them off for upgrades; a downgrade is run by hand). The
    # switch takes effect only outside a transaction, as at the start of a downgrade from here.
    checked = dialect == 'sqlite' and connection.exec_driver_sql('PRAGMA foreign_keys').scalar()
    if checked:
        connection.exec_driver_sql('PRAGMA foreign_keys = OFF')
    for table, _rules in reversed(RULES):
        names = [op.f(f'ck_{table}_{name}') for name, _column, _condition in rules_for(table, dialect)]
        if dialect == 'sqlite':
            with op.batch_alter_table(table, recreate='always') as batch:
                for name in names:
                    batch.drop_constraint(name, type_='check')
        else:
            for name in names:
                op.drop_constraint(name, table, type_='check')
    if checked:
        connection.exec_driver_sql('PRAGMA foreign_keys = ON')
