"""change history

The append-only change history (`change_history`): one entry per changed clinical row, written
by the program's one writer in the same transaction as the change. Triggers refuse UPDATE and
DELETE of its entries on SQLite and PostgreSQL (and TRUNCATE on PostgreSQL).

Every row already in the record gets one entry, operation "existing" ("recorded before history
was kept"), with its current values, version and last author and time, so the history of every
row starts somewhere.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:10:00
"""

import json
import uuid
from datetime import date, datetime, UTC

from alembic import op
import sqlalchemy as sa
import als_desktop.models.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

REFUSAL = 'the change history is append-only: its entries cannot be changed or removed'
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER change_history_no_update BEFORE UPDATE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER change_history_no_delete BEFORE DELETE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
)
POSTGRESQL_TRIGGERS = (
    f"""CREATE OR REPLACE FUNCTION change_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    """CREATE TRIGGER change_history_no_update_or_delete BEFORE UPDATE OR DELETE ON change_history
FOR EACH ROW EXECUTE FUNCTION change_history_append_only()""",
    """CREATE TRIGGER change_history_no_truncate BEFORE TRUNCATE ON change_history
FOR EACH STATEMENT EXECUTE FUNCTION change_history_append_only()""",
)

# The clinical tables at this revision, parents first.
TABLES = (
    'patients', 'visits', 'alsfrs_assessments', 'weight_measurements', 'nutrition_assessments',
    'respiratory_assessments', 'slp_assessments', 'palliative_reviews', 'medications', 'medication_doses',
    'liver_tests', 'interventions', 'care_planning_decisions', 'team_actions', 'prompt_responses',
    'clinic_settings',
)
BOOKKEEPING = {'id', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by'}
BEFORE_HISTORY = 'recorded before history was kept'
BATCH = 1000


def upgrade() -> None:
    op.create_table('change_history',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('recorded_at', als_desktop.models.base.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('workstation', sa.String(length=255), nullable=False),
    sa.Column('operation', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('patient_id', sa.Uuid(), nullable=True),
    sa.Column('version_before', sa.Integer(), nullable=True),
    sa.Column('version_after', sa.Integer(), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.CheckConstraint("operation IN ('create', 'change', 'void', 'restore', 'existing')", name=op.f('ck_change_history_operation_code')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_history'))
    )
    op.create_index('ix_change_history_patient', 'change_history', ['patient_id', 'seq'], unique=False)
    op.create_index('ix_change_history_row', 'change_history', ['row_id', 'seq'], unique=False)
    record_existing_rows()
    dialect = op.get_bind().dialect.name
    for statement in {'sqlite': SQLITE_TRIGGERS, 'postgresql': POSTGRESQL_TRIGGERS}.get(dialect, ()):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS change_history_no_truncate ON change_history')
        op.execute('DROP TRIGGER IF EXISTS change_history_no_update_or_delete ON change_history')
        op.execute('DROP FUNCTION IF EXISTS change_history_append_only()')
    op.drop_index('ix_change_history_row', table_name='change_history')
    op.drop_index('ix_change_history_patient', table_name='change_history')
    op.drop_table('change_history')


# ---------------------------------------------------------------------------- existing rows


def reflected(connection: sa.Connection, name: str) -> sa.Table:
    """The table as it is at this revision, with this program's types for ids and times."""
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    columns = []
    for column in table.columns:
        kind = column.type
        if column.name == 'id' or column.name.endswith('_id'):
            kind = sa.Uuid()
        elif column.name.endswith('_at'):
            kind = als_desktop.models.base.UTCDateTime()
        columns.append(sa.Column(column.name, kind))
    return sa.Table(name, sa.MetaData(), *columns)


def plain(value):
    if isinstance(value, datetime):
        return value.isoformat().replace('+00:00', 'Z')
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def record_existing_rows() -> None:
    connection = op.get_bind()
    history = sa.table(
        'change_history',
        sa.column('recorded_at', als_desktop.models.base.UTCDateTime()),
        sa.column('actor', sa.String()), sa.column('workstation', sa.String()),
        sa.column('operation', sa.String()), sa.column('table_name', sa.String()),
        sa.column('row_id', sa.Uuid()), sa.column('patient_id', sa.Uuid()),
        sa.column('version_before', sa.Integer()), sa.column('version_after', sa.Integer()),
        sa.column('fields', sa.Text()), sa.column('reason', sa.Text()), sa.column('source', sa.Text()),
    )
    visit_patient: dict = {}
    medication_patient: dict = {}
    for name in TABLES:
        table = reflected(connection, name)
        batch = []
        for row in connection.execute(sa.select(table).order_by(table.c.updated_at, table.c.id)).mappings():
            if name == 'patients':
                patient_id = row['id']
            elif 'patient_id' in row:
                patient_id = row['patient_id']
            elif 'visit_id' in row:
                patient_id = visit_patient.get(row['visit_id'])
            elif 'medication_id' in row:
                patient_id = medication_patient.get(row['medication_id'])
            else:
                patient_id = None
            if name == 'visits':
                visit_patient[row['id']] = patient_id
            elif name == 'medications':
                medication_patient[row['id']] = patient_id
            fields = {key: [None, plain(value)] for key, value in row.items()
                      if key not in BOOKKEEPING and value is not None}
            batch.append({
                'recorded_at': row['updated_at'] or datetime.now(UTC), 'actor': (row['updated_by'] or 'unknown')[:80],
                'workstation': 'not recorded', 'operation': 'existing', 'table_name': name,
                'row_id': row['id'], 'patient_id': patient_id, 'version_before': None,
                'version_after': row['version'],
                'fields': json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(',', ':')),
                'reason': None, 'source': BEFORE_HISTORY,
            })
            if len(batch) >= BATCH:
                connection.execute(sa.insert(history), batch)
                batch = []
        if batch:
            connection.execute(sa.insert(history), batch)
