"""accounts and audit trail

Named accounts (`accounts`: user name, full name, roles, an Argon2id password hash, failed
sign-ins, disabled rather than deleted), and the change history becomes the audit trail as well:
audit events (a record opened, printed or exported, a sign-in, a break-glass write) are kept in
the same sequence as operation "event", and every entry carries the hash of the entry before it
and its own (domain/history_chain.py), so that an entry changed, removed or inserted is found.

Every entry already in the history is chained here, oldest first, as it stands. SQLite rebuilds
`change_history` (its NOT NULL and CHECK constraints change); PostgreSQL alters it in place.
The append-only triggers are lifted only for this and put back.

Downgrade removes the accounts and the audit events and the chain (a release before this one
cannot read them); the changes themselves stay.

Revision ID: 0008
Revises: 0007
Create Date: 2027-02-01 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from als_desktop.domain.history_chain import GENESIS, entry_hash

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

REFUSAL = 'the change history is append-only: its entries cannot be changed or removed'
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER change_history_no_update BEFORE UPDATE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER change_history_no_delete BEFORE DELETE ON change_history
BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
)
OLD_COLUMNS = ('seq', 'recorded_at', 'actor', 'workstation', 'operation', 'table_name', 'row_id',
               'patient_id', 'version_before', 'version_after', 'fields', 'reason', 'source')
OPERATIONS_BEFORE = "operation IN ('create', 'change', 'void', 'restore', 'existing')"
OPERATIONS = "operation IN ('create', 'change', 'void', 'restore', 'existing', 'event')"
CHANGE_OR_EVENT = (
    "CASE WHEN operation = 'event' THEN event IS NOT NULL AND table_name IS NULL "
    "ELSE event IS NULL AND table_name IS NOT NULL AND row_id IS NOT NULL "
    "AND version_after IS NOT NULL END"
)
BATCH = 2000


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_name', sa.String(length=40), nullable=False),
        sa.Column('full_name', sa.String(length=120), nullable=False),
        sa.Column('roles', sa.Text(), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('must_change_password', sa.Boolean(), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), nullable=False),
        sa.Column('last_failed_at', sa.DateTime(), nullable=True),
        sa.Column('disabled_at', sa.DateTime(), nullable=True),
        sa.Column('disabled_by', sa.String(length=80), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=80), nullable=False),
        sa.CheckConstraint('length(trim(user_name)) > 0 AND user_name = lower(user_name)',
                           name=op.f('ck_accounts_user_name_lower')),
        sa.CheckConstraint('length(trim(full_name)) > 0', name=op.f('ck_accounts_full_name_not_blank')),
        sa.CheckConstraint('failed_attempts >= 0', name=op.f('ck_accounts_failed_attempts_counted')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
        sa.UniqueConstraint('user_name', name=op.f('uq_accounts_user_name')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        _chain_in_place_postgresql()
    else:
        _rebuild_sqlite()


def _chained(connection: sa.Connection):
    """Every existing entry, oldest first, with its link and hash: batches of rows to write."""
    previous = GENESIS
    names = ', '.join(OLD_COLUMNS)
    result = connection.execute(sa.text(f'SELECT {names} FROM change_history ORDER BY seq'))
    while rows := result.fetchmany(BATCH):
        batch = []
        for row in rows:
            values = {**row._mapping, 'event': None, 'outcome': None, 'previous_hash': previous}
            values['entry_hash'] = previous = entry_hash(previous, values)
            batch.append(values)
        yield batch


def _history_columns(seq_type=sa.Integer):
    return [
        sa.Column('seq', seq_type(), autoincrement=True, nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('workstation', sa.String(length=255), nullable=False),
        sa.Column('operation', sa.String(length=16), nullable=False),
        sa.Column('event', sa.String(length=32), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.Column('table_name', sa.String(length=64), nullable=True),
        sa.Column('row_id', sa.Uuid(), nullable=True),
        sa.Column('patient_id', sa.Uuid(), nullable=True),
        sa.Column('version_before', sa.Integer(), nullable=True),
        sa.Column('version_after', sa.Integer(), nullable=True),
        sa.Column('fields', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('source', sa.Text(), nullable=True),
        sa.Column('previous_hash', sa.String(length=64), nullable=False),
        sa.Column('entry_hash', sa.String(length=64), nullable=False),
    ]


def _rebuild_sqlite() -> None:
    connection = op.get_bind()
    op.execute('DROP TRIGGER IF EXISTS change_history_no_update')
    op.execute('DROP TRIGGER IF EXISTS change_history_no_delete')
    op.drop_index('ix_change_history_patient', table_name='change_history')
    op.drop_index('ix_change_history_row', table_name='change_history')
    op.create_table(
        'change_history_chained',
        *_history_columns(),
        sa.CheckConstraint(OPERATIONS, name=op.f('ck_change_history_operation_code')),
        sa.CheckConstraint(CHANGE_OR_EVENT, name=op.f('ck_change_history_change_or_event')),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_history')),
        sa.UniqueConstraint('entry_hash', name=op.f('uq_change_history_entry_hash')),
    )
    # Values are copied as stored (text for times and ids), exactly as they were hashed.
    names = (*OLD_COLUMNS, 'event', 'outcome', 'previous_hash', 'entry_hash')
    insert = sa.text(f"INSERT INTO change_history_chained ({', '.join(names)}) "
                     f"VALUES ({', '.join(':' + name for name in names)})")
    for batch in _chained(connection):
        connection.execute(insert, batch)
    op.drop_table('change_history')
    op.rename_table('change_history_chained', 'change_history')
    op.create_index('ix_change_history_patient', 'change_history', ['patient_id', 'seq'], unique=False)
    op.create_index('ix_change_history_row', 'change_history', ['row_id', 'seq'], unique=False)
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


def _chain_in_place_postgresql() -> None:
    connection = op.get_bind()
    op.execute('ALTER TABLE change_history DISABLE TRIGGER change_history_no_update_or_delete')
    op.add_column('change_history', sa.Column('event', sa.String(length=32), nullable=True))
    op.add_column('change_history', sa.Column('outcome', sa.String(length=16), nullable=True))
    op.add_column('change_history', sa.Column('previous_hash', sa.String(length=64), nullable=True))
    op.add_column('change_history', sa.Column('entry_hash', sa.String(length=64), nullable=True))
    for column in ('table_name', 'row_id', 'version_after'):
        op.alter_column('change_history', column, nullable=True)
    op.drop_constraint(op.f('ck_change_history_operation_code'), 'change_history', type_='check')
    op.create_check_constraint(op.f('ck_change_history_operation_code'), 'change_history', OPERATIONS)
    op.create_check_constraint(op.f('ck_change_history_change_or_event'), 'change_history', CHANGE_OR_EVENT)
    update = sa.text('UPDATE change_history SET previous_hash = :previous_hash, entry_hash = :entry_hash '
                     'WHERE seq = :seq')
    for batch in _chained(connection):
        connection.execute(update, [{k: v[k] for k in ('seq', 'previous_hash', 'entry_hash')} for v in batch])
    op.alter_column('change_history', 'previous_hash', nullable=False)
    op.alter_column('change_history', 'entry_hash', nullable=False)
    op.create_unique_constraint(op.f('uq_change_history_entry_hash'), 'change_history', ['entry_hash'])
    op.execute('ALTER TABLE change_history ENABLE TRIGGER change_history_no_update_or_delete')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute('ALTER TABLE change_history DISABLE TRIGGER change_history_no_update_or_delete')
        op.execute("DELETE FROM change_history WHERE operation = 'event'")
        op.drop_constraint(op.f('uq_change_history_entry_hash'), 'change_history', type_='unique')
        op.drop_constraint(op.f('ck_change_history_change_or_event'), 'change_history', type_='check')
        op.drop_constraint(op.f('ck_change_history_operation_code'), 'change_history', type_='check')
        op.create_check_constraint(op.f('ck_change_history_operation_code'), 'change_history', OPERATIONS_BEFORE)
        for column in ('event', 'outcome', 'previous_hash', 'entry_hash'):
            op.drop_column('change_history', column)
        for column in ('table_name', 'row_id', 'version_after'):
            op.alter_column('change_history', column, nullable=False)
        op.execute('ALTER TABLE change_history ENABLE TRIGGER change_history_no_update_or_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS change_history_no_update')
        op.execute('DROP TRIGGER IF EXISTS change_history_no_delete')
        op.drop_index('ix_change_history_patient', table_name='change_history')
        op.drop_index('ix_change_history_row', table_name='change_history')
        op.create_table(
            'change_history_unchained',
            sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
            sa.Column('recorded_at', sa.DateTime(), nullable=False),
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
            sa.CheckConstraint(OPERATIONS_BEFORE, name=op.f('ck_change_history_operation_code')),
            sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_history')),
        )
        names = ', '.join(OLD_COLUMNS)
        op.execute(f"INSERT INTO change_history_unchained ({names}) SELECT {names} FROM change_history "
                   "WHERE operation <> 'event'")
        op.drop_table('change_history')
        op.rename_table('change_history_unchained', 'change_history')
        op.create_index('ix_change_history_patient', 'change_history', ['patient_id', 'seq'], unique=False)
        op.create_index('ix_change_history_row', 'change_history', ['row_id', 'seq'], unique=False)
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.drop_table('accounts')
