"""clinic settings and prompt responses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 13:04:49.309849
"""

from alembic import op
import sqlalchemy as sa
import als_desktop.models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clinic_settings',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint('length(trim(key)) > 0', name=op.f('ck_clinic_settings_key_not_blank')),
    sa.CheckConstraint('length(trim(value)) > 0', name=op.f('ck_clinic_settings_value_not_blank')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_clinic_settings_void_has_reason')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic_settings')),
    sa.UniqueConstraint('key', name=op.f('uq_clinic_settings_key'))
    )
    op.create_table('prompt_responses',
    sa.Column('patient_id', sa.Uuid(), nullable=False),
    sa.Column('rule_id', sa.String(length=40), nullable=False),
    sa.Column('response', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('deferred_until', sa.Date(), nullable=True),
    sa.Column('prompt_due_on', sa.Date(), nullable=True),
    sa.Column('team_action_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('voided_at', als_desktop.models.base.UTCDateTime(), nullable=True),
    sa.Column('voided_by', sa.String(length=80), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("deferred_until IS NULL OR response = 'deferred'", name=op.f('ck_prompt_responses_until_only_when_deferred')),
    sa.CheckConstraint("response <> 'action_created' OR team_action_id IS NOT NULL", name=op.f('ck_prompt_responses_action_is_linked')),
    sa.CheckConstraint("response <> 'deferred' OR (reason IS NOT NULL AND length(trim(reason)) > 0)", name=op.f('ck_prompt_responses_deferral_has_reason')),
    sa.CheckConstraint("response IS NULL OR response IN ('acknowledged', 'deferred', 'action_created')", name=op.f('ck_prompt_responses_response_code')),
    sa.CheckConstraint('length(trim(rule_id)) > 0', name=op.f('ck_prompt_responses_rule_id_not_blank')),
    sa.CheckConstraint('voided_at IS NULL OR (void_reason IS NOT NULL AND length(trim(void_reason)) > 0 AND voided_by IS NOT NULL)', name=op.f('ck_prompt_responses_void_has_reason')),
    sa.ForeignKeyConstraint(['patient_id'], ['patients.id'], name=op.f('fk_prompt_responses_patient_id_patients')),
    sa.ForeignKeyConstraint(['team_action_id'], ['team_actions.id'], name=op.f('fk_prompt_responses_team_action_id_team_actions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prompt_responses'))
    )
    with op.batch_alter_table('prompt_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prompt_responses_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_prompt_responses_team_action_id'), ['team_action_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('prompt_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prompt_responses_team_action_id'))
        batch_op.drop_index(batch_op.f('ix_prompt_responses_patient_id'))

    op.drop_table('prompt_responses')
    op.drop_table('clinic_settings')
