"""declined prompt answer

A prompt to plan, start or assess for care can be answered "declined" (by the patient): the
CHECK on prompt_responses.response accepts 'declined' besides the earlier codes. No row
changes. SQLite rebuilds the table (batch mode) to replace the constraint; PostgreSQL drops
and adds it in place.

Downgrade refuses while any prompt response says 'declined', live or voided (the older CHECK
holds for every row, and a clinic's record of a patient's decision is not deleted by an
upgrade tool): nothing is changed, and the message says how many rows stand in the way.

The codes are written out here rather than imported, so that this migration keeps meaning
the same whatever the vocabulary becomes.

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLE = 'prompt_responses'
NAME = 'response_code'  # the one_of() constraint; named ck_prompt_responses_response_code
BEFORE = ('acknowledged', 'deferred', 'action_created')
AFTER = ('acknowledged', 'deferred', 'action_created', 'declined')


def condition(codes: tuple[str, ...]) -> str:
    values = ', '.join(f"'{code}'" for code in codes)
    return f'response IS NULL OR response IN ({values})'


def replace_check(codes: tuple[str, ...]) -> None:
    name = op.f(f'ck_{TABLE}_{NAME}')
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        with op.batch_alter_table(TABLE, recreate='always') as batch:
            batch.drop_constraint(name, type_='check')
            batch.create_check_constraint(name, sa.text(condition(codes)))
    else:
        op.drop_constraint(name, TABLE, type_='check')
        op.create_check_constraint(name, TABLE, sa.text(condition(codes)))


def upgrade() -> None:
    replace_check(AFTER)


def downgrade() -> None:
    connection = op.get_bind()
    declined = connection.execute(sa.text(f"SELECT count(*) FROM {TABLE} WHERE response = 'declined'")).scalar()
    if declined:
        raise RuntimeError(
            f'{declined} prompt response(s) record a decline by the patient, which the earlier release '
            'cannot hold. Nothing was changed; keep this release, or restore a backup taken before '
            'the upgrade.'
        )
    # No table points at prompt_responses, so its rebuild needs no foreign-key switch (unlike 0006).
    replace_check(BEFORE)
