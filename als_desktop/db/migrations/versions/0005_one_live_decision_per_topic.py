"""one live decision per topic

A patient keeps at most one live (not voided) advance care planning decision on each topic of
the guide: a partial unique index on (patient_id, topic) over the live rows.

A database may already hold two live decisions on a topic (saved at the same instant on two
workstations, or imported). Before the index is built the most recently changed one is kept
(it is the one the Palliative tab has been showing and letting the clinic edit) and the others
are voided with a reason naming the kept row: nothing is deleted, and a voided decision can
still be read and restored. Each void appends its entry to the change history in the same
transaction, as the program's writer would. Downgrade drops the index; decisions voided here
stay voided (the reason and the history say why).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:30:00
"""

import json
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

import als_desktop.models.base

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLE = 'care_planning_decisions'
INDEX = 'uq_care_planning_decisions_one_live_per_topic'
LIVE = 'voided_at IS NULL'
UPGRADE_AUTHOR = 'upgrade 0005'
UPGRADE_WORKSTATION = 'upgrade'
# Topic codes as the clinic says them (for the void reason).
TOPICS = {
    'resuscitation': 'resuscitation status',
    'ventilatory_support': 'ventilatory support',
    'nutrition_hydration': 'artificial nutrition and hydration',
    'place_of_death': 'preferred place of death',
}


def decisions() -> sa.TableClause:
    return sa.table(
        TABLE,
        sa.column('id', sa.Uuid()),
        sa.column('patient_id', sa.Uuid()),
        sa.column('topic', sa.String()),
        sa.column('version', sa.Integer()),
        sa.column('created_at', als_desktop.models.base.UTCDateTime()),
        sa.column('updated_at', als_desktop.models.base.UTCDateTime()),
        sa.column('updated_by', sa.String()),
        sa.column('voided_at', als_desktop.models.base.UTCDateTime()),
        sa.column('voided_by', sa.String()),
        sa.column('void_reason', sa.Text()),
    )


def history() -> sa.TableClause:
    return sa.table(
        'change_history',
        sa.column('recorded_at', als_desktop.models.base.UTCDateTime()),
        sa.column('actor', sa.String()), sa.column('workstation', sa.String()),
        sa.column('operation', sa.String()), sa.column('table_name', sa.String()),
        sa.column('row_id', sa.Uuid()), sa.column('patient_id', sa.Uuid()),
        sa.column('version_before', sa.Integer()), sa.column('version_after', sa.Integer()),
        sa.column('fields', sa.Text()), sa.column('reason', sa.Text()), sa.column('source', sa.Text()),
    )


# The history's JSON form of a value and of the changed fields, as services/writer.py writes them
# (copied rather than imported: a migration must keep working whatever the program becomes).
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


def void_second_live_decisions(now: datetime) -> None:
    """Keep the most recently changed live decision of each crowded topic; void the others."""
    rows = decisions()
    connection = op.get_bind()
    crowded = (
        sa.select(rows.c.patient_id, rows.c.topic)
        .where(rows.c.voided_at.is_(None))
        .group_by(rows.c.patient_id, rows.c.topic)
        .having(sa.func.count() > 1)
        .subquery()
    )
    live = connection.execute(
        sa.select(rows.c.id, rows.c.patient_id, rows.c.topic, rows.c.version, rows.c.created_at,
                  rows.c.updated_at, rows.c.voided_by, rows.c.void_reason)
        .join(crowded, sa.and_(rows.c.patient_id == crowded.c.patient_id, rows.c.topic == crowded.c.topic))
        .where(rows.c.voided_at.is_(None))
    ).all()
    by_topic: dict = {}
    for row in live:
        by_topic.setdefault((row.patient_id, row.topic), []).append(row)
    entries = []
    for (patient_id, topic), topic_rows in by_topic.items():
        # Latest change first; on a tie the latest created, then the id, so a rerun keeps the same one.
        kept, *others = sorted(topic_rows, key=lambda r: (r.updated_at, r.created_at, str(r.id)), reverse=True)
        reason = f'a second live decision on {TOPICS.get(topic, topic)}; kept {kept.id}'
        for row in others:
            connection.execute(
                sa.update(rows)
                .where(rows.c.id == row.id)
                .values(
                    voided_at=now,
                    voided_by=UPGRADE_AUTHOR,
                    void_reason=reason,
                    updated_at=now,
                    updated_by=UPGRADE_AUTHOR,
                    # A form still open on the voided decision is then refused as stale, not saved over it.
                    version=row.version + 1,
                )
            )
            entries.append({
                'recorded_at': now, 'actor': UPGRADE_AUTHOR, 'workstation': UPGRADE_WORKSTATION,
                'operation': 'void', 'table_name': TABLE, 'row_id': row.id, 'patient_id': patient_id,
                'version_before': row.version, 'version_after': row.version + 1,
                'fields': dump({
                    'voided_at': [None, plain(now)],
                    'voided_by': [plain(row.voided_by), UPGRADE_AUTHOR],
                    'void_reason': [plain(row.void_reason), reason],
                }),
                'reason': reason, 'source': None,
            })
    if entries:
        connection.execute(sa.insert(history()), entries)


def upgrade() -> None:
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    void_second_live_decisions(now)
    op.create_index(INDEX, TABLE, ['patient_id', 'topic'], unique=True,
                    sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
