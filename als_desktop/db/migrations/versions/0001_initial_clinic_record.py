"""initial clinic record

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 12:03:58.691271
"""

from alembic import op
import sqlalchemy as sa
import als_desktop.models.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('patients',
    sa.Column('mrn', sa.String(length=40), nullable=False),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=16), nullable=False),
    sa.Column('height_cm', sa.Float(), nullable=True),
    sa.Column('premorbid_weight_kg', sa.Float(), nullable=True),
    sa.Column('onset_date', sa.Date(), nullable=True),
    sa.Column('onset_region', sa.String(length=20), nullable=True),
    sa.Column('diagnosis_date', sa.Date(), nullable=True),
    sa.Column('diagnostic_criteria', sa.String(length=40), nullable=True),
    sa.Column('c9orf72_status', sa.String(length=16), nullable=True),
    sa.Column('sod1_status', sa.String(length=16), nullable=True),
    sa.Column('other_genetics', sa.Text(), nullable=True),
    sa.Column('ftd', sa.String(length=8), nullable=True),
    sa.Column('ecas_total', sa.Integer(), nullable=True),
    sa.Column('ecas_date', sa.Date(), nullable=True),
    sa.Column('date_of_death', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("c9orf72_status IS NULL OR c9orf72_status IN ('not_tested', 'pending', 'negative', 'positive', 'vus')", name=op.f('ck_patients_c9orf72_status_code')),
    sa.CheckConstraint("diagnostic_criteria IS NULL OR diagnostic_criteria IN ('el_escorial_definite', 'el_escorial_probable', 'el_escorial_probable_lab', 'el_escorial_possible', 'gold_coast', 'other')", name=op.f('ck_patients_diagnostic_criteria_code')),
    sa.CheckConstraint("ftd IS NULL OR ftd IN ('yes', 'no', 'unknown')", name=op.f('ck_patients_ftd_code')),
    sa.CheckConstraint("onset_region IS NULL OR onset_region IN ('bulbar', 'upper_limb', 'lower_limb', 'respiratory', 'trunk', 'generalised', 'cognitive')", name=op.f('ck_patients_onset_region_code')),
    sa.CheckConstraint("sex IS NULL OR sex IN ('female', 'male', 'other', 'unknown')", name=op.f('ck_patients_sex_code')),
    sa.CheckConstraint("sod1_status IS NULL OR sod1_status IN ('not_tested', 'pending', 'negative', 'positive', 'vus')", name=op.f('ck_patients_sod1_status_code')),
    sa.CheckConstraint('date_of_death IS NULL OR date_of_birth IS NULL OR date_of_death >= date_of_birth', name=op.f('ck_patients_date_of_death_after_date_of_birth')),
    sa.CheckConstraint('diagnosis_date IS NULL OR date_of_birth IS NULL OR diagnosis_date >= date_of_birth', name=op.f('ck_patients_diagnosis_date_after_date_of_birth')),
    sa.CheckConstraint('diagnosis_date IS NULL OR onset_date IS NULL OR diagnosis_date >= onset_date', name=op.f('ck_patients_diagnosis_date_after_onset_date')),
    sa.CheckConstraint('ecas_date IS NULL OR date_of_birth IS NULL OR ecas_date >= date_of_birth', name=op.f('ck_patients_ecas_date_after_date_of_birth')),
    sa.CheckConstraint('ecas_total IS NULL OR (ecas_total >= 0 AND ecas_total <= 136)', name=op.f('ck_patients_ecas_total_range')),
    sa.CheckConstraint('height_cm IS NULL OR (height_cm >= 100 AND height_cm <= 250)', name=op.f('ck_patients_height_cm_range')),
    sa.CheckConstraint('length(trim(family_name)) > 0', name=op.f('ck_patients_family_name_not_blank')),
    sa.CheckConstraint('length(trim(given_name)) > 0', name=op.f('ck_patients_given_name_not_blank')),
    sa.CheckConstraint('length(trim(mrn)) > 0', name=op.f('ck_patients_mrn_not_blank')),
    sa.CheckConstraint('onset_date IS NULL OR date_of_birth IS NULL OR onset_date >= date_of_birth', name=op.f('ck_patients_onset_date_after_date_of_birth')),
    sa.CheckConstraint('premorbid_weight_kg IS NULL OR (premorbid_weight_kg >= 20 AND premorbid_weight_kg <= 300)', name=op.f('ck_patients_premorbid_weight_kg_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_patients_void_has_reason')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patients')),
    sa.UniqueConstraint('mrn', name=op.f('uq_patients_mrn'))
    )
    op.create_table('care_planning_decisions',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('topic', sa.String(length=24), nullable=False),
    sa.Column('decision', sa.Text(), nullable=True),
    sa.Column('discussed_on', sa.Date(), nullable=True),
    sa.Column('document', sa.String(length=120), nullable=True),
    sa.Column('proxy_name', sa.String(length=120), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("topic IS NULL OR topic IN ('resuscitation', 'ventilatory_support', 'nutrition_hydration', 'place_of_death')", name=op.f('ck_care_planning_decisions_topic_code')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_care_planning_decisions_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_care_planning_decisions_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_care_planning_decisions'))
    )
    with op.batch_alter_table('care_planning_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_care_planning_decisions_patient_id'), ['patient_id'], unique=False)

    op.create_table('interventions',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.String(length=120), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('niv_hours_per_day', sa.Float(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IS NULL OR kind IN ('gastrostomy', 'niv', 'cough_assist', 'aac_device', 'tracheostomy', 'hospice')", name=op.f('ck_interventions_kind_code')),
    sa.CheckConstraint('ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on', name=op.f('ck_interventions_ended_on_after_started_on')),
    sa.CheckConstraint('niv_hours_per_day IS NULL OR (niv_hours_per_day >= 0 AND niv_hours_per_day <= 24)', name=op.f('ck_interventions_niv_hours_per_day_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_interventions_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_interventions_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interventions'))
    )
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interventions_patient_id'), ['patient_id'], unique=False)

    op.create_table('liver_tests',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('alt_u_l', sa.Float(), nullable=False),
    sa.Column('alt_uln_u_l', sa.Float(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('alt_u_l IS NULL OR (alt_u_l >= 0 AND alt_u_l <= 10000)', name=op.f('ck_liver_tests_alt_u_l_range')),
    sa.CheckConstraint('alt_uln_u_l IS NULL OR (alt_uln_u_l >= 1 AND alt_uln_u_l <= 500)', name=op.f('ck_liver_tests_alt_uln_u_l_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_liver_tests_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_liver_tests_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liver_tests'))
    )
    with op.batch_alter_table('liver_tests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liver_tests_patient_id'), ['patient_id'], unique=False)

    op.create_table('medications',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('drug_name', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('indication', sa.String(length=24), nullable=True),
    sa.Column('dose_amount', sa.Float(), nullable=True),
    sa.Column('dose_unit', sa.String(length=16), nullable=True),
    sa.Column('frequency', sa.String(length=60), nullable=True),
    sa.Column('route', sa.String(length=16), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('stop_reason', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("category IS NULL OR category IN ('disease_modifying', 'symptomatic')", name=op.f('ck_medications_category_code')),
    sa.CheckConstraint("indication IS NULL OR indication IN ('als', 'spasticity', 'cramps', 'sialorrhoea', 'pseudobulbar_affect', 'mood', 'pain', 'sleep', 'other')", name=op.f('ck_medications_indication_code')),
    sa.CheckConstraint("route IS NULL OR route IN ('oral', 'iv', 'intrathecal', 'gastrostomy', 'subcutaneous', 'transdermal', 'sublingual', 'other')", name=op.f('ck_medications_route_code')),
    sa.CheckConstraint('dose_amount IS NULL OR (dose_amount >= 0.001 AND dose_amount <= 100000)', name=op.f('ck_medications_dose_amount_range')),
    sa.CheckConstraint('length(trim(drug_name)) > 0', name=op.f('ck_medications_drug_name_not_blank')),
    sa.CheckConstraint('stopped_on IS NULL OR started_on IS NULL OR stopped_on >= started_on', name=op.f('ck_medications_stopped_on_after_started_on')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_medications_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_medications_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medications'))
    )
    with op.batch_alter_table('medications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medications_patient_id'), ['patient_id'], unique=False)

    op.create_table('visits',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('site', sa.String(length=100), nullable=False),
    sa.Column('clinicians', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('length(trim(site)) > 0', name=op.f('ck_visits_site_not_blank')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_visits_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_visits_patient_id_patients')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('alsfrs_assessments',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('speech', sa.Integer(), nullable=True),
    sa.Column('salivation', sa.Integer(), nullable=True),
    sa.Column('swallowing', sa.Integer(), nullable=True),
    sa.Column('handwriting', sa.Integer(), nullable=True),
    sa.Column('cutting_food', sa.Integer(), nullable=True),
    sa.Column('cutting_form', sa.String(length=2), nullable=False),
    sa.Column('dressing_hygiene', sa.Integer(), nullable=True),
    sa.Column('turning_in_bed', sa.Integer(), nullable=True),
    sa.Column('walking', sa.Integer(), nullable=True),
    sa.Column('climbing_stairs', sa.Integer(), nullable=True),
    sa.Column('dyspnea', sa.Integer(), nullable=True),
    sa.Column('orthopnea', sa.Integer(), nullable=True),
    sa.Column('respiratory_insufficiency', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("cutting_form IN ('5a', '5b')", name=op.f('ck_alsfrs_assessments_cutting_form_code')),
    sa.CheckConstraint('climbing_stairs IS NULL OR (climbing_stairs >= 0 AND climbing_stairs <= 4)', name=op.f('ck_alsfrs_assessments_climbing_stairs_range')),
    sa.CheckConstraint('cutting_food IS NULL OR (cutting_food >= 0 AND cutting_food <= 4)', name=op.f('ck_alsfrs_assessments_cutting_food_range')),
    sa.CheckConstraint('dressing_hygiene IS NULL OR (dressing_hygiene >= 0 AND dressing_hygiene <= 4)', name=op.f('ck_alsfrs_assessments_dressing_hygiene_range')),
    sa.CheckConstraint('dyspnea IS NULL OR (dyspnea >= 0 AND dyspnea <= 4)', name=op.f('ck_alsfrs_assessments_dyspnea_range')),
    sa.CheckConstraint('handwriting IS NULL OR (handwriting >= 0 AND handwriting <= 4)', name=op.f('ck_alsfrs_assessments_handwriting_range')),
    sa.CheckConstraint('orthopnea IS NULL OR (orthopnea >= 0 AND orthopnea <= 4)', name=op.f('ck_alsfrs_assessments_orthopnea_range')),
    sa.CheckConstraint('respiratory_insufficiency IS NULL OR (respiratory_insufficiency >= 0 AND respiratory_insufficiency <= 4)', name=op.f('ck_alsfrs_assessments_respiratory_insufficiency_range')),
    sa.CheckConstraint('salivation IS NULL OR (salivation >= 0 AND salivation <= 4)', name=op.f('ck_alsfrs_assessments_salivation_range')),
    sa.CheckConstraint('speech IS NULL OR (speech >= 0 AND speech <= 4)', name=op.f('ck_alsfrs_assessments_speech_range')),
    sa.CheckConstraint('swallowing IS NULL OR (swallowing >= 0 AND swallowing <= 4)', name=op.f('ck_alsfrs_assessments_swallowing_range')),
    sa.CheckConstraint('turning_in_bed IS NULL OR (turning_in_bed >= 0 AND turning_in_bed <= 4)', name=op.f('ck_alsfrs_assessments_turning_in_bed_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_alsfrs_assessments_void_has_reason')),
    sa.CheckConstraint('walking IS NULL OR (walking >= 0 AND walking <= 4)', name=op.f('ck_alsfrs_assessments_walking_range')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_alsfrs_assessments_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alsfrs_assessments'))
    )
    with op.batch_alter_table('alsfrs_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alsfrs_assessments_visit_id'), ['visit_id'], unique=False)

    op.create_table('medication_doses',
    sa.Column('medication_id', sa.Uuid(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_medication_doses_void_has_reason')),
    sa.ForeignKeyConstraint(['medication_id'], ['medications.id'], name=op.f('fk_medication_doses_medication_id_medications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medication_doses'))
    )
    with op.batch_alter_table('medication_doses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_medication_doses_medication_id'), ['medication_id'], unique=False)

    op.create_table('nutrition_assessments',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('gastrostomy_status', sa.String(length=16), nullable=True),
    sa.Column('oral_supplements', sa.Boolean(), nullable=True),
    sa.Column('oral_supplements_detail', sa.Text(), nullable=True),
    sa.Column('texture_advice', sa.Text(), nullable=True),
    sa.Column('meal_advice', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("gastrostomy_status IS NULL OR gastrostomy_status IN ('not_discussed', 'discussed', 'declined', 'planned', 'placed')", name=op.f('ck_nutrition_assessments_gastrostomy_status_code')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_nutrition_assessments_void_has_reason')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_nutrition_assessments_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nutrition_assessments'))
    )
    with op.batch_alter_table('nutrition_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nutrition_assessments_visit_id'), ['visit_id'], unique=False)

    op.create_table('palliative_reviews',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('referral_date', sa.Date(), nullable=True),
    sa.Column('pain', sa.String(length=10), nullable=True),
    sa.Column('spasticity', sa.String(length=10), nullable=True),
    sa.Column('mood', sa.String(length=10), nullable=True),
    sa.Column('sleep', sa.String(length=10), nullable=True),
    sa.Column('secretions', sa.String(length=10), nullable=True),
    sa.Column('caregiver_support_offered', sa.Boolean(), nullable=True),
    sa.Column('caregiver_support', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("mood IS NULL OR mood IN ('none', 'mild', 'moderate', 'severe')", name=op.f('ck_palliative_reviews_mood_code')),
    sa.CheckConstraint("pain IS NULL OR pain IN ('none', 'mild', 'moderate', 'severe')", name=op.f('ck_palliative_reviews_pain_code')),
    sa.CheckConstraint("secretions IS NULL OR secretions IN ('none', 'mild', 'moderate', 'severe')", name=op.f('ck_palliative_reviews_secretions_code')),
    sa.CheckConstraint("sleep IS NULL OR sleep IN ('none', 'mild', 'moderate', 'severe')", name=op.f('ck_palliative_reviews_sleep_code')),
    sa.CheckConstraint("spasticity IS NULL OR spasticity IN ('none', 'mild', 'moderate', 'severe')", name=op.f('ck_palliative_reviews_spasticity_code')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_palliative_reviews_void_has_reason')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_palliative_reviews_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_palliative_reviews'))
    )
    with op.batch_alter_table('palliative_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_palliative_reviews_visit_id'), ['visit_id'], unique=False)

    op.create_table('respiratory_assessments',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('fvc_percent_sitting', sa.Float(), nullable=True),
    sa.Column('fvc_percent_supine', sa.Float(), nullable=True),
    sa.Column('snip_cmh2o', sa.Float(), nullable=True),
    sa.Column('mip_cmh2o', sa.Float(), nullable=True),
    sa.Column('peak_cough_flow_l_min', sa.Float(), nullable=True),
    sa.Column('spo2_percent', sa.Float(), nullable=True),
    sa.Column('oximetry_minutes_le88', sa.Float(), nullable=True),
    sa.Column('oximetry_recording_hours', sa.Float(), nullable=True),
    sa.Column('co2_mmhg', sa.Float(), nullable=True),
    sa.Column('co2_source', sa.String(length=16), nullable=True),
    sa.Column('dyspnoea_on_exertion', sa.Boolean(), nullable=True),
    sa.Column('orthopnoea', sa.Boolean(), nullable=True),
    sa.Column('morning_headache', sa.Boolean(), nullable=True),
    sa.Column('daytime_sleepiness', sa.Boolean(), nullable=True),
    sa.Column('disturbed_sleep', sa.Boolean(), nullable=True),
    sa.Column('weak_cough', sa.Boolean(), nullable=True),
    sa.Column('niv_status', sa.String(length=16), nullable=True),
    sa.Column('tracheostomy_discussed', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("co2_source IS NULL OR co2_source IN ('arterial', 'venous', 'transcutaneous')", name=op.f('ck_respiratory_assessments_co2_source_code')),
    sa.CheckConstraint("niv_status IS NULL OR niv_status IN ('not_indicated', 'discussed', 'declined', 'started', 'tracheostomy')", name=op.f('ck_respiratory_assessments_niv_status_code')),
    sa.CheckConstraint('co2_mmhg IS NULL OR (co2_mmhg >= 10 AND co2_mmhg <= 150)', name=op.f('ck_respiratory_assessments_co2_mmhg_range')),
    sa.CheckConstraint('fvc_percent_sitting IS NULL OR (fvc_percent_sitting >= 0 AND fvc_percent_sitting <= 200)', name=op.f('ck_respiratory_assessments_fvc_percent_sitting_range')),
    sa.CheckConstraint('fvc_percent_supine IS NULL OR (fvc_percent_supine >= 0 AND fvc_percent_supine <= 200)', name=op.f('ck_respiratory_assessments_fvc_percent_supine_range')),
    sa.CheckConstraint('mip_cmh2o IS NULL OR (mip_cmh2o >= 0 AND mip_cmh2o <= 250)', name=op.f('ck_respiratory_assessments_mip_cmh2o_range')),
    sa.CheckConstraint('oximetry_minutes_le88 IS NULL OR (oximetry_minutes_le88 >= 0 AND oximetry_minutes_le88 <= 1440)', name=op.f('ck_respiratory_assessments_oximetry_minutes_le88_range')),
    sa.CheckConstraint('oximetry_recording_hours IS NULL OR (oximetry_recording_hours >= 0 AND oximetry_recording_hours <= 24)', name=op.f('ck_respiratory_assessments_oximetry_recording_hours_range')),
    sa.CheckConstraint('peak_cough_flow_l_min IS NULL OR (peak_cough_flow_l_min >= 0 AND peak_cough_flow_l_min <= 1000)', name=op.f('ck_respiratory_assessments_peak_cough_flow_l_min_range')),
    sa.CheckConstraint('snip_cmh2o IS NULL OR (snip_cmh2o >= 0 AND snip_cmh2o <= 200)', name=op.f('ck_respiratory_assessments_snip_cmh2o_range')),
    sa.CheckConstraint('spo2_percent IS NULL OR (spo2_percent >= 50 AND spo2_percent <= 100)', name=op.f('ck_respiratory_assessments_spo2_percent_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_respiratory_assessments_void_has_reason')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_respiratory_assessments_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_respiratory_assessments'))
    )
    with op.batch_alter_table('respiratory_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_respiratory_assessments_visit_id'), ['visit_id'], unique=False)

    op.create_table('slp_assessments',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('intelligibility_percent', sa.Float(), nullable=True),
    sa.Column('speaking_rate_wpm', sa.Float(), nullable=True),
    sa.Column('aac_status', sa.String(length=16), nullable=True),
    sa.Column('voice_banking', sa.Boolean(), nullable=True),
    sa.Column('eat10_score', sa.Integer(), nullable=True),
    sa.Column('iddsi_drink_level', sa.Integer(), nullable=True),
    sa.Column('iddsi_food_level', sa.Integer(), nullable=True),
    sa.Column('chin_tuck', sa.Boolean(), nullable=True),
    sa.Column('strategies', sa.Text(), nullable=True),
    sa.Column('slp_referral_date', sa.Date(), nullable=True),
    sa.Column('aac_referral_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("aac_status IS NULL OR aac_status IN ('not_needed', 'planned', 'banking_done', 'low_tech', 'high_tech')", name=op.f('ck_slp_assessments_aac_status_code')),
    sa.CheckConstraint('eat10_score IS NULL OR (eat10_score >= 0 AND eat10_score <= 40)', name=op.f('ck_slp_assessments_eat10_score_range')),
    sa.CheckConstraint('iddsi_drink_level IS NULL OR iddsi_drink_level IN (0, 1, 2, 3, 4)', name=op.f('ck_slp_assessments_iddsi_drink_level_code')),
    sa.CheckConstraint('iddsi_food_level IS NULL OR iddsi_food_level IN (3, 4, 5, 6, 7)', name=op.f('ck_slp_assessments_iddsi_food_level_code')),
    sa.CheckConstraint('intelligibility_percent IS NULL OR (intelligibility_percent >= 0 AND intelligibility_percent <= 100)', name=op.f('ck_slp_assessments_intelligibility_percent_range')),
    sa.CheckConstraint('speaking_rate_wpm IS NULL OR (speaking_rate_wpm >= 0 AND speaking_rate_wpm <= 400)', name=op.f('ck_slp_assessments_speaking_rate_wpm_range')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_slp_assessments_void_has_reason')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_slp_assessments_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slp_assessments'))
    )
    with op.batch_alter_table('slp_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slp_assessments_visit_id'), ['visit_id'], unique=False)

    op.create_table('team_actions',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('owner_discipline', sa.String(length=24), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('rule_id', sa.String(length=40), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("owner_discipline IS NULL OR owner_discipline IN ('neurology', 'slp', 'nutrition', 'pulmonary', 'palliative', 'gastroenterology', 'physiotherapy', 'occupational_therapy', 'social_work', 'psychology', 'nursing')", name=op.f('ck_team_actions_owner_discipline_code')),
    sa.CheckConstraint("status IS NULL OR status IN ('open', 'done', 'cancelled')", name=op.f('ck_team_actions_status_code')),
    sa.CheckConstraint('length(trim(description)) > 0', name=op.f('ck_team_actions_description_not_blank')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_team_actions_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_team_actions_patient_id_patients')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_team_actions_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_actions'))
    )
    with op.batch_alter_table('team_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_actions_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_actions_visit_id'), ['visit_id'], unique=False)

    op.create_table('weight_measurements',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_weight_measurements_void_has_reason')),
    sa.CheckConstraint('weight_kg IS NULL OR (weight_kg >= 20 AND weight_kg <= 300)', name=op.f('ck_weight_measurements_weight_kg_range')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_weight_measurements_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_weight_measurements'))
    )
    with op.batch_alter_table('weight_measurements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_weight_measurements_visit_id'), ['visit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('weight_measurements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_weight_measurements_visit_id'))

    op.drop_table('weight_measurements')
    with op.batch_alter_table('team_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_actions_visit_id'))
        batch_op.drop_index(batch_op.f('ix_team_actions_patient_id'))

    op.drop_table('team_actions')
    with op.batch_alter_table('slp_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slp_assessments_visit_id'))

    op.drop_table('slp_assessments')
    with op.batch_alter_table('respiratory_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_respiratory_assessments_visit_id'))

    op.drop_table('respiratory_assessments')
    with op.batch_alter_table('palliative_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_palliative_reviews_visit_id'))

    op.drop_table('palliative_reviews')
    with op.batch_alter_table('nutrition_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nutrition_assessments_visit_id'))

    op.drop_table('nutrition_assessments')
    with op.batch_alter_table('medication_doses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medication_doses_medication_id'))

    op.drop_table('medication_doses')
    with op.batch_alter_table('alsfrs_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alsfrs_assessments_visit_id'))

    op.drop_table('alsfrs_assessments')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_visits_patient_id'))

    op.drop_table('visits')
    with op.batch_alter_table('medications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_medications_patient_id'))

    op.drop_table('medications')
    with op.batch_alter_table('liver_tests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liver_tests_patient_id'))

    op.drop_table('liver_tests')
    with op.batch_alter_table('interventions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interventions_patient_id'))

    op.drop_table('interventions')
    with op.batch_alter_table('care_planning_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_care_planning_decisions_patient_id'))

    op.drop_table('care_planning_decisions')
    op.drop_table('patients')
