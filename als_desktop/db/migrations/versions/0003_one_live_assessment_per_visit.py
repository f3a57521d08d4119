"""one live assessment per visit

A visit keeps at most one live (not voided) ALSFRS-R, nutrition, respiratory, speech and
swallowing assessment and palliative care review: a partial unique index on visit_id over the
live rows of each table.

A database may already hold two live ones on a visit (saved at the same instant on two
workstations, or imported). Before the index is built the newest (by created_at) is kept and
the others are voided with a reason naming the kept row: nothing is deleted, and a voided row
can still be read and, if it was the right one, its values entered again. Downgrade drops the
indexes; rows voided here stay voided (the reason says why).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 15:10:00
"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import als_desktop.models.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Table and the record's name as the clinic says it (for the void reason).
TABLES = {
    'alsfrs_assessments': 'ALSFRS-R assessment',
    'nutrition_assessments': 'nutrition assessment',
    'respiratory_assessments': 'respiratory assessment',
    'slp_assessments': 'speech and swallowing assessment',
    'palliative_reviews': 'palliative care review',
}
LIVE = 'voided_at IS NULL'
UPGRADE_AUTHOR = 'upgrade 0003'


def index_name(table: str) -> str:
    return f'uq_{table}_one_live_per_visit'


def rows_of(table: str) -> sa.TableClause:
    return sa.table(
        table,
        sa.column('id', sa.Uuid()),
        sa.column('visit_id', sa.Uuid()),
        sa.column('version', sa.Integer()),
        sa.column('created_at', als_desktop.models.base.UTCDateTime()),
        sa.column('updated_at', als_desktop.models.base.UTCDateTime()),
        sa.column('updated_by', sa.String()),
        sa.column('voided_at', als_desktop.models.base.UTCDateTime()),
        sa.column('voided_by', sa.String()),
        sa.column('void_reason', sa.Text()),
    )


def void_second_live_rows(table: str, record: str, now: datetime) -> None:
    """Keep the newest live row of each visit that has several; void the others."""
    rows = rows_of(table)
    connection = op.get_bind()
    crowded = (
        sa.select(rows.c.visit_id)
        .where(rows.c.voided_at.is_(None))
        .group_by(rows.c.visit_id)
        .having(sa.func.count() > 1)
    )
    live = connection.execute(
        sa.select(rows.c.id, rows.c.visit_id, rows.c.version, rows.c.created_at, rows.c.updated_at)
        .where(rows.c.voided_at.is_(None), rows.c.visit_id.in_(crowded))
    ).all()
    by_visit: dict = {}
    for row in live:
        by_visit.setdefault(row.visit_id, []).append(row)
    for visit_rows in by_visit.values():
        # Newest by created_at; on a tie the latest edit, then the id, so a rerun keeps the same one.
        kept, *others = sorted(visit_rows, key=lambda r: (r.created_at, r.updated_at, str(r.id)), reverse=True)
        for row in others:
            connection.execute(
                sa.update(rows)
                .where(rows.c.id == row.id)
                .values(
                    voided_at=now,
                    voided_by=UPGRADE_AUTHOR,
                    void_reason=f'a second live {record} on this visit; kept {kept.id}',
                    updated_at=now,
                    updated_by=UPGRADE_AUTHOR,
                    # A form still open on the voided row is then refused as stale, not saved over it.
                    version=row.version + 1,
                )
            )


def upgrade() -> None:
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    for table, record in TABLES.items():
        void_second_live_rows(table, record, now)
        op.create_index(index_name(table), table, ['visit_id'], unique=True,
                        sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(index_name(table), table_name=table)
