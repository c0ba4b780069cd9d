"""Counts of people become 64-bit: events.fatalities/injured and each incident's low/high/best.

PostgreSQL's INTEGER holds up to 2^31 - 1, so one count over it failed a whole ingest batch.
SQLite's INTEGER is 64-bit already (tables.Count keeps it INTEGER there), so on SQLite this
migration changes nothing: rebuilding ``events`` would drop its full-text triggers, and dropping
``incidents`` would trip the foreign keys that point at it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COUNTS = {
    "events": ("fatalities", "injured"),
    "incidents": ("fatalities_low", "fatalities_high", "fatalities_best",
                  "injured_low", "injured_high", "injured_best"),
}


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in COUNTS.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=True)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    # Fails on PostgreSQL if a stored count is over 2^31 - 1, rather than cut it.
    _retype(sa.BigInteger(), sa.Integer())
